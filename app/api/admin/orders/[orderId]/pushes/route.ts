import { adminRoute } from "@/lib/api/handler";
import { orderPushes } from "@/lib/orders/pushes";
import { OrderPushQuery, PushPage } from "@/lib/contracts/orders";

export const GET = adminRoute(async ({ params, query }) => orderPushes(params.orderId, query(OrderPushQuery)), { response: PushPage });
