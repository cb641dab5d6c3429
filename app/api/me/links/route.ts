import { memberRoute } from "@/lib/api/handler";
import { LinkBody, memberLink } from "@/lib/promotion/links";

export const POST = memberRoute(async ({ body, user }) => memberLink(user, await body(LinkBody)));
