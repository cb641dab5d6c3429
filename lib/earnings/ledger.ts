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
import { sql, type Insertable, type InsertObject, type Selectable } from "kysely";
import { afterCommit, dialect, exec, first, prepare, q, type DB, type Prepared, type Query, type Work } from "../db/query";
import { wakeMembers } from "../live/bus";
import { orderMoneyBase, shareFen, type OrderMoney } from "./base";
import { currentRule, ratesFor, type Rule } from "./rules";
import type { CommissionStatus } from "../labels";
import { notify } from "../notify/outbox";
import { commissionCounted, countedFen, orderMoneyChanged } from "../rollups/record";
import { commissionRowMoved } from "../rollups/balances";

const DAY_MS = 24 * 3600 * 1000;

/** The order columns the ledger needs; statements that write an order return them, saving a re-read. */
export const ORDER_STATE_COLUMNS = [
  "id", "orderId", "memberId", "status", "refundType", "payFen", "refundFen", "ratio", "commissionFen", "commissionSource", "businessLine",
  "completedAt", "gmvFen", "baseFen", "baseSource", "occurredAt",
] as const;

/** An order as the ledger needs it: what its money is computed from, and the money base as stored (written only from orderMoneyBase). */
export type OrderState = Pick<Selectable<DB["orders"]>, (typeof ORDER_STATE_COLUMNS)[number]>;

const ROW_COLUMNS = ["id", "level", "key", "beneficiaryId", "baseFen", "rateBps", "amountFen", "ruleVersion", "status"] as const;

/** A commission row as the ledger works with it. */
export type Row = Omit<Pick<Selectable<DB["commissions"]>, (typeof ROW_COLUMNS)[number]>, "status"> & { status: CommissionStatus };

export interface LedgerContext {
  at: Date;
  /** Why the ledger is being synced: "push", "sync", "attribution", "claim", "admin". */
  cause: string;
  /** The order event that moved the order (status change), when there is one. */
  eventId?: number | null;
  /** The reconciliation run that brought Meituan's numbers. */
  runId?: number | null;
}

type CommissionEventValues = { commissionId: number; orderRef: number; fromStatus: string | null; toStatus: string; fromAmountFen: number | null; toAmountFen: number; reason: string; at: Date };

const insertCommissionEvent = prepare<CommissionEventValues>()((p) =>
  q.insertInto("commission_events").values({
    commissionId: p.commissionId, orderRef: p.orderRef, fromStatus: p.fromStatus, toStatus: p.toStatus, fromAmountFen: p.fromAmountFen, toAmountFen: p.toAmountFen, reason: p.reason, at: p.at,
  }),
);

/** A commission row moved (every change of one is recorded here); its beneficiary's balance moves with it. */
export function* recordCommissionEvent(
  commissionId: number,
  orderRef: number,
  beneficiaryId: string,
  from: { status: string | null; amountFen: number | null },
  to: { status: string; amountFen: number },
  reason: string,
  at: Date,
): Work<void> {
  yield* exec(insertCommissionEvent({ commissionId, orderRef, fromStatus: from.status, toStatus: to.status, fromAmountFen: from.amountFen, toAmountFen: to.amountFen, reason, at }));
  yield* commissionRowMoved(beneficiaryId, from, to);
}

const selectOrderState = prepare<{ id: number }>()((p) => q.selectFrom("orders").select(ORDER_STATE_COLUMNS).where("id", "=", p.id));

function* loadOrder(orderRef: number): Work<OrderState | undefined> {
  return yield* first(selectOrderState({ id: orderRef }));
}

const selectRows = prepare<{ orderRef: number }>()((p) =>
  q.selectFrom("commissions").select(ROW_COLUMNS).where("orderRef", "=", p.orderRef).orderBy("level").orderBy("id").forUpdate(),
);

function* loadRows(orderRef: number): Work<Row[]> {
  return (yield* exec(selectRows({ orderRef }))) as Row[];
}

// ----------------------------------------------------------------------------------- statements of many rows

