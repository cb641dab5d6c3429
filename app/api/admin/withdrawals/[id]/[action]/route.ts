import { adminRoute } from "@/lib/api/handler";
import { notFound } from "@/lib/api/errors";
import { parseId } from "@/lib/api/params";
import { review } from "@/lib/earnings/admin";
import { ReviewBody, ReviewedWithdrawal } from "@/lib/contracts/earnings";

const ACTIONS = ["approve", "reject", "pay"] as const;

export const POST = adminRoute(async ({ params, user, body }) => {
  const id = parseId(params.id, "提现申请");
  const action = ACTIONS.find((a) => a === params.action);
  if (!action) throw notFound("提现申请");
  return review(id, action, user.id, await body(ReviewBody));
}, { response: ReviewedWithdrawal });
