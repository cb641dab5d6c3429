// Applying one upstream state of an order (from a push, later from reconciliation) inside a transaction.
// The unique key (orderRef, dedupeKey) on order_events decides repeats, never a read-then-write, and the
// order row is locked (PostgreSQL) or the database is (SQLite) while the status decision is made.
import { sql, type Insertable, type Selectable } from "kysely";
import { exec, first as firstRow, inParallel, prepare, q, type DB, type Work } from "../db/query";
import type { UnionPush } from "../meituan/push";
import { decide } from "./ordering";
import type { OrderSource, PushOutcome } from "../contracts/enums";
import { estimateCommissionFen, orderMoneyBase } from "../earnings/base";
import { createEarningRowsOfNewOrders, ORDER_STATE_COLUMNS, syncOrderCommissions, type OrderState, type Row } from "../earnings/ledger";
import { commissionCounted, orderChanged, type OrderFacts } from "../rollups/record";
import { beijingDay } from "../time";

/** What applying a state did; the rest of a push's outcomes (rejected, failed) are the inbox's. */
export type ApplyOutcome = Extract<PushOutcome, "applied" | "ignored" | "duplicate">;

export interface ApplyContext {
  platform: string;
  source: OrderSource;
  pushId: number | null;
  rawPayload: string;
  at: Date;
  /** The reconciliation run applying it, for the cause of any money change. */
  runId?: number | null;
}

// Statements compiled once: they run for every push. Constants stay literals in the SQL, as hand-written SQL has
// them (SQLite runs a bound LIMIT or constant measurably slower).

type NewOrder = Required<Omit<Insertable<DB["orders"]>, "id" | "memberId" | "refundFen">>;

const insertOrder = prepare<NewOrder>()((p) =>
  q.insertInto("orders")
    .values({
      platform: p.platform, orderId: p.orderId, sid: p.sid, memberId: q.selectFrom("users").select("id").where("sid", "=", p.sid), title: p.title,
      status: p.status, upstreamStatus: p.upstreamStatus, refundType: p.refundType, businessLine: p.businessLine, subBusinessLine: p.subBusinessLine,
      actId: p.actId, quantity: p.quantity, payFen: p.payFen, totalFen: p.totalFen, ratio: p.ratio, paidAt: p.paidAt, orderedAt: p.orderedAt,
      occurredAt: p.occurredAt, upstreamUpdatedAt: p.upstreamUpdatedAt, statusRank: p.statusRank, flags: p.flags, source: p.source,
      rawPayload: p.rawPayload, lastPushId: p.lastPushId, createdAt: p.createdAt, updatedAt: p.updatedAt, commissionFen: p.commissionFen,
      commissionSource: p.commissionSource, completedAt: p.completedAt, gmvFen: p.gmvFen, baseFen: p.baseFen, baseSource: p.baseSource,
    })
    .onConflict((oc) => oc.columns(["platform", "orderId"]).doNothing())
    .returning(ORDER_STATE_COLUMNS),
);

/** What a later state may change: the push's values, each kept as stored where the push leaves it out (null). */
type OrderChange = Pick<NewOrder,
  | "status" | "upstreamStatus" | "refundType" | "title" | "businessLine" | "subBusinessLine" | "actId" | "quantity" | "payFen" | "totalFen"
  | "ratio" | "paidAt" | "orderedAt" | "upstreamUpdatedAt" | "statusRank" | "flags" | "rawPayload" | "lastPushId" | "updatedAt"
  | "commissionFen" | "commissionSource" | "completedAt"
> & { occurredAt: Date | null; id: number };

