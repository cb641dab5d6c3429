// Our short links (/s/{code}): a click is recorded and the visitor sent to Meituan (lib/links/redirect.ts).
import { publicRoute } from "@/lib/api/handler";
import { shortLinkResponse } from "@/lib/links/redirect";

export const dynamic = "force-dynamic";

export const GET = publicRoute(async ({ req, params }) => shortLinkResponse(req, params.code ?? ""));
export const HEAD = GET;
