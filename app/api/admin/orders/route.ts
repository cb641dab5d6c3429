import { adminRoute } from "@/lib/api/handler";
import { AdminOrderQuery, listAdminOrders } from "@/lib/orders/queries";

export const GET = adminRoute(async ({ query }) => listAdminOrders(query(AdminOrderQuery)));
