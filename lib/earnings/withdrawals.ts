// Withdrawals: a member asks for money from their available balance; an admin approves, rejects or pays.
// The request locks the member (PostgreSQL row lock; SQLite's single writer) while the balance is summed, so two
// requests at the same moment can never spend the same money. A paid withdrawal marks the rows it covers as
// withdrawn, oldest first, so a later refund of those orders is clawed back instead of voided.
import { z } from "zod";
import { ApiError } from "../api/errors";
import { audit } from "../audit";
import { one, type Dialect, type Work } from "../db/sql";
import { fenToYuan, parseYuanToFen } from "../money";
import { recordCommissionEvent } from "./ledger";
import { currentRule } from "./rules";

export const WITHDRAWAL_METHODS = ["alipay", "wechat", "bank"] as const;
export type WithdrawalStatus = "pending" | "approved" | "rejected" | "paid";

export const WithdrawalRequestSchema = z
  .object({
    amount: z
      .string({ error: "请输入提现金额" })
      .refine((v) => {
        const fen = parseYuanToFen(v);
        return fen !== null && fen > 0 && fen <= 100_000_000;
      }, "请输入有效的提现金额（不超过 ¥1,000,000.00），例如 10.00"),
    method: z.enum(WITHDRAWAL_METHODS, { error: "请选择提现方式" }),
    account: z.string({ error: "请输入收款账号" }).trim().min(1, "请输入收款账号").max(64, "收款账号过长"),
  })
  .superRefine((v, ctx) => {
    const ok =
      v.method === "bank" ? /^\d{12,30}$/.test(v.account.replace(/\s/g, "")) : v.method === "alipay" ? /^(1[3-9]\d{9}|[^\s@]+@[^\s@]+\.[^\s@]+)$/.test(v.account) : /^[A-Za-z0-9_-]{5,64}$/.test(v.account);
    if (!ok) {
      const msg = { bank: "银行卡号应为 12–30 位数字", alipay: "支付宝账号应为手机号或邮箱", wechat: "微信号应为 5–64 位字母、数字、下划线或减号" }[v.method];
      ctx.addIssue({ code: "custom", path: ["account"], message: msg });
    }
  });

/** What the member can withdraw: settled earnings (net of clawbacks) minus every withdrawal not rejected. */
export function* availableBalanceFen(memberId: string): Work<number> {
  const [earned] = yield* one(
    `SELECT COALESCE(SUM("amountFen"), 0) AS "total" FROM commissions WHERE "beneficiaryId" = ? AND "status" IN ('available', 'withdrawn', 'clawback')`,
    [memberId],
  );
  const [out] = yield* one(`SELECT COALESCE(SUM("amountFen"), 0) AS "total" FROM withdrawals WHERE "memberId" = ? AND "status" <> 'rejected'`, [memberId]);
  return Number(earned.total) - Number(out.total);
}

export function* requestWithdrawal(
  memberId: string,
  input: z.infer<typeof WithdrawalRequestSchema>,
  dialect: Dialect,
  now = new Date(),
): Work<{ id: number; status: WithdrawalStatus; amount: string }> {
  yield* one(`SELECT "id" FROM users WHERE "id" = ?${dialect === "pg" ? " FOR UPDATE" : ""}`, [memberId]);
  const amountFen = parseYuanToFen(input.amount)!;
  const rule = yield* currentRule();
  if (amountFen < rule.minWithdrawalFen) {
    throw new ApiError(422, "below_minimum", `最低提现金额为 ¥${fenToYuan(rule.minWithdrawalFen)}`, { amount: [`最低提现金额为 ¥${fenToYuan(rule.minWithdrawalFen)}`] });
  }
  const balance = yield* availableBalanceFen(memberId);
  if (amountFen > balance) {
    const msg = balance > 0 ? `可提现余额不足，当前最多可提 ¥${fenToYuan(balance)}` : "当前没有可提现的余额";
    throw new ApiError(422, "insufficient_balance", msg, { amount: [msg] });
  }
  const account = input.method === "bank" ? input.account.replace(/\s/g, "") : input.account;
  const [row] = yield* one(
    `INSERT INTO withdrawals ("memberId", "amountFen", "method", "account", "status", "requestedAt") VALUES (?, ?, ?, ?, 'pending', ?) RETURNING "id"`,
    [memberId, amountFen, input.method, account, now],
  );
  return { id: Number(row.id), status: "pending", amount: fenToYuan(amountFen) };
}

