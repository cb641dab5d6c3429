import { adminRoute } from "@/lib/api/handler";
import { adminOrderDetail } from "@/lib/orders/detail";
import { AdminOrderDetail } from "@/lib/contracts/orders";

export const GET = adminRoute(async ({ params }) => adminOrderDetail(params.orderId), { response: AdminOrderDetail });