const updateOrder = prepare<OrderChange>()((p) =>
  q.updateTable("orders")
    .set((eb) => ({
      status: p.status,
      upstreamStatus: p.upstreamStatus,
      refundType: p.refundType,
      title: eb.fn.coalesce(eb.val(p.title), "title"),
      businessLine: eb.fn.coalesce(eb.val(p.businessLine), "businessLine"),
      subBusinessLine: eb.fn.coalesce(eb.val(p.subBusinessLine), "subBusinessLine"),
      actId: eb.fn.coalesce(eb.val(p.actId), "actId"),
      quantity: eb.fn.coalesce(eb.val(p.quantity), "quantity"),
      payFen: eb.fn.coalesce(eb.val(p.payFen), "payFen"),
      totalFen: eb.fn.coalesce(eb.val(p.totalFen), "totalFen"),
      ratio: eb.fn.coalesce(eb.val(p.ratio), "ratio"),
      paidAt: eb.fn.coalesce(eb.val(p.paidAt), "paidAt"),
      orderedAt: eb.fn.coalesce(eb.val(p.orderedAt), "orderedAt"),
      occurredAt: eb.fn.coalesce(eb.val(p.occurredAt), "occurredAt"),
      upstreamUpdatedAt: eb.fn.coalesce(eb.val(p.upstreamUpdatedAt), "upstreamUpdatedAt"),
      statusRank: p.statusRank,
      flags: p.flags,
      rawPayload: p.rawPayload,
      lastPushId: eb.fn.coalesce(eb.val(p.lastPushId), "lastPushId"),
      memberId: eb.fn.coalesce("memberId", eb.selectFrom("users as u").select("u.id").whereRef("u.sid", "=", "orders.sid")),
      updatedAt: p.updatedAt,
      // Meituan's own profit (reconciliation) is never overwritten by a push's estimate.
      commissionFen: eb.case().when("commissionSource", "=", sql.lit("profit")).then(eb.ref("commissionFen")).else(eb.fn.coalesce(eb.val(p.commissionFen), "commissionFen")).end(),
      commissionSource: eb.case().when("commissionSource", "=", sql.lit("profit")).then(sql.lit("profit")).else(eb.fn.coalesce(eb.val(p.commissionSource), "commissionSource")).end(),
      completedAt: eb.fn.coalesce("completedAt", eb.val(p.completedAt)),
    }))
    .where("id", "=", p.id)
    .returning(ORDER_STATE_COLUMNS),
);

/** What deciding on a later state needs of its order (and what its move to another day or line needs). */
const DECISION_COLUMNS = ["id", "orderId", "status", "statusRank", "upstreamUpdatedAt", "occurredAt", "businessLine", "gmvFen", "baseFen", "source"] as const;

const selectForDecision = prepare<{ platform: string; orderId: string }>()((p) =>
  q.selectFrom("orders").select(DECISION_COLUMNS).where("platform", "=", p.platform).where("orderId", "=", p.orderId).forUpdate(),
);

const insertEvent = prepare<EventValues>()((p) =>
  q.insertInto("order_events")
    .values({
      orderRef: p.orderRef, fromStatus: p.fromStatus, toStatus: p.toStatus, upstreamStatus: p.upstreamStatus, refundType: p.refundType, source: p.source,
      applied: p.applied, reason: p.reason, pushId: p.pushId, upstreamUpdatedAt: p.upstreamUpdatedAt, dedupeKey: p.dedupeKey, at: p.at,
    })
    .onConflict((oc) => oc.columns(["orderRef", "dedupeKey"]).doNothing())
    .returning("id"),
);

/** The columns of the order a state creates (its first one we see). */
function newOrderValues(p: UnionPush, ctx: ApplyContext): NewOrder {
  const flags = p.flags.length ? p.flags.join(",") : null;
  const estimate = estimateCommissionFen(p.payFen, p.ratio);
  const estimateSource = estimate === null ? null : "estimate";
  // A new order's money, computed by the one function every view reads (the ledger keeps it current later).
  const money = orderMoneyBase({ status: p.status, refundType: p.refundType, payFen: p.payFen, refundFen: null, ratio: p.ratio, commissionFen: estimate, commissionSource: estimateSource });
  return {
    platform: ctx.platform, orderId: p.orderId, sid: p.sid, title: p.title, status: p.status, upstreamStatus: p.upstreamStatus, refundType: p.refundType,
    businessLine: p.businessLine, subBusinessLine: p.subBusinessLine, actId: p.actId, quantity: p.quantity, payFen: p.payFen, totalFen: p.totalFen,
    ratio: p.ratio, paidAt: p.paidAt, orderedAt: p.orderedAt, occurredAt: p.paidAt ?? p.orderedAt ?? ctx.at, upstreamUpdatedAt: p.modTime,
    statusRank: p.statusRank, flags, source: ctx.source, rawPayload: ctx.rawPayload, lastPushId: ctx.pushId, createdAt: ctx.at, updatedAt: ctx.at,
    commissionFen: estimate, commissionSource: estimateSource, completedAt: p.status === "completed" ? (p.modTime ?? ctx.at) : null,
    gmvFen: money.gmvFen, baseFen: money.baseFen, baseSource: money.source,
  };
}

type EventValues = Required<Omit<Insertable<DB["order_events"]>, "id">>;

