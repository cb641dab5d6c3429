import { memberRoute } from "@/lib/api/handler";
import { listMemberOrders } from "@/lib/orders/queries";
import { MemberOrderPage } from "@/lib/contracts/orders";
import { PageQuery } from "@/lib/contracts/common";

export const GET = memberRoute(async ({ user, query }) => listMemberOrders(user.id, query(PageQuery)), { response: MemberOrderPage });
