import { memberRoute } from "@/lib/api/handler";
import { LinkBody, memberLink } from "@/lib/promotion/links";
import { PromoLink } from "@/lib/contracts/promotion";
import { MemberLinks } from "@/lib/contracts/links";
import { memberLinks } from "@/lib/links/funnel";

export const GET = memberRoute(async ({ user, req }) => ({ items: await memberLinks(user.id, req.nextUrl.origin) }), { response: MemberLinks });
export const POST = memberRoute(async ({ body, user, req }) => memberLink(user, await body(LinkBody), req.nextUrl.origin), { response: PromoLink });
