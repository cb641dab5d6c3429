import { memberRoute } from "@/lib/api/handler";
import { LinkBody, memberLink } from "@/lib/promotion/links";
import { PromoLink } from "@/lib/contracts/promotion";

export const POST = memberRoute(async ({ body, user }) => memberLink(user, await body(LinkBody)), { response: PromoLink });
