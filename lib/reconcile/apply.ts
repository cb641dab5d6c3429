// Applying what Meituan's order API says to our data, with the same rules as a push: the order is created if no
// push ever brought it (source sync: the push gap), its status moves only forward, and Meituan's profit −
// refundprofit becomes the commission base (rows recomputed or clawed back as the ledger says).
import { first, q, type Work } from "../db/query";
import { mapUnionStatus } from "../meituan/status";
import type { UnionPush } from "../meituan/push";
import { applyUnionState } from "../orders/apply";
import { setAuthoritativeCommission } from "../earnings/authoritative";
import type { UpstreamOrder } from "../meituan/client/types";

export interface ApplyCounts {
  seen: number;
  created: number;
  statusChanged: number;
  moneyChanged: number;
}

/** The upstream order as the push path understands it; the dedupe key matches a push of the same state. */
export function upstreamAsPush(o: UpstreamOrder): UnionPush {
  const { status, rank, known } = mapUnionStatus(o.upstreamStatus, o.refundType);
  const modSeconds = o.updatedAt ? String(Math.floor(o.updatedAt.getTime() / 1000)) : "";
  return {
    orderId: o.orderId,
    upstreamStatus: o.upstreamStatus,
    status,
    statusRank: rank,
    refundType: o.refundType,
    sid: o.sid,
    title: o.title,
    businessLine: o.businessLine,
    subBusinessLine: null,
    actId: o.actId,
    quantity: null,
    payFen: o.payFen,
    totalFen: null,
    ratio: null,
    paidAt: o.paidAt,
    orderedAt: null,
    modTime: o.updatedAt,
    dedupeKey: [o.upstreamStatus, modSeconds, o.refundType ?? "", "", ""].join("|"),
    flags: [...(known ? [] : ["unknown_status"]), ...(o.sid ? [] : ["no_sid"])],
  };
}

/** `runId`: the reconciliation run applying them, named as the cause of every money change it makes. */
export function* applyUpstreamOrders(orders: UpstreamOrder[], at = new Date(), runId: number | null = null): Work<ApplyCounts> {
  const counts: ApplyCounts = { seen: 0, created: 0, statusChanged: 0, moneyChanged: 0 };
  // The same lock order as the push path: by orderid.
  for (const o of [...orders].sort((a, b) => a.orderId.localeCompare(b.orderId))) {
    counts.seen++;
    const before = yield* first(q.selectFrom("orders").select("id").where("platform", "=", "union").where("orderId", "=", o.orderId));
    const outcome = yield* applyUnionState(upstreamAsPush(o), { platform: "union", source: "sync", pushId: null, rawPayload: JSON.stringify(o.raw), at, runId });
    if (!before) counts.created++;
    else if (outcome === "applied") counts.statusChanged++;
    if (o.profitFen === null) continue;
    const row = yield* first(q.selectFrom("orders").select(["id", "commissionFen", "commissionSource", "refundFen"]).where("platform", "=", "union").where("orderId", "=", o.orderId));
    if (!row) throw new Error(`order ${o.orderId} not found after applying it`);
    const base = Math.max(0, o.profitFen - (o.refundProfitFen ?? 0));
    const refundFen = o.refundFen ?? null;
    const sameRefund = refundFen === null || row.refundFen === refundFen;
    if (row.commissionSource === "profit" && row.commissionFen === base && sameRefund) continue;
    yield* setAuthoritativeCommission(row.id, o.profitFen, o.refundProfitFen ?? 0, { at, cause: "sync", runId }, refundFen);
    counts.moneyChanged++;
  }
  return counts;
}
