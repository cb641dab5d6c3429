// A member's money as the API returns it (summary, daily earnings, commission rows, team, withdrawals, payout
// account) and the admin's side of withdrawals, payout batches and settlement.
import { z } from "zod";
import { Day, Instant, MemberRef, page, Yuan } from "./common";
import { BASE_SOURCES, CommissionKindSchema, CommissionStatusSchema, LevelSchema, PayoutBatchStatusSchema, PayoutMethodSchema, WithdrawalStatusSchema } from "./enums";

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
