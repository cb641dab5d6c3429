import { adminRoute } from "@/lib/api/handler";
import { listAdminOrders } from "@/lib/orders/queries";
import { AdminOrderPage, AdminOrderQuery } from "@/lib/contracts/orders";

export const GET = adminRoute(async ({ query }) => listAdminOrders(query(AdminOrderQuery)), { response: AdminOrderPage });
