// A member's money as the API returns it (summary, daily earnings, commission rows, team, withdrawals, payout
// account) and the admin's side of withdrawals, payout batches and settlement; and what the API accepts for them:
// a withdrawal (amount and payout account, checked as a transfer needs them), the review queue's filters and actions.
import { z } from "zod";
import { parseYuanToFen } from "../money";
import { cursorParam, Day, Instant, limitParam, MAX_INT4, MemberRef, page, PageQuery, Yuan } from "./common";
import {
  BASE_SOURCES,
  CommissionKindSchema,
  CommissionStatusSchema,
  LevelSchema,
  PAYOUT_METHODS,
  PayoutBatchStatusSchema,
  PayoutMethodSchema,
  WITHDRAWAL_STATUSES,
  WithdrawalStatusSchema,
  type PayoutMethod,
} from "./enums";

export const Summary = z.object({
  estimated: Yuan,
  pending: Yuan,
  available: Yuan,
  /** 可提现 as rows: available rows plus every 扣回 (negative). */
  availableRows: Yuan,
  clawbacks: Yuan,
  reserved: Yuan,
  withdrawn: Yuan,
  inReview: Yuan,
  todayEstimated: Yuan,
  monthEstimated: Yuan,
  /**
   * Beijing calendar months (lib/earnings/portal.ts): 预估 of a month = Σ the member's rows, not void, of the
   * orders paid (occurredAt) in it, 扣回 included; 结算 = Σ the rows that entered the balance in it (availableAt:
   * an earning when its hold ended, a 扣回/调整 when it was made).
   */
  lastMonthEstimated: Yuan,
  lastMonthSettled: Yuan,
  /** The months those are of, yyyy-mm. */
  months: z.object({ current: z.string(), last: z.string() }),
  minWithdrawal: Yuan,
});
export type Summary = z.infer<typeof Summary>;

export const DailyEarnings = z.object({ days: z.array(z.object({ day: Day, amount: Yuan })) });
export type DailyEarnings = z.infer<typeof DailyEarnings>;

export const CommissionItem = z.object({
  id: z.number().int(),
  /** null only when the order row is gone. */
  orderId: z.string().nullable(),
  orderTitle: z.string().nullable(),
  level: LevelSchema,
  kind: CommissionKindSchema,
  base: Yuan,
  rateBps: z.number().int(),
  amount: Yuan,
  status: CommissionStatusSchema,
  ruleVersion: z.number().int(),
  availableAt: Instant.nullable(),
  /** Why the row is what it is, in Chinese (e.g. 对账下调：订单 … 美团佣金 ¥9.44 → ¥4.72). */
  reason: z.string().nullable(),
  withdrawalId: z.number().int().nullable(),
  createdAt: Instant,
});
export type CommissionItem = z.infer<typeof CommissionItem>;
export const CommissionPage = page(CommissionItem);

/** A member's share of one order: the net of their rows, on the order's base. */
export const MemberOrderCommission = z.object({
  amount: Yuan,
  status: CommissionStatusSchema,
  level: LevelSchema,
  /** The order's base (美团佣金) as every view counts it. */
  base: Yuan,
  baseSource: z.enum(BASE_SOURCES),
  rateBps: z.number().int(),
  ruleVersion: z.number().int(),
  availableAt: Instant.nullable(),
  rows: z.array(CommissionItem),
});
export type MemberOrderCommission = z.infer<typeof MemberOrderCommission>;

export const Team = z.object({
  level1Count: z.number().int(),
  level2Count: z.number().int(),
  members: z.array(
    z.object({
      /** For the member's detail (GET /api/me/team/{id}). */
      id: z.string(),
      level: z.union([z.literal(1), z.literal(2)]),
      /** Masked. */
      username: z.string(),
      name: z.string().nullable(),
      joinedAt: Instant,
      orders: z.number().int(),
      earnedForMe: Yuan,
    }),
  ),
});
export type Team = z.infer<typeof Team>;

export const Withdrawal = z.object({
  id: z.number().int(),
  amount: Yuan,
  method: PayoutMethodSchema,
  /** Masked. */
  account: z.string(),
  realName: z.string().nullable(),
  bankName: z.string().nullable(),
  status: WithdrawalStatusSchema,
  note: z.string().nullable(),
  overrideReason: z.string().nullable(),
  batchId: z.number().int().nullable(),
  requestedAt: Instant,
  reviewedAt: Instant.nullable(),
  paidAt: Instant.nullable(),
});
export type Withdrawal = z.infer<typeof Withdrawal>;
export const WithdrawalPage = page(Withdrawal);

/** A withdrawal just requested: how many commission rows it reserved. */
export const WithdrawalCreated = z.object({ id: z.number().int(), status: WithdrawalStatusSchema, amount: Yuan, rows: z.number().int() });
export type WithdrawalCreated = z.infer<typeof WithdrawalCreated>;

export const PayoutAccount = z.object({
  method: PayoutMethodSchema,
  /** Masked. */
  account: z.string(),
  realName: z.string(),
  bankName: z.string().nullable(),
});
export type PayoutAccount = z.infer<typeof PayoutAccount>;
export const PayoutAccountResponse = z.object({ account: PayoutAccount.nullable() });

export const WithdrawalPreview = z.object({
  amount: Yuan,
  balanceAfter: Yuan,
  rows: z.array(z.object({ orderId: z.string(), level: LevelSchema, amount: Yuan, split: z.boolean() })),
  account: PayoutAccount.nullable(),
});
export type WithdrawalPreview = z.infer<typeof WithdrawalPreview>;

