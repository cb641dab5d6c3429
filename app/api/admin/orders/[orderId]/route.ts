import { adminRoute } from "@/lib/api/handler";
import { adminOrderDetail } from "@/lib/orders/detail";

export const GET = adminRoute(async ({ params }) => adminOrderDetail(params.orderId));
