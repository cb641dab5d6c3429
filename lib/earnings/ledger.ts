// The commission ledger of one order, brought in line with the order's current state. Called inside the
// transaction that changed the order (push, reconciliation, attribution), so money and order never disagree.
//
// Per (order, level) there is one earning row: 预估 estimated (order paid) → 待结算 pending (completed; the hold
// period runs from completion) → 可提现 available (settlement job) → 已提现 withdrawn (a paid withdrawal covers
// it). A full refund or risk voids rows not yet withdrawn (已失效) and claws back withdrawn ones with a negative
// row (扣回). When the base changes (reconciliation, partial refund), unwithdrawn rows are recomputed and
// withdrawn ones are clawed back by the difference. Every change is a commission_events row.
import { one, type Dialect, type Work } from "../db/sql";
import { estimateCommissionFen, shareFen } from "./base";
import { currentRule, ratesFor } from "./rules";
import { COMMISSION_STATUSES, type CommissionStatus } from "../labels";


export { COMMISSION_STATUSES, type CommissionStatus };

const DAY_MS = 24 * 3600 * 1000;

export interface OrderState {
  id: number;
  memberId: string | null;
  status: string;
  refundType: string | null;
  payFen: number | null;
  ratio: string | null;
  commissionFen: number | null;
  businessLine: number | null;
  completedAt: Date | null;
}

interface Row {
  id: number;
  level: number;
  beneficiaryId: string;
  baseFen: number;
  rateBps: number;
  amountFen: number;
  ruleVersion: number;
  status: CommissionStatus;
}

export interface LedgerContext {
  dialect: Dialect;
  at: Date;
  /** Why the ledger is being synced, for the events: "push", "sync", "attribution", "admin". */
  cause: string;
}

