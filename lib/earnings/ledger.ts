// The commission ledger of one order, brought in line with the order's current state. Called inside the
// transaction that changed the order (push, reconciliation, attribution, claim), so money and order never disagree.
//
// Per (order, level) the rows always add up to that level's share of the order's base (orderMoneyBase): zero
// for a full refund or risk. The rows are:
// - the earning row ("earning"): 预估 estimated (order paid) → 待结算 pending (completed; the hold runs from
//   completion) → 可提现 available (settlement job) → 提现中 reserved (a withdrawal request took it) → 已提现
//   withdrawn (paid); or 已失效 void (refund or risk before any of it was reserved);
// - parts a withdrawal split off the earning row ("part:<withdrawalId>"), reserved or withdrawn;
// - adjustments ("adjust:<n>"): a negative 扣回 (status clawback) or a positive 调整 (available), with the cause.
// While no part of the group is reserved or withdrawn and it has no adjustment, the earning row simply follows
// the base (recomputed, voided, revived). Once something is, those rows never change amount again: a later
// change of the base adds an adjustment row for the difference. Every change is a commission_events row.
import { one, type Dialect, type Work } from "../db/sql";
import { orderMoneyBase, shareFen, type MoneyInputs, type OrderMoney } from "./base";
import { currentRule, ratesFor } from "./rules";
import type { CommissionStatus } from "../labels";

const DAY_MS = 24 * 3600 * 1000;

/** An order as the ledger needs it: what its money is computed from, and the money as stored. */
export interface OrderState extends MoneyInputs {
  id: number;
  orderId: string;
  memberId: string | null;
  businessLine: number | null;
  completedAt: Date | null;
  /** The money base as stored (written only from orderMoneyBase). */
  gmvFen: number;
  baseFen: number;
  baseSource: string;
}

interface Row {
  id: number;
  level: number;
  key: string;
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
  /** Why the ledger is being synced: "push", "sync", "attribution", "claim", "admin". */
  cause: string;
  /** The order event that moved the order (status change), when there is one. */
  eventId?: number | null;
  /** The reconciliation run that brought Meituan's numbers. */
  runId?: number | null;
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

/** The order columns the ledger needs; statements that write an order return them, saving a re-read. */
export const ORDER_STATE_COLUMNS = `"id", "orderId", "memberId", "status", "refundType", "payFen", "refundFen", "ratio", "commissionFen", "commissionSource", "businessLine", "completedAt", "gmvFen", "baseFen", "baseSource"`;

const intOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));

export function orderStateFromRow(o: Record<string, unknown>): OrderState {
  return {
    id: Number(o.id),
    orderId: String(o.orderId),
    memberId: (o.memberId as string | null) ?? null,
    status: String(o.status),
    refundType: (o.refundType as string | null) ?? null,
    payFen: intOrNull(o.payFen),
    refundFen: intOrNull(o.refundFen),
    ratio: (o.ratio as string | null) ?? null,
    commissionFen: intOrNull(o.commissionFen),
    commissionSource: (o.commissionSource as string | null) ?? null,
    businessLine: intOrNull(o.businessLine),
    completedAt: o.completedAt ? new Date(o.completedAt as string | Date) : null,
    gmvFen: Number(o.gmvFen ?? 0),
    baseFen: Number(o.baseFen ?? 0),
    baseSource: String(o.baseSource ?? "none"),
  };
}

function* loadOrder(orderRef: number): Work<OrderState | null> {
  const [o] = yield* one(`SELECT ${ORDER_STATE_COLUMNS} FROM orders WHERE "id" = ?`, [orderRef]);
  return o ? orderStateFromRow(o) : null;
}

const ROW_COLUMNS = `"id", "level", "key", "beneficiaryId", "baseFen", "rateBps", "amountFen", "ruleVersion", "status"`;

function rowFrom(r: Record<string, unknown>): Row {
  return {
    id: Number(r.id),
    level: Number(r.level),
    key: String(r.key),
    beneficiaryId: String(r.beneficiaryId),
    baseFen: Number(r.baseFen),
    rateBps: Number(r.rateBps),
    amountFen: Number(r.amountFen),
    ruleVersion: Number(r.ruleVersion),
    status: r.status as CommissionStatus,
  };
}

function* loadRows(orderRef: number, dialect: Dialect): Work<Row[]> {
  const rows = yield* one(`SELECT ${ROW_COLUMNS} FROM commissions WHERE "orderRef" = ? ORDER BY "level", "id"${dialect === "pg" ? " FOR UPDATE" : ""}`, [orderRef]);
  return rows.map(rowFrom);
}