/** The parameters of a statement over n rows: each field of row i as `<field><i>`. */
type Indexed<T> = { [K in keyof T & string as `${K}${number}`]: T[K] };

/**
 * A prepared statement per row count (an order has at most MAX_LEVELS levels, so a handful of texts). The
 * parameter names of each count are made once: building them per call costs more than the statement.
 */
function preparedPerCount<Shared extends object, Each extends object, Q extends Query>(fields: readonly (keyof Each & string)[], build: (n: number) => (p: Shared & Indexed<Each>) => Q) {
  const byCount = new Map<number, { stmt: (params: Shared & Indexed<Each>) => Prepared<Q>; names: string[][] }>();
  return (shared: Shared, rows: Each[]) => {
    let entry = byCount.get(rows.length);
    if (!entry) byCount.set(rows.length, (entry = { stmt: prepare<Shared & Indexed<Each>>()(build(rows.length)), names: rows.map((_, i) => fields.map((f) => f + i)) }));
    const params: Record<string, unknown> = { ...(shared as Record<string, unknown>) };
    for (let i = 0; i < rows.length; i++) for (let j = 0; j < fields.length; j++) params[entry.names[i][j]] = rows[i][fields[j]];
    return entry.stmt(params as Shared & Indexed<Each>);
  };
}

/** Adjustment rows, and the clawback rows of the ledger before adjustments existed. */
const isAdjustment = (key: string) => key.startsWith("adjust:") || key.startsWith("clawback:");

const selectChain = prepare<{ memberId: string; disabled: boolean }>()((p) =>
  q.selectFrom("referral_paths as p").innerJoin("users as u", "u.id", "p.ancestorId").select(["p.ancestorId", "p.depth"])
    .where("p.descendantId", "=", p.memberId).where("p.depth", "<=", sql.lit(2)).where("u.disabled", "=", p.disabled).orderBy("p.depth"),
);

type EarningValues = { beneficiaryId: string; level: number; baseFen: number; rateBps: number; amountFen: number; ruleVersion: number };

const insertEarningRows = preparedPerCount(["beneficiaryId", "level", "baseFen", "rateBps", "amountFen", "ruleVersion"], (n) => (p: { orderRef: number; at: Date } & Indexed<EarningValues>) =>
  q.insertInto("commissions")
    .values(Array.from({ length: n }, (_, i) => ({
      orderRef: p.orderRef, beneficiaryId: p[`beneficiaryId${i}`], level: p[`level${i}`], key: sql.lit("earning"), baseFen: p[`baseFen${i}`], rateBps: p[`rateBps${i}`],
      amountFen: p[`amountFen${i}`], ruleVersion: p[`ruleVersion${i}`], status: sql.lit("estimated"), createdAt: p.at, updatedAt: p.at,
    })))
    .onConflict((oc) => oc.columns(["orderRef", "level", "key"]).doNothing())
    .returning(["id", "level"]),
);

const insertCreatedEvents = preparedPerCount(["commissionId", "toAmountFen"], (n) => (p: { orderRef: number; reason: string; at: Date } & Indexed<{ commissionId: number; toAmountFen: number }>) =>
  q.insertInto("commission_events").values(Array.from({ length: n }, (_, i) => ({
    commissionId: p[`commissionId${i}`], orderRef: p.orderRef, fromStatus: sql.lit(null), toStatus: sql.lit("estimated"), fromAmountFen: sql.lit(null), toAmountFen: p[`toAmountFen${i}`], reason: p.reason, at: p.at,
  }))),
);

/**
 * PostgreSQL: earning rows, their creation events and the notifications in ONE statement (data-modifying CTEs),
 * a round trip instead of three on the push path — for one order (prepared) or for a batch's new orders. SQLite
 * (no DML in a WITH) runs the three statements, which cost it no round trip.
 */
