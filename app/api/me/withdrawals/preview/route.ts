import { memberRoute } from "@/lib/api/handler";
import { rawDb } from "@/lib/db";
import { previewWithdrawal } from "@/lib/earnings/withdrawals";
import { WithdrawalPreview, WithdrawalPreviewSchema } from "@/lib/contracts/earnings";

// Read-only (it runs in a transaction only so that the rows it plans are the rows a request would take).
export const POST = memberRoute(async ({ user, body }) => {
  const { amount } = await body(WithdrawalPreviewSchema);
  const raw = rawDb();
  return raw.transaction(() => previewWithdrawal(user.id, amount));
}, { response: WithdrawalPreview });
