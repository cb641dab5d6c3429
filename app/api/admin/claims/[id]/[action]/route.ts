import { adminRoute } from "@/lib/api/handler";
import { notFound } from "@/lib/api/errors";
import { ClaimReviewBody, reviewClaim } from "@/lib/promotion/claims";

export const POST = adminRoute(async ({ params, body, user }) => {
  const id = Number(params.id);
  const action = params.action === "approve" || params.action === "reject" ? params.action : null;
  if (!action || !Number.isSafeInteger(id) || id <= 0) throw notFound("找回申请");
  return reviewClaim(id, action, user.id, (await body(ClaimReviewBody)).note);
});