const earningRowsWithEvents = (rows: InsertObject<DB, "commissions">[], reason: string) =>
  q
    .with("c", (db) =>
      db.insertInto("commissions")
        .values(rows)
        .onConflict((oc) => oc.columns(["orderRef", "level", "key"]).doNothing())
        .returning(["id", "orderRef", "level", "beneficiaryId", "amountFen", "createdAt"]),
    )
    .with("e", (db) =>
      db.insertInto("commission_events")
        .columns(["commissionId", "orderRef", "fromStatus", "toStatus", "fromAmountFen", "toAmountFen", "reason", "at"])
        .expression((eb) =>
          eb.selectFrom("c").select([
            "c.id", "c.orderRef", sql<null>`null`.as("fromStatus"), sql<string>`'estimated'`.as("toStatus"), sql<null>`null::int`.as("fromAmountFen"), "c.amountFen",
            sql<string>`${reason}::text`.as("reason"), "c.createdAt",
          ]),
        ),
    )
    .with("n", (db) =>
      db.insertInto("notifications")
        .columns(["userId", "kind", "dedupeKey", "orderRef", "amountFen", "level", "createdAt"])
        .expression((eb) =>
          eb.selectFrom("c").select([
            "c.beneficiaryId", sql<string>`CASE WHEN c."level" = 0 THEN 'order_tracked' ELSE 'team_order' END`.as("kind"), sql<string>`'c' || c."id" || ':created'`.as("dedupeKey"),
            "c.orderRef", "c.amountFen", "c.level", "c.createdAt",
          ]),
        )
        .onConflict((oc) => oc.columns(["userId", "dedupeKey"]).doNothing()),
    )
    .selectFrom("c")
    .select(["c.id", "c.orderRef", "c.level", "c.beneficiaryId"]);

const insertEarningRowsWithEvents = preparedPerCount(["beneficiaryId", "level", "baseFen", "rateBps", "amountFen", "ruleVersion"], (n) => (p: { orderRef: number; at: Date; reason: string } & Indexed<EarningValues>) =>
  earningRowsWithEvents(
    Array.from({ length: n }, (_, i) => ({
      orderRef: p.orderRef, beneficiaryId: p[`beneficiaryId${i}`], level: p[`level${i}`], key: sql.lit("earning"), baseFen: p[`baseFen${i}`], rateBps: p[`rateBps${i}`],
      amountFen: p[`amountFen${i}`], ruleVersion: p[`ruleVersion${i}`], status: sql.lit("estimated"), createdAt: p.at, updatedAt: p.at,
    })),
    p.reason,
  ),
);

/** The earning rows an order's chain (the buyer's member, then up to two inviters) gets under the rule, not yet written. */
function plannedEarningRows(rule: Rule, businessLine: number | null, chain: { ancestorId: string; depth: number }[], baseFen: number): Row[] {
  const rates = ratesFor(rule, businessLine);
  const planned: Row[] = [];
  for (const link of chain) {
    const level = link.depth;
    const rateBps = rates.get(level) ?? 0;
    if (rateBps <= 0) continue;
    planned.push({ id: 0, level, key: "earning", beneficiaryId: link.ancestorId, baseFen, rateBps, amountFen: shareFen(baseFen, rateBps), ruleVersion: rule.version, status: "estimated" });
  }
  return planned;
}

/** Whether an order in this state has earning rows (paid, completed, or the remaining part of a partial refund). */
const earns = (o: Pick<OrderState, "status" | "refundType">) => o.status === "paid" || o.status === "completed" || (o.status === "refunded" && o.refundType === "2");

