// Withdrawals. A request reserves the commission rows it covers, oldest first, at their current amounts (提现中):
// the request's amount is exactly the sum it reserved. The last row is split when the amount ends inside it, so
// a member can withdraw any amount of their balance, and sees that amount before confirming. Reserved rows never
// change amount again: a later change of an order's base adds a 扣回/调整 row (lib/earnings/ledger.ts). A
// rejected request releases its rows; a paid one turns them 已提现.
//
// A request or a review locks the member (PostgreSQL row lock; SQLite's single writer) while the balance is
// summed, so two requests at once can never spend the same money. Approving or paying a request the balance no
// longer covers (a 扣回 made it negative) is refused with 409 unless the admin gives a reason, which is audited.
import { sql, type Selectable } from "kysely";
import type { z } from "zod";
import type { WithdrawalRequestSchema } from "../contracts/earnings";
import { ApiError } from "../api/errors";
import { audit } from "../audit";
import { afterCommit, changes, exec, first, q, type DB, type Work } from "../db/query";
import { wakeAdmins } from "../live/bus";
import { notify } from "../notify/outbox";
import { fenToYuan, parseYuanToFen } from "../money";
import { WITHDRAWAL_STATUS_LABEL, type WithdrawalStatus } from "../labels";
import { recordCommissionEvent } from "./ledger";
import { LEVELS, storedCode, type NotificationKind } from "../contracts/enums";
import { attachLegacyWithdrawals } from "./legacy";
import { maskAccount, savePayoutAccount, savedPayoutAccount, type PayoutAccount } from "./payout";
import { currentRule } from "./rules";
import { BALANCE_ROW_STATUSES, balanceMoved } from "../rollups/balances";

/** A sum over an integer column: PostgreSQL's SUM of integers is a bigint (text), SQLite's a number. */
const total = (column: "amountFen" | "a.amountFen") => sql<number>`COALESCE(SUM(${sql.ref(column)}), 0)`.as("total");

/** Locks the member (PostgreSQL; SQLite's single writer needs nothing) so their balance cannot move meanwhile. */
export function* lockMember(memberId: string): Work<void> {
  yield* exec(q.selectFrom("users").select("id").where("id", "=", memberId).forUpdate());
}

/** What the member can withdraw: settled rows (net of 扣回) minus every withdrawal not rejected. */
export function* availableBalanceFen(memberId: string): Work<number> {
  const [earned] = yield* exec(
    q.selectFrom("commissions").select(total("amountFen")).where("beneficiaryId", "=", memberId).where("status", "in", BALANCE_ROW_STATUSES),
  );
  const [out] = yield* exec(q.selectFrom("withdrawals").select(total("amountFen")).where("memberId", "=", memberId).where("status", "<>", "rejected"));
  return Number(earned.total) - Number(out.total);
}

/**
 * The member's rows of this status no withdrawal holds, locked in id order (the ledger locks an order's rows in id
 * order too), then sorted oldest first: what a withdrawal takes.
 */
export function* candidateRows(memberId: string, status: "available" | "withdrawn", onlyUnattached: boolean): Work<Candidate[]> {
  const rows = yield* exec(
    q.selectFrom("commissions as c").innerJoin("orders as o", "o.id", "c.orderRef")
      .select(["c.id", "c.orderRef", "c.beneficiaryId", "c.level", "c.amountFen", "c.availableAt", "o.orderId"])
      .where("c.beneficiaryId", "=", memberId).where("c.status", "=", status).where("c.amountFen", ">", 0)
      .$if(onlyUnattached, (w) => w.where("c.withdrawalId", "is", null))
      .orderBy("c.id")
      .forUpdate("c"),
  );
  const time = (d: Date | null) => d?.getTime() ?? 0;
  rows.sort((a, b) => time(a.availableAt) - time(b.availableAt) || a.id - b.id);
  return rows.map(({ availableAt: _, ...row }) => row);
}

/** An available (or, for legacy withdrawals, withdrawn) row a withdrawal can take. */
export type Candidate = Pick<Selectable<DB["commissions"]>, "id" | "orderRef" | "beneficiaryId" | "level" | "amountFen"> & Pick<Selectable<DB["orders"]>, "orderId">;

