// The invite landing (/register?invite=CODE): who invited you (their display name, never their login or phone),
// what members earn under the current rules, and the agreement versions the form asks the visitor to accept.
import { rawDb } from "../db";
import { q } from "../db/query";
import { currentRule } from "../earnings/rules";
import { currentAgreementsWork } from "../agreements";
import { fenToYuan } from "../money";

export type InviteState = { code: string; inviterName: string | null } | { code: string; unknown: true } | null;

/** The invite a code names: the inviter's display name (null when they set none), unknown, or none asked. */
async function inviteState(raw: string | undefined): Promise<InviteState> {
  const code = raw?.trim().toUpperCase();
  if (!code) return null;
  // Invite codes are short letters and digits (lib/accounts/ids.ts); anything else cannot name one.
  if (!/^[A-Z0-9]{1,32}$/.test(code)) return { code: code.slice(0, 32), unknown: true };
  const inviter = await rawDb().row(q.selectFrom("users").select("name").where("inviteCode", "=", code));
  return inviter ? { code, inviterName: inviter.name } : { code, unknown: true };
}

export async function inviteLanding(invite: string | undefined) {
  const [state, { rule, agreements }] = await Promise.all([
    inviteState(invite),
    rawDb().run(function* () {
      return { rule: yield* currentRule(), agreements: yield* currentAgreementsWork() };
    }),
  ]);
  return {
    invite: state,
    rates: rule.levels,
    hasBusinessLineRates: rule.overrides.length > 0,
    holdDays: rule.holdDays,
    minWithdrawal: fenToYuan(rule.minWithdrawalFen),
    versions: { terms: agreements.terms.version, privacy: agreements.privacy.version },
  };
}
export type InviteLanding = Awaited<ReturnType<typeof inviteLanding>>;
