// Applying one upstream state of an order (from a push, later from reconciliation) inside a transaction.
// The unique key (orderRef, dedupeKey) on order_events decides repeats, never a read-then-write, and the
// order row is locked (PostgreSQL) or the database is (SQLite) while the status decision is made.
import { one, type Dialect, type Work } from "../db/sql";
import type { UnionPush } from "../meituan/push";
import { decide } from "./ordering";
import { estimateCommissionFen, orderMoneyBase } from "../earnings/base";
import { ORDER_STATE_COLUMNS, orderStateFromRow, syncOrderCommissions } from "../earnings/ledger";

export type ApplyOutcome = "applied" | "ignored" | "duplicate";

export interface ApplyContext {
  dialect: Dialect;
  platform: string;
  source: "push" | "sync";
  pushId: number | null;
  rawPayload: string;
  at: Date;
  /** The reconciliation run applying it, for the cause of any money change. */
  runId?: number | null;
}

const ORDER_INSERT = `INSERT INTO orders ("platform", "orderId", "sid", "memberId", "title", "status", "upstreamStatus", "refundType",
  "businessLine", "subBusinessLine", "actId", "quantity", "payFen", "totalFen", "ratio", "paidAt", "orderedAt", "occurredAt",
  "upstreamUpdatedAt", "statusRank", "flags", "source", "rawPayload", "lastPushId", "createdAt", "updatedAt",
  "commissionFen", "commissionSource", "completedAt", "gmvFen", "baseFen", "baseSource")
  VALUES (?, ?, ?, (SELECT "id" FROM users WHERE "sid" = ?), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT ("platform", "orderId") DO NOTHING RETURNING ${ORDER_STATE_COLUMNS}`;

const ORDER_UPDATE = `UPDATE orders SET "status" = ?, "upstreamStatus" = ?, "refundType" = ?, "title" = COALESCE(?, "title"),
  "businessLine" = COALESCE(?, "businessLine"), "subBusinessLine" = COALESCE(?, "subBusinessLine"), "actId" = COALESCE(?, "actId"),
  "quantity" = COALESCE(?, "quantity"), "payFen" = COALESCE(?, "payFen"), "totalFen" = COALESCE(?, "totalFen"),
  "ratio" = COALESCE(?, "ratio"), "paidAt" = COALESCE(?, "paidAt"), "orderedAt" = COALESCE(?, "orderedAt"),
  "occurredAt" = COALESCE(?, "occurredAt"), "upstreamUpdatedAt" = COALESCE(?, "upstreamUpdatedAt"), "statusRank" = ?, "flags" = ?, "rawPayload" = ?, "lastPushId" = COALESCE(?, "lastPushId"),
  "memberId" = COALESCE("memberId", (SELECT u."id" FROM users u WHERE u."sid" = orders."sid")), "updatedAt" = ?,
  "commissionFen" = CASE WHEN "commissionSource" = 'profit' THEN "commissionFen" ELSE COALESCE(?, "commissionFen") END,
  "commissionSource" = CASE WHEN "commissionSource" = 'profit' THEN 'profit' ELSE COALESCE(?, "commissionSource") END,
  "completedAt" = COALESCE("completedAt", ?)
  WHERE "id" = ? RETURNING ${ORDER_STATE_COLUMNS}`;

const EVENT_INSERT = `INSERT INTO order_events ("orderRef", "fromStatus", "toStatus", "upstreamStatus", "refundType", "source", "applied",
  "reason", "pushId", "upstreamUpdatedAt", "dedupeKey", "at") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT ("orderRef", "dedupeKey") DO NOTHING RETURNING "id"`;

export function* applyUnionState(p: UnionPush, ctx: ApplyContext): Work<ApplyOutcome> {
  const flags = p.flags.length ? p.flags.join(",") : null;
  const occurredAt = p.paidAt ?? p.orderedAt ?? ctx.at;
  const estimate = estimateCommissionFen(p.payFen, p.ratio);
  const completedAt = p.status === "completed" ? (p.modTime ?? ctx.at) : null;
  const estimateSource = estimate === null ? null : "estimate";
  // A new order's money, computed by the one function every view reads (the ledger keeps it current later).
  const money = orderMoneyBase({ status: p.status, refundType: p.refundType, payFen: p.payFen, refundFen: null, ratio: p.ratio, commissionFen: estimate, commissionSource: estimateSource });
  const created = yield* one(ORDER_INSERT, [
    ctx.platform, p.orderId, p.sid, p.sid, p.title, p.status, p.upstreamStatus, p.refundType,
    p.businessLine, p.subBusinessLine, p.actId, p.quantity, p.payFen, p.totalFen, p.ratio, p.paidAt, p.orderedAt, occurredAt,
    p.modTime, p.statusRank, flags, ctx.source, ctx.rawPayload, ctx.pushId, ctx.at, ctx.at,
    estimate, estimateSource, completedAt, money.gmvFen, money.baseFen, money.source,
  ]);
  const event = (orderRef: number, from: string | null, applied: boolean, reason: string | null) =>
    one(EVENT_INSERT, [orderRef, from, p.status, p.upstreamStatus, p.refundType, ctx.source, applied, reason, ctx.pushId, p.modTime, p.dedupeKey, ctx.at]);

  if (created.length) {
    const order = orderStateFromRow(created[0]);
    const [recorded] = yield* event(order.id, null, true, null);
    yield* syncOrderCommissions(order.id, { dialect: ctx.dialect, at: ctx.at, cause: ctx.source, eventId: Number(recorded.id), runId: ctx.runId }, order, true);
    return "applied";
  }

  const lock = ctx.dialect === "pg" ? " FOR UPDATE" : "";
  const [current] = yield* one(
    `SELECT "id", "status", "statusRank", "upstreamUpdatedAt" FROM orders WHERE "platform" = ? AND "orderId" = ?${lock}`,
    [ctx.platform, p.orderId],
  );
  const orderRef = Number(current.id);
  const decision = decide(
    { upstreamUpdatedAt: current.upstreamUpdatedAt ? new Date(current.upstreamUpdatedAt as string | Date) : null, statusRank: Number(current.statusRank) },
    { upstreamUpdatedAt: p.modTime, statusRank: p.statusRank },
  );
  const recorded = yield* event(orderRef, String(current.status), decision.apply, decision.apply ? null : decision.reason);
  if (!recorded.length) return "duplicate";
  if (!decision.apply) return "ignored";
  const [updated] = yield* one(ORDER_UPDATE, [
    p.status, p.upstreamStatus, p.refundType, p.title, p.businessLine, p.subBusinessLine, p.actId, p.quantity, p.payFen, p.totalFen,
    p.ratio, p.paidAt, p.orderedAt, p.paidAt ?? p.orderedAt, p.modTime, p.statusRank, flags, ctx.rawPayload, ctx.pushId, ctx.at,
    estimate, estimateSource, completedAt, orderRef,
  ]);
  const ledger = { dialect: ctx.dialect, at: ctx.at, cause: ctx.source, eventId: Number(recorded[0].id), runId: ctx.runId };
  yield* syncOrderCommissions(orderRef, ledger, orderStateFromRow(updated));
  return "applied";
}