/** The rows a request for `amountFen` takes, oldest first; the last one only in part when the amount ends inside it. */
function* planReservation(memberId: string, amountFen: number): Work<{ row: Candidate; takeFen: number }[]> {
  const rows = yield* candidateRows(memberId, "available", false);
  const plan: { row: Candidate; takeFen: number }[] = [];
  let remaining = amountFen;
  for (const row of rows) {
    if (remaining <= 0) break;
    const takeFen = Math.min(row.amountFen, remaining);
    plan.push({ row, takeFen });
    remaining -= takeFen;
  }
  return plan;
}

/**
 * Moves `takeFen` of an available row into a withdrawal: the whole row, or a new part row split off it (the
 * earning row keeps the rest, still following its order). Returns the id of the row now belonging to it.
 */
export function* takeRow(row: Candidate, takeFen: number, withdrawalId: number, status: "reserved" | "withdrawn", from: string, now: Date): Work<number> {
  if (takeFen === row.amountFen) {
    const changed = yield* changes(q.updateTable("commissions").set({ status, withdrawalId, updatedAt: now }).where("id", "=", row.id).where("status", "=", from));
    if (!changed) throw new ApiError(409, "busy", "余额正在变动，请稍后再试");
    yield* recordCommissionEvent(row.id, row.orderRef, row.beneficiaryId, { status: from, amountFen: row.amountFen }, { status, amountFen: row.amountFen }, `${status === "reserved" ? "reserved" : "legacy"}:w${withdrawalId}`, now);
    return row.id;
  }
  const rest = row.amountFen - takeFen;
  const changed = yield* changes(
    q.updateTable("commissions").set({ amountFen: rest, updatedAt: now }).where("id", "=", row.id).where("status", "=", from).where("amountFen", "=", row.amountFen),
  );
  if (!changed) throw new ApiError(409, "busy", "余额正在变动，请稍后再试");
  yield* recordCommissionEvent(row.id, row.orderRef, row.beneficiaryId, { status: from, amountFen: row.amountFen }, { status: from, amountFen: rest }, `split:w${withdrawalId}`, now);
  const [part] = yield* exec(
    q.insertInto("commissions")
      .columns(["orderRef", "beneficiaryId", "level", "key", "baseFen", "rateBps", "amountFen", "ruleVersion", "status", "availableAt", "withdrawalId", "createdAt", "updatedAt"])
      .expression((eb) =>
        eb.selectFrom("commissions")
          .select((s) => [
            "orderRef", "beneficiaryId", "level", s.val(`part:${withdrawalId}`).as("key"), "baseFen", "rateBps", s.val(takeFen).as("amountFen"), "ruleVersion",
            s.val(status).as("status"), "availableAt", s.val(withdrawalId).as("withdrawalId"), s.val(now).as("createdAt"), s.val(now).as("updatedAt"),
          ])
          .where("id", "=", row.id),
      )
      .returning("id"),
  );
  yield* recordCommissionEvent(part.id, row.orderRef, row.beneficiaryId, { status: null, amountFen: null }, { status, amountFen: takeFen }, `${status === "reserved" ? "reserved" : "legacy"}:w${withdrawalId}`, now);
  return part.id;
}

function* checkedAmount(memberId: string, amountText: string): Work<{ amountFen: number; balanceFen: number }> {
  const amountFen = parseYuanToFen(amountText)!;
  const rule = yield* currentRule();
  if (amountFen < rule.minWithdrawalFen) {
    const msg = `最低提现金额为 ¥${fenToYuan(rule.minWithdrawalFen)}`;
    throw new ApiError(422, "below_minimum", msg, { amount: [msg] });
  }
  const balanceFen = yield* availableBalanceFen(memberId);
  if (amountFen > balanceFen) {
    const msg = balanceFen > 0 ? `可提现余额不足，当前最多可提 ¥${fenToYuan(balanceFen)}` : "当前没有可提现的余额";
    throw new ApiError(422, "insufficient_balance", msg, { amount: [msg] });
  }
  return { amountFen, balanceFen };
}

/** What a request for this amount would be: its final amount, the rows it takes, where it is paid. Changes nothing. */
export function* previewWithdrawal(memberId: string, amountText: string) {
  yield* attachLegacyWithdrawals(memberId);
  const { amountFen, balanceFen } = yield* checkedAmount(memberId, amountText);
  const plan = yield* planReservation(memberId, amountFen);
  const account = yield* savedPayoutAccount(memberId);
  return {
    amount: fenToYuan(plan.reduce((t, p) => t + p.takeFen, 0)),
    balanceAfter: fenToYuan(balanceFen - amountFen),
    rows: plan.map((p) => ({ orderId: p.row.orderId, level: storedCode(LEVELS, p.row.level), amount: fenToYuan(p.takeFen), split: p.takeFen < p.row.amountFen })),
    account: account ? { method: account.method, account: maskAccount(account.account, account.method), realName: account.realName, bankName: account.bankName } : null,
  };
}

