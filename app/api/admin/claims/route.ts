import { adminRoute } from "@/lib/api/handler";
import { listClaims } from "@/lib/promotion/claims";
import { AdminClaims, ClaimsQuery } from "@/lib/contracts/promotion";

export const GET = adminRoute(async ({ query }) => listClaims(query(ClaimsQuery).status), { response: AdminClaims });
