import { adminRoute } from "@/lib/api/handler";
import { adminOrderDetail } from "@/lib/orders/queries";

export const GET = adminRoute(async ({ params }) => adminOrderDetail(params.orderId));
