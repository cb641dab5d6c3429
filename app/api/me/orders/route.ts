import { memberRoute } from "@/lib/api/handler";
import { listMemberOrders, PageQuery } from "@/lib/orders/queries";
import { MemberOrderPage } from "@/lib/contracts/orders";

export const GET = memberRoute(async ({ user, query }) => listMemberOrders(user.id, query(PageQuery)), { response: MemberOrderPage });