/** Creates the order's earning rows and returns them; null when another writer created some of them first. */
function* createEarningRows(o: OrderState & { memberId: string }, baseFen: number, ctx: LedgerContext): Work<Row[] | null> {
  const rule = yield* currentRule();
  // The buyer's member and up to two inviters above; disabled members earn nothing new.
  const chain = yield* exec(selectChain({ memberId: o.memberId, disabled: false }));
  const planned = plannedEarningRows(rule, o.businessLine, chain, baseFen);
  if (!planned.length) return [];
  const values = planned.map((r) => ({ beneficiaryId: r.beneficiaryId, level: r.level, baseFen: r.baseFen, rateBps: r.rateBps, amountFen: r.amountFen, ruleVersion: r.ruleVersion }));
  const reason = `created:${ctx.cause}`;
  if ((yield* dialect()) === "pg") {
    const created = yield* exec(insertEarningRowsWithEvents({ orderRef: o.id, at: ctx.at, reason }, values));
    const idOfLevel = new Map(created.map((c) => [c.level, c.id]));
    if (created.length) yield* afterCommit(() => wakeMembers(created.map((c) => c.beneficiaryId)));
    const rows = planned.filter((r) => idOfLevel.has(r.level)).map((r) => ({ ...r, id: idOfLevel.get(r.level)! }));
    for (const r of rows) yield* commissionCounted(o, r.beneficiaryId, r.amountFen);
    return rows.length === planned.length ? rows : null;
  }
  // All levels in one statement, and their events in one more: this runs for every attributed push.
  const created = yield* exec(insertEarningRows({ orderRef: o.id, at: ctx.at }, values));
  const idOfLevel = new Map(created.map((c) => [c.level, c.id]));
  const rows = planned.filter((r) => idOfLevel.has(r.level)).map((r) => ({ ...r, id: idOfLevel.get(r.level)! }));
  for (const r of rows) yield* commissionCounted(o, r.beneficiaryId, r.amountFen);
  if (rows.length) {
    yield* exec(insertCreatedEvents({ orderRef: o.id, reason, at: ctx.at }, rows.map((r) => ({ commissionId: r.id, toAmountFen: r.amountFen }))));
    // The buyer's member hears their order was tracked; the inviters above, that their team sold something.
    yield* notify(
      rows.map((r) => ({ userId: r.beneficiaryId, kind: r.level === 0 ? "order_tracked" : "team_order", dedupeKey: `c${r.id}:created`, orderRef: o.id, amountFen: r.amountFen, level: r.level })),
      ctx.at,
    );
  }
  return rows.length === planned.length ? rows : null;
}

/**
 * PostgreSQL batches: the earning rows of many new orders (from one push batch) in three statements — the rule,
 * every buyer's chain, and one insert of all rows with their creation events and notifications — instead of three
 * per order. Returns each order's rows; an order whose rows were not all created (never, for orders this
 * transaction created) is left out, and syncOrderCommissions creates or reads them as usual.
 */
export function* createEarningRowsOfNewOrders(orders: { o: OrderState; ctx: LedgerContext }[]): Work<Map<number, Row[]>> {
  const out = new Map<number, Row[]>();
  // One cause per statement (a push batch has one); an order outside these is left to syncOrderCommissions.
  const cause = orders[0]?.ctx.cause;
  const earning = orders.filter(({ o, ctx }) => ctx.cause === cause && o.memberId && earns(o) && orderMoneyBase(o).baseFen === o.baseFen);
  if (!earning.length) return out;
  const rule = yield* currentRule();
  const members = [...new Set(earning.map(({ o }) => o.memberId!))];
  const links = yield* exec(
    q.selectFrom("referral_paths as p").innerJoin("users as u", "u.id", "p.ancestorId").select(["p.descendantId", "p.ancestorId", "p.depth"])
      .where("p.descendantId", "in", members).where("p.depth", "<=", sql.lit(2)).where("u.disabled", "=", false).orderBy("p.descendantId").orderBy("p.depth"),
  );
  const chainOf = new Map<string, { ancestorId: string; depth: number }[]>();
  for (const l of links) {
    const chain = chainOf.get(l.descendantId);
    if (chain) chain.push(l);
    else chainOf.set(l.descendantId, [l]);
  }
  const planned = new Map(earning.map(({ o }) => [o.id, plannedEarningRows(rule, o.businessLine, chainOf.get(o.memberId!) ?? [], o.baseFen)]));
  const values = earning.flatMap(({ o, ctx }) => planned.get(o.id)!.map((r) => ({ r, orderRef: o.id, at: ctx.at })));
  for (const { o } of earning) if (!planned.get(o.id)!.length) out.set(o.id, []);
  if (!values.length) return out;
  const created = yield* exec(
    earningRowsWithEvents(
      values.map(({ r, orderRef, at }) => ({
        orderRef, beneficiaryId: r.beneficiaryId, level: r.level, key: "earning", baseFen: r.baseFen, rateBps: r.rateBps, amountFen: r.amountFen, ruleVersion: r.ruleVersion,
        status: "estimated", createdAt: at, updatedAt: at,
      })),
      `created:${cause}`,
    ),
  );
  if (created.length) yield* afterCommit(() => wakeMembers([...new Set(values.map((v) => v.r.beneficiaryId))]));
  const idOf = new Map(created.map((c) => [`${c.orderRef}:${c.level}`, c.id]));
  for (const { o } of earning) {
    const rows = planned.get(o.id)!;
    if (!rows.length || !rows.every((r) => idOf.has(`${o.id}:${r.level}`))) continue;
    const withIds = rows.map((r) => ({ ...r, id: idOf.get(`${o.id}:${r.level}`)! }));
    for (const r of withIds) yield* commissionCounted(o, r.beneficiaryId, r.amountFen);
    out.set(o.id, withIds);
  }
  return out;
}

