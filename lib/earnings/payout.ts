// Payout accounts: where a member wants to be paid, saved once and copied into every withdrawal, so that an
// operator has what a transfer needs (支付宝 account and real name; 微信号 and real name; bank, card and holder).
import type { Selectable } from "kysely";
import type { PayoutAccountInput } from "../contracts/earnings";
import { exec, first, q, type DB, type Work } from "../db/query";
import type { PayoutMethod } from "../labels";


export type PayoutAccount = Omit<Pick<Selectable<DB["payout_accounts"]>, "method" | "account" | "realName" | "bankName">, "method"> & { method: PayoutMethod };

export function maskUsername(username: string): string {
  if (/^1\d{10}$/.test(username)) return `${username.slice(0, 3)}****${username.slice(7)}`;
  const at = username.indexOf("@");
  if (at > 0) return `${username[0]}***${username.slice(at)}`;
  return `${username.slice(0, 2)}***`;
}

/** How lists show an account: 138****8000, a***@example.com, **** **** **** 1234, wx***ng. */
export function maskAccount(account: string, method?: string): string {
  if (method === "bank" || /^\d{12,}$/.test(account)) return `**** **** **** ${account.slice(-4)}`;
  if (account.length <= 4) return "****";
  if (account.includes("@") || /^1\d{10}$/.test(account)) return maskUsername(account);
  return `${account.slice(0, 2)}***${account.slice(-2)}`;
}

export function payoutAccountDto(a: PayoutAccount, masked = true) {
  return { method: a.method, account: masked ? maskAccount(a.account, a.method) : a.account, realName: a.realName, bankName: a.bankName };
}

export function* savedPayoutAccount(memberId: string): Work<PayoutAccount | null> {
  const a = yield* first(q.selectFrom("payout_accounts").select(["method", "account", "realName", "bankName"]).where("memberId", "=", memberId));
  return a ? { ...a, method: a.method as PayoutMethod } : null;
}

export function* savePayoutAccount(memberId: string, a: PayoutAccountInput, now = new Date()): Work<PayoutAccount> {
  yield* exec(
    q.insertInto("payout_accounts")
      .values({ memberId, method: a.method, account: a.account, realName: a.realName, bankName: a.bankName, createdAt: now, updatedAt: now })
      .onConflict((oc) =>
        oc.column("memberId").doUpdateSet((eb) => ({
          method: eb.ref("excluded.method"),
          account: eb.ref("excluded.account"),
          realName: eb.ref("excluded.realName"),
          bankName: eb.ref("excluded.bankName"),
          updatedAt: eb.ref("excluded.updatedAt"),
        })),
      ),
  );
  return a;
}
