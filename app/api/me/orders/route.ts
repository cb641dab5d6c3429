import { memberRoute } from "@/lib/api/handler";
import { listMemberOrders } from "@/lib/orders/queries";
import { MemberOrderPage, MemberOrderQuery } from "@/lib/contracts/orders";

export const GET = memberRoute(async ({ user, query }) => listMemberOrders(user.id, query(MemberOrderQuery)), { response: MemberOrderPage });
