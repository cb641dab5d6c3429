import { memberRoute } from "@/lib/api/handler";
import { ClaimBody, claimOrder, memberClaims } from "@/lib/promotion/claims";

export const GET = memberRoute(async ({ user }) => memberClaims(user.id));

export const POST = memberRoute(async ({ body, user }) => Response.json(await claimOrder(user.id, await body(ClaimBody)), { status: 201 }));