export function* requestWithdrawal(
  memberId: string,
  input: z.infer<typeof WithdrawalRequestSchema>,
  now = new Date(),
): Work<{ id: number; status: WithdrawalStatus; amount: string; rows: number }> {
  yield* lockMember(memberId);
  yield* attachLegacyWithdrawals(memberId, now);
  const { amountFen } = yield* checkedAmount(memberId, input.amount);
  const account: PayoutAccount | null = input.payout ? yield* savePayoutAccount(memberId, input.payout, now) : yield* savedPayoutAccount(memberId);
  if (!account) throw new ApiError(422, "no_payout_account", "请先填写收款账户", { account: ["请先填写收款账户"] });
  const [{ id }] = yield* exec(
    q.insertInto("withdrawals")
      .values({ memberId, amountFen, method: account.method, account: account.account, realName: account.realName, bankName: account.bankName, status: "pending", requestedAt: now })
      .returning("id"),
  );
  yield* balanceMoved(memberId, -amountFen);
  const plan = yield* planReservation(memberId, amountFen);
  let reserved = 0;
  for (const p of plan) {
    yield* takeRow(p.row, p.takeFen, id, "reserved", "available", now);
    reserved += p.takeFen;
  }
  // The balance covered the amount, so the available rows do (扣回 rows only lower the balance).
  if (reserved !== amountFen) throw new Error(`withdrawal ${id}: reserved ${reserved} of ${amountFen} fen`);
  yield* afterCommit(() => wakeAdmins("withdrawals"));
  return { id, status: "pending", amount: fenToYuan(amountFen), rows: plan.length };
}

type Reviewed = Exclude<WithdrawalStatus, "pending">;

const TRANSITIONS: Record<"approve" | "reject" | "pay", { from: WithdrawalStatus[]; to: Reviewed }> = {
  approve: { from: ["pending"], to: "approved" },
  reject: { from: ["pending", "approved"], to: "rejected" },
  pay: { from: ["approved"], to: "paid" },
};
const WITHDRAWAL_NOTICE = { approved: "withdrawal_approved", rejected: "withdrawal_rejected", paid: "withdrawal_paid" } as const satisfies Record<Reviewed, NotificationKind>;
const ACTION_TEXT = { approve: "通过", reject: "驳回", pay: "标记已打款" } as const;

export type ReviewAction = keyof typeof TRANSITIONS;

/** How far the 扣回/调整 rows made since the request moved the orders it covers (negative: they were lowered). */
export function* changeSinceRequestFen(withdrawalId: number, requestedAt: Date): Work<number> {
  const [r] = yield* exec(
    q.selectFrom("commissions as a")
      .select(total("a.amountFen"))
      .where("a.key", "like", "adjust:%")
      .where("a.createdAt", ">=", requestedAt)
      .where((eb) =>
        eb.exists(
          eb.selectFrom("commissions as r").select(sql.lit(1).as("one")).where("r.withdrawalId", "=", withdrawalId).whereRef("r.orderRef", "=", "a.orderRef").whereRef("r.level", "=", "a.level"),
        ),
      ),
  );
  return Number(r.total);
}

export interface ReviewOptions {
  note?: string | null;
  /** Confirms approving or paying a request the balance no longer covers; required then, audited. */
  overrideReason?: string | null;
}

