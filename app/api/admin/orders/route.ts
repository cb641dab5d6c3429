import { adminRoute } from "@/lib/api/handler";
import { AdminOrderQuery, listAdminOrders } from "@/lib/orders/queries";
import { AdminOrderPage } from "@/lib/contracts/orders";

export const GET = adminRoute(async ({ query }) => listAdminOrders(query(AdminOrderQuery)), { response: AdminOrderPage });
