import { adminRoute } from "@/lib/api/handler";
import { ClaimsQuery, listClaims } from "@/lib/promotion/claims";
import { AdminClaims } from "@/lib/contracts/promotion";

export const GET = adminRoute(async ({ query }) => listClaims(query(ClaimsQuery).status), { response: AdminClaims });
