import { memberRoute } from "@/lib/api/handler";
import { rawDb } from "@/lib/db";
import { CommissionPageQuery, memberWithdrawals } from "@/lib/earnings/portal";
import { requestWithdrawal, WithdrawalRequestSchema } from "@/lib/earnings/withdrawals";
import { WithdrawalCreated, WithdrawalPage } from "@/lib/contracts/earnings";

export const GET = memberRoute(async ({ user, query }) => memberWithdrawals(user.id, query(CommissionPageQuery)), { response: WithdrawalPage });
export const POST = memberRoute(async ({ user, body }) => {
  const input = await body(WithdrawalRequestSchema);
  const raw = rawDb();
  const created = await raw.transaction(() => requestWithdrawal(user.id, input));
  return created;
}, { response: WithdrawalCreated, status: 201 });