export function* recordCommissionEvent(
  commissionId: number,
  orderRef: number,
  from: { status: string | null; amountFen: number | null },
  to: { status: string; amountFen: number },
  reason: string,
  at: Date,
): Work<void> {
  yield* one(
    `INSERT INTO commission_events ("commissionId", "orderRef", "fromStatus", "toStatus", "fromAmountFen", "toAmountFen", "reason", "at") VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    [commissionId, orderRef, from.status, to.status, from.amountFen, to.amountFen, reason, at],
  );
}

/** The base for an order: Meituan's profit when reconciliation brought it, else the push estimate, else 0. */
export const orderBaseFen = (o: Pick<OrderState, "commissionFen" | "payFen" | "ratio">) =>
  Math.max(0, o.commissionFen ?? estimateCommissionFen(o.payFen, o.ratio) ?? 0);

/** The order columns the ledger needs; statements that write an order return them, saving a re-read. */
export const ORDER_STATE_COLUMNS = `"id", "memberId", "status", "refundType", "payFen", "ratio", "commissionFen", "businessLine", "completedAt"`;

export function orderStateFromRow(o: Record<string, unknown>): OrderState {
  return {
    id: Number(o.id),
    memberId: (o.memberId as string | null) ?? null,
    status: String(o.status),
    refundType: (o.refundType as string | null) ?? null,
    payFen: o.payFen === null ? null : Number(o.payFen),
    ratio: (o.ratio as string | null) ?? null,
    commissionFen: o.commissionFen === null ? null : Number(o.commissionFen),
    businessLine: o.businessLine === null ? null : Number(o.businessLine),
    completedAt: o.completedAt ? new Date(o.completedAt as string | Date) : null,
  };
}

function* loadOrder(orderRef: number): Work<OrderState | null> {
  const [o] = yield* one(`SELECT ${ORDER_STATE_COLUMNS} FROM orders WHERE "id" = ?`, [orderRef]);
  return o ? orderStateFromRow(o) : null;
}

function* loadEarningRows(orderRef: number, dialect: Dialect): Work<Row[]> {
  const rows = yield* one(
    `SELECT "id", "level", "beneficiaryId", "baseFen", "rateBps", "amountFen", "ruleVersion", "status" FROM commissions
     WHERE "orderRef" = ? AND "key" = 'earning' ORDER BY "level"${dialect === "pg" ? " FOR UPDATE" : ""}`,
    [orderRef],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    level: Number(r.level),
    beneficiaryId: String(r.beneficiaryId),
    baseFen: Number(r.baseFen),
    rateBps: Number(r.rateBps),
    amountFen: Number(r.amountFen),
    ruleVersion: Number(r.ruleVersion),
    status: r.status as CommissionStatus,
  }));
}

/** Creates the order's earning rows and returns them; null when another writer created some of them first. */
function* createEarningRows(o: OrderState, baseFen: number, ctx: LedgerContext): Work<Row[] | null> {
  const rule = yield* currentRule();
  const rates = ratesFor(rule, o.businessLine);
  // The buyer's member and up to two inviters above; disabled members earn nothing new.
  const chain = yield* one(
    `SELECT p."ancestorId", p."depth" FROM referral_paths p JOIN users u ON u."id" = p."ancestorId"
     WHERE p."descendantId" = ? AND p."depth" <= 2 AND u."disabled" = ? ORDER BY p."depth"`,
    [o.memberId, false],
  );
  const planned: Row[] = [];
  for (const link of chain) {
    const level = Number(link.depth);
    const rateBps = rates.get(level) ?? 0;
    if (rateBps <= 0) continue;
    planned.push({ id: 0, level, beneficiaryId: String(link.ancestorId), baseFen, rateBps, amountFen: shareFen(baseFen, rateBps), ruleVersion: rule.version, status: "estimated" });
  }
  if (!planned.length) return [];
  // All levels in one statement, and their events in one more: this runs for every attributed push.
  const created = yield* one(
    `INSERT INTO commissions ("orderRef", "beneficiaryId", "level", "key", "baseFen", "rateBps", "amountFen", "ruleVersion", "status", "createdAt", "updatedAt")
     VALUES ${planned.map(() => "(?, ?, ?, 'earning', ?, ?, ?, ?, 'estimated', ?, ?)").join(", ")}
     ON CONFLICT ("orderRef", "level", "key") DO NOTHING RETURNING "id", "level"`,
    planned.flatMap((r) => [o.id, r.beneficiaryId, r.level, r.baseFen, r.rateBps, r.amountFen, r.ruleVersion, ctx.at, ctx.at]),
  );
  const idOfLevel = new Map(created.map((c) => [Number(c.level), Number(c.id)]));
  const rows = planned.filter((r) => idOfLevel.has(r.level)).map((r) => ({ ...r, id: idOfLevel.get(r.level)! }));
  if (rows.length) {
    yield* one(
      `INSERT INTO commission_events ("commissionId", "orderRef", "fromStatus", "toStatus", "fromAmountFen", "toAmountFen", "reason", "at")
       VALUES ${rows.map(() => "(?, ?, NULL, 'estimated', NULL, ?, ?, ?)").join(", ")}`,
      rows.flatMap((r) => [r.id, o.id, r.amountFen, `created:${ctx.cause}`, ctx.at]),
    );
  }
  return rows.length === planned.length ? rows : null;
}

/** A status move (compare-and-set on the current status); the amount stays. */
function* moveRow(row: Row, orderRef: number, to: { status: CommissionStatus; availableAt?: Date | null; reason?: string | null }, why: string, at: Date): Work<void> {
  const changed = yield* one(
    `UPDATE commissions SET "status" = ?, "availableAt" = COALESCE(?, "availableAt"), "reason" = COALESCE(?, "reason"), "updatedAt" = ?
     WHERE "id" = ? AND "status" = ? RETURNING "id"`,
    [to.status, to.availableAt ?? null, to.reason ?? null, at, row.id, row.status],
  );
  if (changed.length) {
    yield* recordCommissionEvent(row.id, orderRef, { status: row.status, amountFen: row.amountFen }, { status: to.status, amountFen: row.amountFen }, why, at);
  }
}

function* clawBack(row: Row, orderRef: number, targetNetFen: number, key: string, reason: string, ctx: LedgerContext): Work<void> {
  const [claimed] = yield* one(
    `SELECT COALESCE(SUM("amountFen"), 0) AS "total" FROM commissions WHERE "orderRef" = ? AND "level" = ? AND "key" LIKE 'clawback:%'`,
    [orderRef, row.level],
  );
  const net = row.amountFen + Number(claimed.total);
  if (targetNetFen >= net) return;
  const amountFen = targetNetFen - net;
  const created = yield* one(
    `INSERT INTO commissions ("orderRef", "beneficiaryId", "level", "key", "baseFen", "rateBps", "amountFen", "ruleVersion", "status", "availableAt", "reason", "createdAt", "updatedAt")
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'clawback', ?, ?, ?, ?) ON CONFLICT ("orderRef", "level", "key") DO NOTHING RETURNING "id"`,
    [orderRef, row.beneficiaryId, row.level, key, row.baseFen, row.rateBps, amountFen, row.ruleVersion, ctx.at, reason, ctx.at, ctx.at],
  );
  if (created.length) {
    yield* recordCommissionEvent(Number(created[0].id), orderRef, { status: null, amountFen: null }, { status: "clawback", amountFen }, `${key}:${ctx.cause}`, ctx.at);
  }
}

const VOID_REASON: Record<string, string> = { refunded: "订单已退款", risk: "订单被风控" };

/**
 * `written`: the order as the statement that just wrote it returned it (ORDER_STATE_COLUMNS), if at hand;
 * `created`: that statement created the order, so it has no commission rows yet.
 */
export function* syncOrderCommissions(orderRef: number, ctx: LedgerContext, written?: OrderState, created = false): Work<void> {
  const o = written ?? (yield* loadOrder(orderRef));
  if (!o || !o.memberId) return;
  const baseFen = orderBaseFen(o);
  let rows = created ? [] : yield* loadEarningRows(orderRef, ctx.dialect);
  if (rows.length === 0) {
    if (o.status !== "paid" && o.status !== "completed") return;
    rows = (yield* createEarningRows(o, baseFen, ctx)) ?? (yield* loadEarningRows(orderRef, ctx.dialect));
  }
  const fullyLost = o.status === "risk" || (o.status === "refunded" && o.refundType !== "2");
  let holdDays: number | undefined;

  for (const row of rows) {
    const target = shareFen(baseFen, row.rateBps);
    if (row.status === "void") continue;
    if (row.status === "withdrawn") {
      if (fullyLost) yield* clawBack(row, orderRef, 0, "clawback:refund", VOID_REASON[o.status], ctx);
      else if (target < row.amountFen) yield* clawBack(row, orderRef, target, `clawback:base:${baseFen}`, "佣金基数下调（部分退款或美团对账）", ctx);
      continue;
    }
    if (fullyLost) {
      yield* moveRow(row, orderRef, { status: "void", reason: VOID_REASON[o.status] }, `void:${ctx.cause}`, ctx.at);
      continue;
    }
    let current = row;
    // The row's base snapshot follows too, even when the rounded amount happens not to move.
    if (target !== row.amountFen || baseFen !== row.baseFen) {
      yield* one(`UPDATE commissions SET "amountFen" = ?, "baseFen" = ?, "updatedAt" = ? WHERE "id" = ? AND "status" = ?`, [target, baseFen, ctx.at, row.id, row.status]);
      yield* recordCommissionEvent(row.id, orderRef, { status: row.status, amountFen: row.amountFen }, { status: row.status, amountFen: target }, `recomputed:${ctx.cause}`, ctx.at);
      current = { ...row, amountFen: target, baseFen };
    }
    if (o.status === "completed" && current.status === "estimated") {
      // The hold period in force when the order completes applies; rates stay those of the row's version.
      holdDays ??= (yield* currentRule()).holdDays;
      const availableAt = new Date((o.completedAt ?? ctx.at).getTime() + holdDays * DAY_MS);
      yield* moveRow(current, orderRef, { status: "pending", availableAt }, `completed:${ctx.cause}`, ctx.at);
    }
  }
}
