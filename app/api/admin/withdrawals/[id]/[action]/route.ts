import { adminRoute } from "@/lib/api/handler";
import { notFound } from "@/lib/api/errors";
import { review, ReviewBody } from "@/lib/earnings/admin";

const ACTIONS = ["approve", "reject", "pay"] as const;

export const POST = adminRoute(async ({ params, user, body }) => {
  const action = ACTIONS.find((a) => a === params.action);
  const id = Number(params.id);
  if (!action || !Number.isSafeInteger(id) || id <= 0) throw notFound("提现申请");
  const { note } = await body(ReviewBody);
  return review(id, action, user.id, note);
});
