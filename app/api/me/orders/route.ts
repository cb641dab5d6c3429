import { memberRoute } from "@/lib/api/handler";
import { listMemberOrders, PageQuery } from "@/lib/orders/queries";

export const GET = memberRoute(async ({ user, query }) => listMemberOrders(user.id, query(PageQuery)));