type MoveValues = { status: string; availableAt: Date | null; reason: string | null; causeKind: string | null; causeEventId: number | null; causeRunId: number | null; at: Date; id: number; from: string };

const moveCommission = prepare<MoveValues>()((p) =>
  q.updateTable("commissions")
    .set((eb) => ({
      status: p.status,
      availableAt: eb.fn.coalesce(eb.val(p.availableAt), "availableAt"),
      reason: eb.fn.coalesce(eb.val(p.reason), "reason"),
      causeKind: eb.fn.coalesce(eb.val(p.causeKind), "causeKind"),
      causeEventId: eb.fn.coalesce(eb.val(p.causeEventId), "causeEventId"),
      causeRunId: eb.fn.coalesce(eb.val(p.causeRunId), "causeRunId"),
      updatedAt: p.at,
    }))
    .where("id", "=", p.id)
    .where("status", "=", p.from)
    .returning("id"),
);

/** A status move (compare-and-set on the current status); the amount stays. */
function* moveRow(row: Row, o: OrderState, to: { status: CommissionStatus; availableAt?: Date | null; reason?: string | null; causeKind?: string | null; causeEventId?: number | null; causeRunId?: number | null }, why: string, at: Date): Work<boolean> {
  const changed = yield* exec(
    moveCommission({ status: to.status, availableAt: to.availableAt ?? null, reason: to.reason ?? null, causeKind: to.causeKind ?? null, causeEventId: to.causeEventId ?? null, causeRunId: to.causeRunId ?? null, at, id: row.id, from: row.status }),
  );
  if (changed.length) {
    yield* commissionCounted(o, row.beneficiaryId, countedFen({ status: to.status, amountFen: row.amountFen }) - countedFen(row));
    yield* recordCommissionEvent(row.id, o.id, row.beneficiaryId, { status: row.status, amountFen: row.amountFen }, { status: to.status, amountFen: row.amountFen }, why, at);
  }
  return changed.length > 0;
}

/** Why the base moved, as the code an adjustment or a void row carries (rendered by lib/labels.ts). */
function reasonCode(o: OrderState, money: OrderMoney, deltaFen: number): string {
  if (money.source === "lost") return o.status === "risk" ? "risk" : "refund";
  if (deltaFen < 0) return o.status === "refunded" && o.refundType === "2" ? "partial_refund" : "base_down";
  return "base_up";
}

type AdjustmentValues = Omit<Insertable<DB["commissions"]>, "id" | "withdrawalId" | "createdAt" | "updatedAt"> & { at: Date };

