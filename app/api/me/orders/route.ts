import { memberRoute } from "@/lib/api/handler";
import { read } from "@/lib/reads";
import { MemberOrderPage, MemberOrderQuery } from "@/lib/contracts/orders";

export const GET = memberRoute(async ({ user, query }) => read("listMemberOrders", user.id, query(MemberOrderQuery)), { response: MemberOrderPage });
