// Payout accounts: where a member wants to be paid, saved once and copied into every withdrawal, so that an
// operator has what a transfer needs (支付宝 account and real name; 微信号 and real name; bank, card and holder).
import type { Selectable } from "kysely";
import { z } from "zod";
import { exec, first, q, type DB, type Work } from "../db/query";
import { PAYOUT_METHODS, type PayoutMethod } from "../labels";

const PHONE = /^1[3-9]\d{9}$/;
const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[A-Za-z]{2,}$/;
// 微信号: 6–20 letters, digits, _ or -, starting with a letter; a bound phone number also finds the account.
const WECHAT_ID = /^[A-Za-z][-_A-Za-z0-9]{5,19}$/;
// Chinese names (with the middle dot of minority and foreign names) or Latin letters and spaces.
const REAL_NAME = /^(?:[\u4e00-\u9fa5·]{2,20}|[A-Za-z][A-Za-z .'-]{1,39})$/;

/** Luhn check digit: bank card numbers carry one, so a mistyped digit is caught before money is sent. */
export function luhnValid(digits: string): boolean {
  let total = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    total += d;
  }
  return total % 10 === 0;
}

const normalizeAccount = (method: PayoutMethod, account: string) => (method === "bank" ? account.replace(/[\s-]/g, "") : account.trim());

export const PayoutAccountSchema = z
  .object({
    method: z.enum(PAYOUT_METHODS, { error: "请选择收款方式" }),
    // Emptiness is checked below, so that every field's message comes at once.
    account: z.string({ error: "请输入收款账号" }).trim().max(64, "收款账号过长").default(""),
    realName: z.string({ error: "请输入真实姓名" }).trim().max(40, "姓名过长").default(""),
    bankName: z.string().trim().max(30, "开户银行名称过长").optional(),
  })
  .superRefine((v, ctx) => {
    const account = normalizeAccount(v.method, v.account);
    const accountError = !account
      ? "请输入收款账号"
      : v.method === "alipay"
        ? PHONE.test(account) || EMAIL.test(account)
          ? null
          : "支付宝账号应为手机号或邮箱"
        : v.method === "wechat"
          ? WECHAT_ID.test(account) || PHONE.test(account)
            ? null
            : "微信号应为 6–20 位字母、数字、下划线或减号（以字母开头），或绑定的手机号"
          : !/^\d{12,19}$/.test(account)
            ? "银行卡号应为 12–19 位数字"
            : !luhnValid(account)
              ? "银行卡号校验未通过，请核对后重新输入"
              : null;
    if (accountError) ctx.addIssue({ code: "custom", path: ["account"], message: accountError });
    if (!v.realName) ctx.addIssue({ code: "custom", path: ["realName"], message: "请输入真实姓名" });
    else if (!REAL_NAME.test(v.realName)) ctx.addIssue({ code: "custom", path: ["realName"], message: "请输入与收款账户一致的真实姓名（2–20 个汉字或英文字母）" });
    if (v.method === "bank" && (!v.bankName || v.bankName.length < 2)) ctx.addIssue({ code: "custom", path: ["bankName"], message: "请填写开户银行，如 招商银行" });
  })
  .transform((v) => ({ method: v.method, account: normalizeAccount(v.method, v.account), realName: v.realName, bankName: v.method === "bank" ? (v.bankName ?? null) : null }));
export type PayoutAccountInput = z.infer<typeof PayoutAccountSchema>;

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