const insertAdjustment = prepare<Required<AdjustmentValues>>()((p) =>
  q.insertInto("commissions")
    .values({
      orderRef: p.orderRef, beneficiaryId: p.beneficiaryId, level: p.level, key: p.key, baseFen: p.baseFen, rateBps: p.rateBps, amountFen: p.amountFen, ruleVersion: p.ruleVersion,
      status: p.status, availableAt: p.availableAt, reason: p.reason, causeKind: p.causeKind, causeEventId: p.causeEventId, causeRunId: p.causeRunId,
      fromBaseFen: p.fromBaseFen, toBaseFen: p.toBaseFen, createdAt: p.at, updatedAt: p.at,
    })
    .onConflict((oc) => oc.columns(["orderRef", "level", "key"]).doNothing())
    .returning("id"),
);

/** Adds a 扣回 (negative) or 调整 (positive, available at once: the rows it adds to were settled) row. */
function* addAdjustment(o: OrderState, e: Row, group: Row[], deltaFen: number, money: OrderMoney, previousBaseFen: number, ctx: LedgerContext): Work<void> {
  const n = group.filter((r) => r.key.startsWith("adjust:")).length + 1;
  const key = `adjust:${n}`;
  const status = deltaFen < 0 ? "clawback" : "available";
  const created = yield* exec(
    insertAdjustment({
      orderRef: o.id, beneficiaryId: e.beneficiaryId, level: e.level, key, baseFen: money.baseFen, rateBps: e.rateBps, amountFen: deltaFen, ruleVersion: e.ruleVersion, status,
      availableAt: ctx.at, reason: reasonCode(o, money, deltaFen), causeKind: ctx.cause, causeEventId: ctx.eventId ?? null, causeRunId: ctx.runId ?? null,
      fromBaseFen: previousBaseFen, toBaseFen: money.baseFen, at: ctx.at,
    }),
  );
  if (!created.length) throw new Error(`commission ${key} of order ${o.id} level ${e.level} already exists`);
  yield* commissionCounted(o, e.beneficiaryId, deltaFen);
  const row: Row = { ...e, id: created[0].id, key, amountFen: deltaFen, status, baseFen: money.baseFen };
  group.push(row);
  yield* recordCommissionEvent(row.id, o.id, row.beneficiaryId, { status: null, amountFen: null }, { status, amountFen: deltaFen }, `adjust:${ctx.cause}`, ctx.at);
  if (deltaFen < 0) {
    yield* notify([{ userId: e.beneficiaryId, kind: "commission_clawback", dedupeKey: `c${row.id}:clawback`, orderRef: o.id, amountFen: -deltaFen, level: e.level }], ctx.at);
  }
}

const reviveCommission = prepare<{ amountFen: number; baseFen: number; at: Date; id: number }>()((p) =>
  q.updateTable("commissions").set({ status: sql.lit("estimated"), amountFen: p.amountFen, baseFen: p.baseFen, updatedAt: p.at }).where("id", "=", p.id).where("status", "=", sql.lit("void")),
);

const recomputeCommission = prepare<{ amountFen: number; baseFen: number; at: Date; id: number; status: string }>()((p) =>
  q.updateTable("commissions").set({ amountFen: p.amountFen, baseFen: p.baseFen, updatedAt: p.at }).where("id", "=", p.id).where("status", "=", p.status),
);