/** Why a request deserves a closer look: the member's record and the server's flags (Chinese; empty: nothing). */
export const WithdrawalRisk = z.object({
  /** A fraction 0–1. */
  refundRate: z.number(),
  orders: z.number().int(),
  downline: z.number().int(),
  accountAgeDays: z.number().int(),
  flags: z.array(z.string()),
});
export type WithdrawalRisk = z.infer<typeof WithdrawalRisk>;

/** The admin's view of a withdrawal (also what reviewing one returns). */
export const ReviewedWithdrawal = Withdrawal.extend({ memberId: z.string(), memberUsername: z.string().nullable() });
export type ReviewedWithdrawal = z.infer<typeof ReviewedWithdrawal>;

export const AdminWithdrawal = ReviewedWithdrawal.extend({
  memberName: z.string().nullable(),
  member: MemberRef.nullable(),
  /** The member's 可提现 now (every request not rejected deducted). */
  memberAvailable: Yuan,
  /** For an open request: what the member could withdraw without it, what it leaves, how its orders moved since. */
  coverage: z.object({ availableWithout: Yuan, leaves: Yuan, covered: z.boolean(), changedSinceRequest: Yuan }).nullable(),
  risk: WithdrawalRisk.nullable(),
});
export type AdminWithdrawal = z.infer<typeof AdminWithdrawal>;
export const AdminWithdrawalPage = page(AdminWithdrawal);

export const BulkApproveResult = z.object({
  approved: z.array(z.number().int()),
  /** Flagged by risk: approved one by one, after a look. */
  skipped: z.array(z.object({ id: z.number().int(), member: z.string().nullable(), amount: Yuan, flags: z.array(z.string()) })),
  failed: z.array(z.object({ id: z.number().int(), message: z.string() })),
});
export type BulkApproveResult = z.infer<typeof BulkApproveResult>;

export const PayoutBatch = z.object({
  id: z.number().int(),
  status: PayoutBatchStatusSchema,
  count: z.number().int(),
  total: Yuan,
  createdAt: Instant,
  paidAt: Instant.nullable(),
});
export type PayoutBatch = z.infer<typeof PayoutBatch>;

export const PayoutBatches = z.object({ items: z.array(PayoutBatch), unexported: z.object({ count: z.number().int(), total: Yuan }) });
export type PayoutBatches = z.infer<typeof PayoutBatches>;

export const PayoutBatchPaid = z.object({ batch: PayoutBatch, paid: z.array(z.number().int()), skipped: z.array(z.number().int()), alreadyPaid: z.boolean() });
export type PayoutBatchPaid = z.infer<typeof PayoutBatchPaid>;

export const SettlementPreview = z.object({ rows: z.number().int(), amount: Yuan, members: z.number().int() });
export type SettlementPreview = z.infer<typeof SettlementPreview>;

export const SettlementRun = z.object({ settled: z.number().int() });
export type SettlementRun = z.infer<typeof SettlementRun>;

// ---- requests ----------------------------------------------------------------------------------------------------

export const DailyQuery = z.object({ days: z.coerce.number().int("days 必须是整数").min(1, "days 至少为 1").max(366, "days 最多为 366").default(30) });

export const MemberCommissionQuery = PageQuery.extend({
  withdrawalId: z.coerce.number({ error: "提现单号无效" }).int("提现单号无效").positive("提现单号无效").max(MAX_INT4, "提现单号无效").optional(),
});

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

const amountField = z
  .string({ error: "请输入提现金额" })
  .refine((v) => {
    const fen = parseYuanToFen(v);
    return fen !== null && fen > 0 && fen <= 100_000_000;
  }, "请输入有效的提现金额（不超过 ¥1,000,000.00），例如 10.00");

export const WithdrawalPreviewSchema = z.object({ amount: amountField });

/**
 * A request: the amount, and optionally the payout account (saved as the member's account when given; otherwise
 * the saved one is used).
 */
export const WithdrawalRequestSchema = z
  .object({
    amount: z.unknown(),
    method: z.unknown().optional(),
    account: z.unknown().optional(),
    realName: z.unknown().optional(),
    bankName: z.unknown().optional(),
  })
  .transform((v, ctx) => {
    // Both parts are checked, so a form with several mistakes gets every field's message at once.
    const amount = amountField.safeParse(v.amount);
    const given = v.method !== undefined || v.account !== undefined || v.realName !== undefined;
    const payout = given ? PayoutAccountSchema.safeParse({ method: v.method, account: v.account, realName: v.realName, bankName: v.bankName }) : null;
    for (const issue of [...(amount.error?.issues.map((i) => ({ ...i, path: ["amount"] })) ?? []), ...(payout?.error?.issues ?? [])]) {
      ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
    }
    if (!amount.success || (payout && !payout.success)) return z.NEVER;
    return { amount: amount.data, payout: payout?.data ?? null };
  });

export const AdminWithdrawalQuery = z.object({
  status: z.enum(WITHDRAWAL_STATUSES, { error: "状态无效" }).optional(),
  memberId: z.string().max(64).optional(),
  batchId: z.coerce.number({ error: "批次号无效" }).int("批次号无效").positive("批次号无效").max(MAX_INT4, "批次号无效").optional(),
  cursor: cursorParam,
  limit: limitParam(50),
});

export const ReviewBody = z.object({
  note: z.string().trim().max(500, "备注最多 500 字").optional(),
  overrideReason: z.string().trim().max(500, "原因最多 500 字").optional(),
});

export const BulkApproveBody = z.object({
  ids: z.array(z.number().int().positive().max(MAX_INT4), { error: "请选择提现申请" }).min(1, "请选择提现申请").max(200, "一次最多 200 条"),
  note: z.string().trim().max(500, "备注最多 500 字").optional(),
});

export const PayBatchBody = z.object({ overrideReason: z.string().trim().max(500, "原因最多 500 字").optional() });
