// Applying one upstream state of an order (from a push, later from reconciliation) inside a transaction.
// The unique key (orderRef, dedupeKey) on order_events decides repeats, never a read-then-write, and the
// order row is locked (PostgreSQL) or the database is (SQLite) while the status decision is made.
import { sql, type Insertable } from "kysely";
import { exec, first, prepare, q, type DB, type Work } from "../db/query";
import type { UnionPush } from "../meituan/push";
import { decide } from "./ordering";
import type { OrderSource, PushOutcome } from "../contracts/enums";
import { estimateCommissionFen, orderMoneyBase } from "../earnings/base";
import { ORDER_STATE_COLUMNS, syncOrderCommissions } from "../earnings/ledger";
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

const selectForDecision = prepare<{ platform: string; orderId: string }>()((p) =>
  q.selectFrom("orders").select(["id", "status", "statusRank", "upstreamUpdatedAt", "occurredAt", "businessLine", "gmvFen", "baseFen", "source"]).where("platform", "=", p.platform).where("orderId", "=", p.orderId).forUpdate(),
);

const insertEvent = prepare<Required<Omit<Insertable<DB["order_events"]>, "id">>>()((p) =>
  q.insertInto("order_events")
    .values({
      orderRef: p.orderRef, fromStatus: p.fromStatus, toStatus: p.toStatus, upstreamStatus: p.upstreamStatus, refundType: p.refundType, source: p.source,
      applied: p.applied, reason: p.reason, pushId: p.pushId, upstreamUpdatedAt: p.upstreamUpdatedAt, dedupeKey: p.dedupeKey, at: p.at,
    })
    .onConflict((oc) => oc.columns(["orderRef", "dedupeKey"]).doNothing())
    .returning("id"),
);

export function* applyUnionState(p: UnionPush, ctx: ApplyContext): Work<ApplyOutcome> {
  const flags = p.flags.length ? p.flags.join(",") : null;
  const estimate = estimateCommissionFen(p.payFen, p.ratio);
  const completedAt = p.status === "completed" ? (p.modTime ?? ctx.at) : null;
  const estimateSource = estimate === null ? null : "estimate";
  // A new order's money, computed by the one function every view reads (the ledger keeps it current later).
  const money = orderMoneyBase({ status: p.status, refundType: p.refundType, payFen: p.payFen, refundFen: null, ratio: p.ratio, commissionFen: estimate, commissionSource: estimateSource });
  const created = yield* first(
    insertOrder({
      platform: ctx.platform, orderId: p.orderId, sid: p.sid, title: p.title, status: p.status, upstreamStatus: p.upstreamStatus, refundType: p.refundType,
      businessLine: p.businessLine, subBusinessLine: p.subBusinessLine, actId: p.actId, quantity: p.quantity, payFen: p.payFen, totalFen: p.totalFen,
      ratio: p.ratio, paidAt: p.paidAt, orderedAt: p.orderedAt, occurredAt: p.paidAt ?? p.orderedAt ?? ctx.at, upstreamUpdatedAt: p.modTime,
      statusRank: p.statusRank, flags, source: ctx.source, rawPayload: ctx.rawPayload, lastPushId: ctx.pushId, createdAt: ctx.at, updatedAt: ctx.at,
      commissionFen: estimate, commissionSource: estimateSource, completedAt, gmvFen: money.gmvFen, baseFen: money.baseFen, baseSource: money.source,
    }),
  );
  const event = (orderRef: number, fromStatus: string | null, applied: boolean, reason: string | null) =>
    first(
      insertEvent({
        orderRef, fromStatus, toStatus: p.status, upstreamStatus: p.upstreamStatus, refundType: p.refundType, source: ctx.source, applied, reason,
        pushId: ctx.pushId, upstreamUpdatedAt: p.modTime, dedupeKey: p.dedupeKey, at: ctx.at,
      }),
    );

  if (created) {
    yield* orderChanged(null, { ...created, source: ctx.source });
    const recorded = yield* event(created.id, null, true, null);
    yield* syncOrderCommissions(created.id, { at: ctx.at, cause: ctx.source, eventId: recorded!.id, runId: ctx.runId }, created, true);
    return "applied";
  }

  const current = yield* first(selectForDecision({ platform: ctx.platform, orderId: p.orderId }));
  if (!current) throw new Error(`order ${p.orderId} neither inserted nor found`);
  const decision = decide(current, { upstreamUpdatedAt: p.modTime, statusRank: p.statusRank });
  const recorded = yield* event(current.id, current.status, decision.apply, decision.apply ? null : decision.reason);
  if (!recorded) return "duplicate";
  if (!decision.apply) return "ignored";
  const updated = yield* first(
    updateOrder({
      status: p.status, upstreamStatus: p.upstreamStatus, refundType: p.refundType, title: p.title, businessLine: p.businessLine, subBusinessLine: p.subBusinessLine,
      actId: p.actId, quantity: p.quantity, payFen: p.payFen, totalFen: p.totalFen, ratio: p.ratio, paidAt: p.paidAt, orderedAt: p.orderedAt,
      occurredAt: p.paidAt ?? p.orderedAt, upstreamUpdatedAt: p.modTime, statusRank: p.statusRank, flags, rawPayload: ctx.rawPayload, lastPushId: ctx.pushId,
      updatedAt: ctx.at, commissionFen: estimate, commissionSource: estimateSource, completedAt, id: current.id,
    }),
  );
  if (updated) yield* movePlace(current, updated);
  yield* syncOrderCommissions(current.id, { at: ctx.at, cause: ctx.source, eventId: recorded.id, runId: ctx.runId }, updated);
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