const eventValues = (p: UnionPush, ctx: ApplyContext, orderRef: number, fromStatus: string | null, applied: boolean, reason: string | null): EventValues => ({
  orderRef, fromStatus, toStatus: p.status, upstreamStatus: p.upstreamStatus, refundType: p.refundType, source: ctx.source, applied, reason,
  pushId: ctx.pushId, upstreamUpdatedAt: p.modTime, dedupeKey: p.dedupeKey, at: ctx.at,
});

const ledgerContext = (ctx: ApplyContext, eventId: number) => ({ at: ctx.at, cause: ctx.source, eventId, runId: ctx.runId });

/** A new order's rollups and commission rows, once it and its first event (and maybe its earning rows) are written. */
function* orderCreated(created: OrderState, eventId: number, ctx: ApplyContext, earningRows?: Row[]): Work<ApplyOutcome> {
  yield* orderChanged(null, { ...created, source: ctx.source });
  yield* syncOrderCommissions(created.id, ledgerContext(ctx, eventId), created, true, earningRows);
  return "applied";
}

/**
 * What firstStates did for a state: created its order (with its first event and earning rows), or found the order
 * (locked), decided on the state and recorded its event (`eventId` null: an exact repeat).
 */
export type FirstState =
  | { kind: "created"; created: OrderState; eventId: number; earningRows?: Row[] }
  | { kind: "found"; current: Decided; decision: ReturnType<typeof decide>; eventId: number | null };

type Decided = Pick<Selectable<DB["orders"]>, (typeof DECISION_COLUMNS)[number]>;

/**
 * PostgreSQL batches: the first state of each of many orders, a few statements for the whole batch instead of a
 * few per push — the new orders in one insert, their first events in one more and their earning rows in three
 * (lib/earnings/ledger.ts); the orders that exist read and locked in one select and their events in one insert.
 * The unique keys decide which orders are new and which states are repeats, as they do one by one; orders are
 * inserted and locked in the order given (the batch's orderid order, the order every batch locks in).
 */
export function* firstStates(items: { p: UnionPush; ctx: ApplyContext }[]): Work<Map<string, FirstState>> {
  const out = new Map<string, FirstState>();
  if (!items.length) return out;
  const byOrderId = new Map(items.map((it) => [it.p.orderId, it]));
  const created = yield* exec(
    q.insertInto("orders")
      .values(items.map(({ p, ctx }) => {
        const v = newOrderValues(p, ctx);
        return { ...v, memberId: q.selectFrom("users").select("id").where("sid", "=", v.sid) };
      }))
      .onConflict((oc) => oc.columns(["platform", "orderId"]).doNothing())
      .returning(ORDER_STATE_COLUMNS),
  );
  const isNew = new Set(created.map((o) => o.orderId));
  // One platform per select (a push batch has one); a state outside it is applied one by one.
  const platform = items[0].ctx.platform;
  const existing = items.filter(({ p, ctx }) => !isNew.has(p.orderId) && ctx.platform === platform);
  // The new orders and the known ones side by side: their statements share round trips.
  yield* inParallel([
    function* () {
      if (!created.length) return;
      const events = yield* exec(
        q.insertInto("order_events")
          .values(created.map((o) => {
            const { p, ctx } = byOrderId.get(o.orderId)!;
            return eventValues(p, ctx, o.id, null, true, null);
          }))
          .returning(["id", "orderRef"]),
      );
      const eventOf = new Map(events.map((e) => [e.orderRef, e.id]));
      const rowsOf = yield* createEarningRowsOfNewOrders(created.map((o) => ({ o, ctx: ledgerContext(byOrderId.get(o.orderId)!.ctx, eventOf.get(o.id)!) })));
      for (const o of created) out.set(o.orderId, { kind: "created", created: o, eventId: eventOf.get(o.id)!, earningRows: rowsOf.get(o.id) });
    },
    function* () {
      if (!existing.length) return;
      const found = yield* exec(
        q.selectFrom("orders").select(DECISION_COLUMNS).where("platform", "=", platform).where("orderId", "in", existing.map(({ p }) => p.orderId)).orderBy("orderId").forUpdate(),
      );
      const currentOf = new Map(found.map((o) => [o.orderId, o]));
      const decided = existing.map(({ p, ctx }) => {
        const current = currentOf.get(p.orderId);
        if (!current) throw new Error(`order ${p.orderId} neither inserted nor found`);
        return { p, ctx, current, decision: decide(current, { upstreamUpdatedAt: p.modTime, statusRank: p.statusRank }) };
      });
      const recorded = yield* exec(
        q.insertInto("order_events")
          .values(decided.map(({ p, ctx, current, decision }) => eventValues(p, ctx, current.id, current.status, decision.apply, decision.apply ? null : decision.reason)))
          .onConflict((oc) => oc.columns(["orderRef", "dedupeKey"]).doNothing())
          .returning(["id", "orderRef"]),
      );
      const eventOf = new Map(recorded.map((e) => [e.orderRef, e.id]));
      for (const { p, current, decision } of decided) out.set(p.orderId, { kind: "found", current, decision, eventId: eventOf.get(current.id) ?? null });
    },
  ]);
  return out;
}