/** Adjustment rows, and the clawback rows of the ledger before adjustments existed. */
const isAdjustment = (key: string) => key.startsWith("adjust:") || key.startsWith("clawback:");

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
    planned.push({ id: 0, level, key: "earning", beneficiaryId: String(link.ancestorId), baseFen, rateBps, amountFen: shareFen(baseFen, rateBps), ruleVersion: rule.version, status: "estimated" });
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
function* moveRow(row: Row, orderRef: number, to: { status: CommissionStatus; availableAt?: Date | null; reason?: string | null; causeKind?: string | null; causeEventId?: number | null; causeRunId?: number | null }, why: string, at: Date): Work<boolean> {
  const changed = yield* one(
    `UPDATE commissions SET "status" = ?, "availableAt" = COALESCE(?, "availableAt"), "reason" = COALESCE(?, "reason"), "causeKind" = COALESCE(?, "causeKind"),
       "causeEventId" = COALESCE(?, "causeEventId"), "causeRunId" = COALESCE(?, "causeRunId"), "updatedAt" = ?
     WHERE "id" = ? AND "status" = ? RETURNING "id"`,
    [to.status, to.availableAt ?? null, to.reason ?? null, to.causeKind ?? null, to.causeEventId ?? null, to.causeRunId ?? null, at, row.id, row.status],
  );
  if (changed.length) {
    yield* recordCommissionEvent(row.id, orderRef, { status: row.status, amountFen: row.amountFen }, { status: to.status, amountFen: row.amountFen }, why, at);
  }
  return changed.length > 0;
}

/** Why the base moved, as the code an adjustment or a void row carries (rendered by lib/labels.ts). */
function reasonCode(o: OrderState, money: OrderMoney, deltaFen: number): string {
  if (money.source === "lost") return o.status === "risk" ? "risk" : "refund";
  if (deltaFen < 0) return o.status === "refunded" && o.refundType === "2" ? "partial_refund" : "base_down";
  return "base_up";
}

/** Adds a 扣回 (negative) or 调整 (positive, available at once: the rows it adds to were settled) row. */
function* addAdjustment(o: OrderState, e: Row, group: Row[], deltaFen: number, money: OrderMoney, previousBaseFen: number, ctx: LedgerContext): Work<void> {
  const n = group.filter((r) => r.key.startsWith("adjust:")).length + 1;
  const key = `adjust:${n}`;
  const status = deltaFen < 0 ? "clawback" : "available";
  const created = yield* one(
    `INSERT INTO commissions ("orderRef", "beneficiaryId", "level", "key", "baseFen", "rateBps", "amountFen", "ruleVersion", "status", "availableAt", "reason",
       "causeKind", "causeEventId", "causeRunId", "fromBaseFen", "toBaseFen", "createdAt", "updatedAt")
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT ("orderRef", "level", "key") DO NOTHING RETURNING "id"`,
    [o.id, e.beneficiaryId, e.level, key, money.baseFen, e.rateBps, deltaFen, e.ruleVersion, status, ctx.at, reasonCode(o, money, deltaFen),
      ctx.cause, ctx.eventId ?? null, ctx.runId ?? null, previousBaseFen, money.baseFen, ctx.at, ctx.at],
  );
  if (!created.length) throw new Error(`commission ${key} of order ${o.id} level ${e.level} already exists`);
  const row: Row = { ...e, id: Number(created[0].id), key, amountFen: deltaFen, status, baseFen: money.baseFen };
  group.push(row);
  yield* recordCommissionEvent(row.id, o.id, { status: null, amountFen: null }, { status, amountFen: deltaFen }, `adjust:${ctx.cause}`, ctx.at);
}

const sum = (rows: Row[]) => rows.reduce((t, r) => t + r.amountFen, 0);

