import { adminRoute } from "@/lib/api/handler";
import { OrderPushQuery, orderPushes } from "@/lib/orders/pushes";

export const GET = adminRoute(async ({ params, query }) => orderPushes(params.orderId, query(OrderPushQuery)));
