import { adminRoute } from "@/lib/api/handler";
import { rawDb } from "@/lib/db";
import { rebindInviter } from "@/lib/accounts/referrals";
import { InviterChanged, RebindSchema } from "@/lib/contracts/members";

export const POST = adminRoute(async ({ params, user, body }) => {
  const input = await body(RebindSchema);
  const raw = rawDb();
  return raw.transaction(() => rebindInviter(params.id, input, user.id));
}, { response: InviterChanged });