const updateOrderBase = prepare<{ gmvFen: number; baseFen: number; baseSource: string; id: number }>()((p) =>
  q.updateTable("orders").set({ gmvFen: p.gmvFen, baseFen: p.baseFen, baseSource: p.baseSource }).where("id", "=", p.id),
);

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
    if (e.status !== "void" && (yield* moveRow(e, o, { status: "void", reason: reasonCode(o, money, 0), ...cause }, `void:${ctx.cause}`, ctx.at))) {
      // The buyer's member hears of every refund; an inviter only when it takes back money already available.
      const kind = e.level === 0 ? "order_refunded" : e.status === "available" ? "commission_clawback" : null;
      if (kind) yield* notify([{ userId: e.beneficiaryId, kind, dedupeKey: `c${e.id}:void:${ctx.eventId ?? ctx.at.getTime()}`, orderRef: o.id, amountFen: e.amountFen, level: e.level }], ctx.at);
    }
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
    yield* exec(reviveCommission({ amountFen: want, baseFen: money.baseFen, at: ctx.at, id: e.id }));
    yield* commissionCounted(o, e.beneficiaryId, want);
    yield* recordCommissionEvent(e.id, o.id, e.beneficiaryId, { status: "void", amountFen: e.amountFen }, { status: "estimated", amountFen: want }, `revived:${ctx.cause}`, ctx.at);
    current = { ...e, status: "estimated", amountFen: want, baseFen: money.baseFen };
  } else if (want !== e.amountFen || money.baseFen !== e.baseFen) {
    // The row's base snapshot follows too, even when the rounded amount happens not to move.
    yield* exec(recomputeCommission({ amountFen: want, baseFen: money.baseFen, at: ctx.at, id: e.id, status: e.status }));
    yield* commissionCounted(o, e.beneficiaryId, want - e.amountFen);
    yield* recordCommissionEvent(e.id, o.id, e.beneficiaryId, { status: e.status, amountFen: e.amountFen }, { status: e.status, amountFen: want }, `recomputed:${ctx.cause}`, ctx.at);
    current = { ...e, amountFen: want, baseFen: money.baseFen };
  }
  if (shortfall !== 0) yield* addAdjustment(o, current, group, shortfall, money, previousBaseFen, ctx);
  // A completed order, or one partly refunded (its remaining part is done), waits out the hold and settles.
  const done = o.status === "completed" || (o.status === "refunded" && o.refundType === "2");
  if (done && current.status === "estimated") {
    // The hold period in force when the order completes applies; rates stay those of the row's version.
    const availableAt = new Date((o.completedAt ?? ctx.at).getTime() + (yield* holdDays()) * DAY_MS);
    if ((yield* moveRow(current, o, { status: "pending", availableAt }, `completed:${ctx.cause}`, ctx.at)) && current.level === 0) {
      yield* notify([{ userId: current.beneficiaryId, kind: "order_completed", dedupeKey: `c${current.id}:completed`, orderRef: o.id, amountFen: current.amountFen, level: 0 }], ctx.at);
    }
  }
}

/**
 * Brings the order's stored money base and its commission rows in line with the order.
 * `written`: the order as the statement that just wrote it returned it (ORDER_STATE_COLUMNS), if at hand;
 * `created`: that statement created the order, so it has no commission rows yet — or exactly `earningRows`, when
 * createEarningRowsOfNewOrders wrote them.
 */
export function* syncOrderCommissions(orderRef: number, ctx: LedgerContext, written?: OrderState, created = false, earningRows?: Row[]): Work<void> {
  const o = written ?? (yield* loadOrder(orderRef));
  if (!o) return;
  const money = orderMoneyBase(o);
  const previousBaseFen = o.baseFen;
  if (money.gmvFen !== o.gmvFen || money.baseFen !== o.baseFen || money.source !== o.baseSource) {
    yield* exec(updateOrderBase({ gmvFen: money.gmvFen, baseFen: money.baseFen, baseSource: money.source, id: o.id }));
    yield* orderMoneyChanged(o, money.gmvFen - o.gmvFen, money.baseFen - o.baseFen);
  }
  const memberId = o.memberId;
  if (!memberId) return;
  let rows = earningRows ?? (created ? [] : yield* loadRows(orderRef));
  if (!earningRows && !rows.some((r) => r.key === "earning")) {
    if (!earns(o)) return;
    rows = (yield* createEarningRows({ ...o, memberId }, money.baseFen, ctx)) ?? (yield* loadRows(orderRef));
  }
  let hold: number | undefined;
  const holdDays = function* (): Work<number> {
    return (hold ??= (yield* currentRule()).holdDays);
  };
  for (const level of [...new Set(rows.map((r) => r.level))]) {
    yield* syncGroup(o, money, rows.filter((r) => r.level === level), previousBaseFen, ctx, holdDays);
  }
}
