import { adminRoute } from "@/lib/api/handler";
import { read } from "@/lib/reads";
import { AdminOrderPage, AdminOrderQuery } from "@/lib/contracts/orders";

export const GET = adminRoute(async ({ query }) => read("listAdminOrders", query(AdminOrderQuery)), { response: AdminOrderPage });
