// What the JSON API says about orders, events and pushes: money as yuan strings, times as ISO-8601 UTC.
import { fenToYuan } from "../money";
import type { Selectable } from "kysely";
import type { DB } from "../db/query";
import { EVENT_SOURCES, ORDER_SOURCES, ORDER_STATUSES, PUSH_OUTCOMES, SIGN_VARIANTS, storedCode } from "../contracts/enums";

/** A time as ISO-8601 UTC; a column that is never null stays a string in the type. */
const iso = <D extends Date | null | undefined>(d: D) => (d ? d.toISOString() : null) as D extends Date ? string : string | null;
const yuan = (fen: number | null | undefined) => (fen === null || fen === undefined ? null : fenToYuan(fen));

/** The order columns every order list reads (and orderDto shows). */
export const ORDER_COLUMNS = [
  "id", "orderId", "sid", "memberId", "title", "status", "upstreamStatus", "refundType", "businessLine", "subBusinessLine", "payFen", "totalFen",
  "paidAt", "upstreamUpdatedAt", "occurredAt", "flags", "source", "createdAt", "updatedAt", "commissionSource", "gmvFen", "baseFen", "baseSource", "refundFen",
] as const satisfies readonly (keyof DB["orders"])[];
export type OrderRow = Pick<Selectable<DB["orders"]>, (typeof ORDER_COLUMNS)[number]>;

export function orderDto(o: OrderRow) {
  return {
    orderId: o.orderId,
    sid: o.sid,
    memberId: o.memberId,
    title: o.title,
    status: storedCode(ORDER_STATUSES, o.status),
    upstreamStatus: o.upstreamStatus,
    refundType: o.refundType,
    businessLine: o.businessLine,
    subBusinessLine: o.subBusinessLine,
    payAmount: yuan(o.payFen),
    totalAmount: yuan(o.totalFen),
    paidAt: iso(o.paidAt),
    occurredAt: iso(o.occurredAt),
    upstreamUpdatedAt: iso(o.upstreamUpdatedAt),
    flags: o.flags ? o.flags.split(",") : [],
    source: storedCode(ORDER_SOURCES, o.source),
    createdAt: iso(o.createdAt),
    updatedAt: iso(o.updatedAt),
  };
}
export type OrderDto = ReturnType<typeof orderDto>;

export function eventDto(
  e: Pick<Selectable<DB["order_events"]>, "fromStatus" | "toStatus" | "upstreamStatus" | "refundType" | "source" | "applied" | "reason" | "at" | "pushId" | "upstreamUpdatedAt">,
) {
  return {
    from: e.fromStatus === null ? null : storedCode(ORDER_STATUSES, e.fromStatus),
    to: storedCode(ORDER_STATUSES, e.toStatus),
    upstreamStatus: e.upstreamStatus,
    refundType: e.refundType,
    source: storedCode(EVENT_SOURCES, e.source),
    applied: e.applied,
    reason: e.reason,
    at: iso(e.at),
    upstreamUpdatedAt: iso(e.upstreamUpdatedAt),
    pushId: e.pushId,
  };
}
export type EventDto = ReturnType<typeof eventDto>;

/** The push columns the lists read; the order page reads the body too. */
export const PUSH_COLUMNS = ["id", "receivedAt", "signatureValid", "signVariant", "outcome", "error", "remoteAddr", "contentType", "processingMs"] as const satisfies readonly (keyof DB["inbox_pushes"])[];

export function pushDto(p: Pick<Selectable<DB["inbox_pushes"]>, (typeof PUSH_COLUMNS)[number]> & { body?: Uint8Array; bodyTruncated?: boolean }) {
  return {
    id: p.id,
    receivedAt: iso(p.receivedAt),
    signatureValid: p.signatureValid,
    signVariant: p.signVariant === null ? null : storedCode(SIGN_VARIANTS, p.signVariant),
    outcome: storedCode(PUSH_OUTCOMES, p.outcome),
    error: p.error,
    remoteAddr: p.remoteAddr,
    contentType: p.contentType,
    processingMs: p.processingMs,
    ...(p.body ? { body: Buffer.from(p.body).toString("utf8"), bodyTruncated: p.bodyTruncated ?? false } : {}),
  };
}
export type PushDto = ReturnType<typeof pushDto>;