/**
 * Applies one upstream state. `first`: what firstStates already did for this state (a batch's first state of its
 * order).
 */
export function* applyUnionState(p: UnionPush, ctx: ApplyContext, first?: FirstState): Work<ApplyOutcome> {
  if (first?.kind === "created") return yield* orderCreated(first.created, first.eventId, ctx, first.earningRows);
  const event = (orderRef: number, fromStatus: string | null, applied: boolean, reason: string | null) => firstRow(insertEvent(eventValues(p, ctx, orderRef, fromStatus, applied, reason)));
  if (!first) {
    const created = yield* firstRow(insertOrder(newOrderValues(p, ctx)));
    if (created) {
      const recorded = yield* event(created.id, null, true, null);
      return yield* orderCreated(created, recorded!.id, ctx);
    }
  }

  let current: Decided, decision: ReturnType<typeof decide>, eventId: number | null;
  if (first) ({ current, decision, eventId } = first);
  else {
    const found = yield* firstRow(selectForDecision({ platform: ctx.platform, orderId: p.orderId }));
    if (!found) throw new Error(`order ${p.orderId} neither inserted nor found`);
    current = found;
    decision = decide(current, { upstreamUpdatedAt: p.modTime, statusRank: p.statusRank });
    eventId = (yield* event(current.id, current.status, decision.apply, decision.apply ? null : decision.reason))?.id ?? null;
  }
  if (eventId === null) return "duplicate";
  if (!decision.apply) return "ignored";
  const flags = p.flags.length ? p.flags.join(",") : null;
  const estimate = estimateCommissionFen(p.payFen, p.ratio);
  const estimateSource = estimate === null ? null : "estimate";
  const completedAt = p.status === "completed" ? (p.modTime ?? ctx.at) : null;
  const updated = yield* firstRow(
    updateOrder({
      status: p.status, upstreamStatus: p.upstreamStatus, refundType: p.refundType, title: p.title, businessLine: p.businessLine, subBusinessLine: p.subBusinessLine,
      actId: p.actId, quantity: p.quantity, payFen: p.payFen, totalFen: p.totalFen, ratio: p.ratio, paidAt: p.paidAt, orderedAt: p.orderedAt,
      occurredAt: p.paidAt ?? p.orderedAt, upstreamUpdatedAt: p.modTime, statusRank: p.statusRank, flags, rawPayload: ctx.rawPayload, lastPushId: ctx.pushId,
      updatedAt: ctx.at, commissionFen: estimate, commissionSource: estimateSource, completedAt, id: current.id,
    }),
  );
  if (updated) yield* movePlace(current, updated);
  yield* syncOrderCommissions(current.id, ledgerContext(ctx, eventId), updated);
  return "applied";
}

const countedPerBeneficiary = prepare<{ orderRef: number }>()((p) =>
  q.selectFrom("commissions").select((eb) => ["beneficiaryId", eb.fn.sum<number>("amountFen").as("fen")]).where("orderRef", "=", p.orderRef).where("status", "<>", sql.lit("void")).groupBy("beneficiaryId"),
);

/**
 * A later push moved the order to another Beijing day (a different pay time) or business line: its numbers and
 * its commission rows' move with it in the rollups. Rare, so the rows are read only then.
 */
function* movePlace(before: OrderFacts & { id: number }, after: Pick<OrderFacts, "occurredAt" | "businessLine">): Work<void> {
  if (before.businessLine === after.businessLine && beijingDay(before.occurredAt) === beijingDay(after.occurredAt)) return;
  yield* orderChanged(before, { ...before, occurredAt: after.occurredAt, businessLine: after.businessLine });
  for (const r of yield* exec(countedPerBeneficiary({ orderRef: before.id }))) {
    yield* commissionCounted(before, r.beneficiaryId, -Number(r.fen));
    yield* commissionCounted(after, r.beneficiaryId, Number(r.fen));
  }
}
