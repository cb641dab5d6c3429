import { adminRoute } from "@/lib/api/handler";
import { notFound } from "@/lib/api/errors";
import { parseId } from "@/lib/api/params";
import { reviewClaim } from "@/lib/promotion/claims";
import { ClaimResult, ClaimReviewBody } from "@/lib/contracts/promotion";

export const POST = adminRoute(async ({ params, body, user }) => {
  const id = parseId(params.id, "找回申请");
  const action = params.action === "approve" || params.action === "reject" ? params.action : null;
  if (!action) throw notFound("找回申请");
  return reviewClaim(id, action, user.id, (await body(ClaimReviewBody)).note);
}, { response: ClaimResult });