const TRANSITIONS: Record<"approve" | "reject" | "pay", { from: WithdrawalStatus[]; to: WithdrawalStatus }> = {
  approve: { from: ["pending"], to: "approved" },
  reject: { from: ["pending", "approved"], to: "rejected" },
  pay: { from: ["approved"], to: "paid" },
};
const STATUS_LABEL: Record<WithdrawalStatus, string> = { pending: "待审核", approved: "已通过", rejected: "已驳回", paid: "已打款" };

export type ReviewAction = keyof typeof TRANSITIONS;

export function* reviewWithdrawal(id: number, action: ReviewAction, actorId: string, note: string | null, dialect: Dialect, now = new Date()): Work<Record<string, unknown>> {
  const [before] = yield* one(`SELECT * FROM withdrawals WHERE "id" = ?${dialect === "pg" ? " FOR UPDATE" : ""}`, [id]);
  if (!before) throw new ApiError(404, "not_found", "提现申请不存在");
  const t = TRANSITIONS[action];
  const from = before.status as WithdrawalStatus;
  if (!t.from.includes(from)) throw new ApiError(409, "invalid_state", `该申请当前为「${STATUS_LABEL[from]}」，不能${{ approve: "通过", reject: "驳回", pay: "标记已打款" }[action]}`);
  const [after] = yield* one(
    `UPDATE withdrawals SET "status" = ?, "note" = COALESCE(?, "note"), "reviewedById" = ?, "reviewedAt" = ?, "paidAt" = ? WHERE "id" = ? AND "status" = ? RETURNING *`,
    [t.to, note, actorId, now, t.to === "paid" ? now : null, id, from],
  );
  yield* audit({ actorId, action: `withdrawal.${action}`, targetType: "withdrawal", targetId: String(id), before: { status: from }, after: { status: t.to, note }, reason: note }, now);
  if (t.to === "paid") yield* markWithdrawnRows(String(after.memberId), now);
  return after;
}

/** Marks available rows as withdrawn, oldest first, as far as the member's paid withdrawals cover them whole. */
function* markWithdrawnRows(memberId: string, now: Date): Work<void> {
  const [paid] = yield* one(`SELECT COALESCE(SUM("amountFen"), 0) AS "total" FROM withdrawals WHERE "memberId" = ? AND "status" = 'paid'`, [memberId]);
  const [covered] = yield* one(`SELECT COALESCE(SUM("amountFen"), 0) AS "total" FROM commissions WHERE "beneficiaryId" = ? AND "status" = 'withdrawn'`, [memberId]);
  let room = Number(paid.total) - Number(covered.total);
  const rows = yield* one(
    `SELECT "id", "orderRef", "amountFen" FROM commissions WHERE "beneficiaryId" = ? AND "status" = 'available' ORDER BY "availableAt", "id"`,
    [memberId],
  );
  for (const row of rows) {
    const amountFen = Number(row.amountFen);
    if (amountFen > room) break;
    const changed = yield* one(`UPDATE commissions SET "status" = 'withdrawn', "updatedAt" = ? WHERE "id" = ? AND "status" = 'available' RETURNING "id"`, [now, row.id]);
    if (!changed.length) continue;
    room -= amountFen;
    yield* recordCommissionEvent(Number(row.id), Number(row.orderRef), { status: "available", amountFen }, { status: "withdrawn", amountFen }, "withdrawn", now);
  }
}
