import { memberRoute } from "@/lib/api/handler";
import { claimOrder, memberClaims } from "@/lib/promotion/claims";
import { ClaimBody, ClaimResult, Claims } from "@/lib/contracts/promotion";

export const GET = memberRoute(async ({ user }) => memberClaims(user.id), { response: Claims });
export const POST = memberRoute(async ({ body, user }) => await claimOrder(user.id, await body(ClaimBody)), { response: ClaimResult, status: 201 });
