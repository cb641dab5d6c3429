import { memberRoute } from "@/lib/api/handler";
import { MemberFunnel, MemberFunnelQuery } from "@/lib/contracts/links";
import { memberFunnel } from "@/lib/links/funnel";

export const GET = memberRoute(async ({ query, user, req }) => memberFunnel(user.id, query(MemberFunnelQuery).days, req.nextUrl.origin), { response: MemberFunnel });
