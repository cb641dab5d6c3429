// What the JSON API says about orders, events and pushes: money as yuan strings, times as ISO-8601 UTC.
import { fenToYuan } from "../money";
import type { OrderStatus } from "../meituan/status";

/** A time as ISO-8601 UTC; a column that is never null stays a string in the type. */
const iso = <D extends Date | null | undefined>(d: D) => (d ? d.toISOString() : null) as D extends Date ? string : string | null;
const yuan = (fen: number | null | undefined) => (fen === null || fen === undefined ? null : fenToYuan(fen));

export interface OrderRow {
  orderId: string;
  sid: string | null;
  memberId: string | null;
  title: string | null;
  status: string;
  upstreamStatus: string;
  refundType: string | null;
  businessLine: number | null;
  subBusinessLine: number | null;
  payFen: number | null;
  totalFen: number | null;
  paidAt: Date | null;
  upstreamUpdatedAt: Date | null;
  occurredAt: Date;
  flags: string | null;
  source: string;
  createdAt: Date;
  updatedAt: Date;
}

export function orderDto(o: OrderRow) {
  return {
    orderId: o.orderId,
    sid: o.sid,
    memberId: o.memberId,
    title: o.title,
    status: o.status as OrderStatus,
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
    source: o.source,
    createdAt: iso(o.createdAt),
    updatedAt: iso(o.updatedAt),
  };
}
export type OrderDto = ReturnType<typeof orderDto>;

export function eventDto(e: {
  fromStatus: string | null;
  toStatus: string;
  upstreamStatus: string;
  refundType: string | null;
  source: string;
  applied: boolean;
  reason: string | null;
  at: Date;
  pushId: number | null;
  upstreamUpdatedAt: Date | null;
}) {
  return {
    from: e.fromStatus,
    to: e.toStatus,
    upstreamStatus: e.upstreamStatus,
    refundType: e.refundType,
    source: e.source,
    applied: e.applied,
    reason: e.reason,
    at: iso(e.at),
    upstreamUpdatedAt: iso(e.upstreamUpdatedAt),
    pushId: e.pushId,
  };
}
export type EventDto = ReturnType<typeof eventDto>;

export function pushDto(p: {
  id: number;
  receivedAt: Date;
  signatureValid: boolean;
  signVariant: string | null;
  outcome: string;
  error: string | null;
  remoteAddr: string | null;
  contentType: string | null;
  processingMs: number | null;
  body?: Uint8Array;
  bodyTruncated?: boolean;
}) {
  return {
    id: p.id,
    receivedAt: iso(p.receivedAt),
    signatureValid: p.signatureValid,
    signVariant: p.signVariant,
    outcome: p.outcome,
    error: p.error,
    remoteAddr: p.remoteAddr,
    contentType: p.contentType,
    processingMs: p.processingMs,
    ...(p.body ? { body: Buffer.from(p.body).toString("utf8"), bodyTruncated: p.bodyTruncated ?? false } : {}),
  };
}
export type PushDto = ReturnType<typeof pushDto>;