/** Brings one (order, level) group to its target; `group` holds every row of that level, the earning row first. */
function* syncGroup(o: OrderState, money: OrderMoney, group: Row[], previousBaseFen: number, ctx: LedgerContext, holdDays: () => Work<number>): Work<void> {
  const e = group.find((r) => r.key === "earning");
  if (!e) return;
  const lost = money.source === "lost";
  const target = lost ? 0 : shareFen(money.baseFen, e.rateBps);
  const others = group.filter((r) => r !== e && r.status !== "void");
  const frozen = e.status === "reserved" || e.status === "withdrawn" || group.some((r) => isAdjustment(r.key));

  if (frozen) {
    const delta = target - sum(others) - (e.status === "void" ? 0 : e.amountFen);
    if (delta !== 0) yield* addAdjustment(o, e, group, delta, money, previousBaseFen, ctx);
    return;
  }

  const cause = { causeKind: ctx.cause, causeEventId: ctx.eventId ?? null, causeRunId: ctx.runId ?? null };
  if (lost) {
    if (e.status !== "void") yield* moveRow(e, o.id, { status: "void", reason: reasonCode(o, money, 0), ...cause }, `void:${ctx.cause}`, ctx.at);
    // Parts a withdrawal took stay as they are; a 扣回 takes them back.
    const delta = -sum(others);
    if (delta !== 0) yield* addAdjustment(o, e, group, delta, money, previousBaseFen, ctx);
    return;
  }

  // What the earning row must hold so the group adds up to the target (parts a withdrawal took are fixed).
  let want = target - sum(others);
  const shortfall = Math.min(0, want);
  want -= shortfall;
  let current = e;
  if (e.status === "void") {
    // The order is valid again (a newer push undid the refund): the row counts again, recomputed.
    yield* one(`UPDATE commissions SET "status" = 'estimated', "amountFen" = ?, "baseFen" = ?, "updatedAt" = ? WHERE "id" = ? AND "status" = 'void'`, [want, money.baseFen, ctx.at, e.id]);
    yield* recordCommissionEvent(e.id, o.id, { status: "void", amountFen: e.amountFen }, { status: "estimated", amountFen: want }, `revived:${ctx.cause}`, ctx.at);
    current = { ...e, status: "estimated", amountFen: want, baseFen: money.baseFen };
  } else if (want !== e.amountFen || money.baseFen !== e.baseFen) {
    // The row's base snapshot follows too, even when the rounded amount happens not to move.
    yield* one(`UPDATE commissions SET "amountFen" = ?, "baseFen" = ?, "updatedAt" = ? WHERE "id" = ? AND "status" = ?`, [want, money.baseFen, ctx.at, e.id, e.status]);
    yield* recordCommissionEvent(e.id, o.id, { status: e.status, amountFen: e.amountFen }, { status: e.status, amountFen: want }, `recomputed:${ctx.cause}`, ctx.at);
    current = { ...e, amountFen: want, baseFen: money.baseFen };
  }
  if (shortfall !== 0) yield* addAdjustment(o, current, group, shortfall, money, previousBaseFen, ctx);
  // A completed order, or one partly refunded (its remaining part is done), waits out the hold and settles.
  const done = o.status === "completed" || (o.status === "refunded" && o.refundType === "2");
  if (done && current.status === "estimated") {
    // The hold period in force when the order completes applies; rates stay those of the row's version.
    const availableAt = new Date((o.completedAt ?? ctx.at).getTime() + (yield* holdDays()) * DAY_MS);
    yield* moveRow(current, o.id, { status: "pending", availableAt }, `completed:${ctx.cause}`, ctx.at);
  }
}

/**
 * Brings the order's stored money base and its commission rows in line with the order.
 * `written`: the order as the statement that just wrote it returned it (ORDER_STATE_COLUMNS), if at hand;
 * `created`: that statement created the order, so it has no commission rows yet.
 */
export function* syncOrderCommissions(orderRef: number, ctx: LedgerContext, written?: OrderState, created = false): Work<void> {
  const o = written ?? (yield* loadOrder(orderRef));
  if (!o) return;
  const money = orderMoneyBase(o);
  const previousBaseFen = o.baseFen;
  if (money.gmvFen !== o.gmvFen || money.baseFen !== o.baseFen || money.source !== o.baseSource) {
    yield* one(`UPDATE orders SET "gmvFen" = ?, "baseFen" = ?, "baseSource" = ? WHERE "id" = ?`, [money.gmvFen, money.baseFen, money.source, o.id]);
  }
  if (!o.memberId) return;
  let rows = created ? [] : yield* loadRows(orderRef, ctx.dialect);
  if (!rows.some((r) => r.key === "earning")) {
    const earns = o.status === "paid" || o.status === "completed" || (o.status === "refunded" && o.refundType === "2");
    if (!earns) return;
    rows = (yield* createEarningRows(o, money.baseFen, ctx)) ?? (yield* loadRows(orderRef, ctx.dialect));
  }
  let hold: number | undefined;
  const holdDays = function* (): Work<number> {
    return (hold ??= (yield* currentRule()).holdDays);
  };
  for (const level of [...new Set(rows.map((r) => r.level))]) {
    yield* syncGroup(o, money, rows.filter((r) => r.level === level), previousBaseFen, ctx, holdDays);
  }
}
