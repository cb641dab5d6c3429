import { memberRoute } from "@/lib/api/handler";
import { rawDb } from "@/lib/db";
import { read } from "@/lib/reads";
import { requestWithdrawal } from "@/lib/earnings/withdrawals";
import { WithdrawalCreated, WithdrawalPage, WithdrawalRequestSchema } from "@/lib/contracts/earnings";
import { PageQuery } from "@/lib/contracts/common";

export const GET = memberRoute(async ({ user, query }) => read("memberWithdrawals", user.id, query(PageQuery)), { response: WithdrawalPage });
export const POST = memberRoute(async ({ user, body }) => {
  const input = await body(WithdrawalRequestSchema);
  const raw = rawDb();
  const created = await raw.transaction(() => requestWithdrawal(user.id, input));
  return created;
}, { response: WithdrawalCreated, status: 201 });
