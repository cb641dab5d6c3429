import { memberRoute } from "@/lib/api/handler";
import { rawDb } from "@/lib/db";
import { payoutAccountDto, savePayoutAccount, savedPayoutAccount } from "@/lib/earnings/payout";
import { PayoutAccountResponse, PayoutAccountSchema } from "@/lib/contracts/earnings";

export const GET = memberRoute(async ({ user }) => {
  const account = await rawDb().run(() => savedPayoutAccount(user.id));
  return { account: account ? payoutAccountDto(account) : null };
}, { response: PayoutAccountResponse });
export const PUT = memberRoute(async ({ user, body }) => {
  const input = await body(PayoutAccountSchema);
  const saved = await rawDb().transaction(() => savePayoutAccount(user.id, input));
  return { account: payoutAccountDto(saved) };
}, { response: PayoutAccountResponse });
