import { adminRoute } from "@/lib/api/handler";
import { ClaimsQuery, listClaims } from "@/lib/promotion/claims";

export const GET = adminRoute(async ({ query }) => listClaims(query(ClaimsQuery).status));