export function* reviewWithdrawal(id: number, action: ReviewAction, actorId: string, opts: ReviewOptions, now = new Date()): Work<Selectable<DB["withdrawals"]>> {
  const found = yield* first(q.selectFrom("withdrawals").select("memberId").where("id", "=", id));
  if (!found) throw new ApiError(404, "not_found", "提现申请不存在");
  const memberId = found.memberId;
  // The member first, as a request does: the balance cannot move while it is judged.
  yield* lockMember(memberId);
  yield* attachLegacyWithdrawals(memberId, now);
  const before = yield* first(q.selectFrom("withdrawals").select(["status", "amountFen", "requestedAt"]).where("id", "=", id).forUpdate());
  if (!before) throw new ApiError(404, "not_found", "提现申请不存在");
  const t = TRANSITIONS[action];
  const from = before.status as WithdrawalStatus;
  if (!t.from.includes(from)) throw new ApiError(409, "invalid_state", `该申请当前为「${WITHDRAWAL_STATUS_LABEL[from]}」，不能${ACTION_TEXT[action]}`);
  const note = opts.note || null;
  const balanceFen = yield* availableBalanceFen(memberId);
  let override: string | null = null;
  if (action !== "reject" && balanceFen < 0) {
    const amount = fenToYuan(before.amountFen);
    const changed = yield* changeSinceRequestFen(id, before.requestedAt);
    const why = changed < 0 ? `（本笔覆盖的订单此后被扣回 ¥${fenToYuan(-changed)}）` : "";
    if (!opts.overrideReason || opts.overrideReason.trim().length < 2) {
      throw new ApiError(
        409,
        "balance_short",
        `会员当前可提现为 ¥${fenToYuan(balanceFen)}${why}，余额已不足以支付这笔 ¥${amount} 的提现，将多付 ¥${fenToYuan(-balanceFen)}。如确认仍要${ACTION_TEXT[action]}，请填写原因。`,
        { overrideReason: ["余额不足：如确认仍要执行，请填写原因"] },
      );
    }
    override = opts.overrideReason.trim();
  }
  const after = yield* first(
    q.updateTable("withdrawals")
      .set((eb) => ({
        status: t.to,
        note: eb.fn.coalesce(eb.val(note), "note"),
        overrideReason: eb.fn.coalesce(eb.val(override), "overrideReason"),
        reviewedById: actorId,
        reviewedAt: now,
        paidAt: t.to === "paid" ? now : null,
      }))
      .where("id", "=", id)
      .where("status", "=", from)
      .returningAll(),
  );
  // The withdrawal is locked: it cannot have moved since it was read.
  if (!after) throw new Error(`withdrawal ${id} changed while locked`);
  if (override) {
    yield* audit(
      { actorId, action: "withdrawal.override", targetType: "withdrawal", targetId: String(id), before: { status: from, available: fenToYuan(balanceFen) }, after: { status: t.to, override: true }, reason: override },
      now,
    );
  }
  yield* audit({ actorId, action: `withdrawal.${action}`, targetType: "withdrawal", targetId: String(id), before: { status: from }, after: { status: t.to, note }, reason: note }, now);
  if (t.to === "rejected") {
    // A rejected request no longer counts against the balance (availableBalanceFen).
    yield* balanceMoved(memberId, before.amountFen);
    yield* releaseRows(id, now);
  }
  if (t.to === "paid") yield* payRows(id, now);
  yield* notify([{ userId: memberId, kind: WITHDRAWAL_NOTICE[t.to], dedupeKey: `w${id}:${t.to}`, withdrawalId: id, amountFen: before.amountFen }], now);
  yield* afterCommit(() => wakeAdmins("withdrawals"));
  return after;
}

function* reservedRows(withdrawalId: number) {
  return yield* exec(q.selectFrom("commissions").select(["id", "orderRef", "beneficiaryId", "amountFen"]).where("withdrawalId", "=", withdrawalId).where("status", "=", "reserved").orderBy("id"));
}

/** A rejected request's rows go back to 可提现, at the amounts they were reserved at. */
function* releaseRows(withdrawalId: number, now: Date): Work<void> {
  for (const r of yield* reservedRows(withdrawalId)) {
    yield* exec(q.updateTable("commissions").set({ status: "available", withdrawalId: null, reason: `released:${withdrawalId}`, updatedAt: now }).where("id", "=", r.id));
    yield* recordCommissionEvent(r.id, r.orderRef, r.beneficiaryId, { status: "reserved", amountFen: r.amountFen }, { status: "available", amountFen: r.amountFen }, `released:w${withdrawalId}`, now);
  }
}

/** A paid request's rows become 已提现: together they are exactly the amount paid. */
function* payRows(withdrawalId: number, now: Date): Work<void> {
  for (const r of yield* reservedRows(withdrawalId)) {
    yield* exec(q.updateTable("commissions").set({ status: "withdrawn", updatedAt: now }).where("id", "=", r.id));
    yield* recordCommissionEvent(r.id, r.orderRef, r.beneficiaryId, { status: "reserved", amountFen: r.amountFen }, { status: "withdrawn", amountFen: r.amountFen }, `paid:w${withdrawalId}`, now);
  }
}
