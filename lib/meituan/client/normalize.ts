// Both order APIs into one UpstreamOrder. Defensive about the wire: any scalar may come as a string or a number,
// money is yuan text parsed to fen without floating point, times are 10-digit seconds or 13-digit milliseconds.
import { parseYuanToFen } from "../../money";
import { isRecord } from "./json";
import type { UpstreamOrder } from "./types";

/** The text of a scalar: strings trimmed, numbers in their string form; empty, objects and null → null. */
export function textOf(v: unknown): string | null {
  if (typeof v === "string") {
    const t = v.trim();
    return t === "" ? null : t;
  }
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : null;
  if (typeof v === "bigint") return String(v);
  if (typeof v === "boolean") return String(v);
  return null;
}

export function intOf(v: unknown): number | null {
  const t = textOf(v);
  if (t === null || !/^-?\d{1,15}$/.test(t)) return null;
  return Number(t);
}

/** Yuan (string or number) to fen; null when absent or not a plain decimal. */
export function fenOf(v: unknown): number | null {
  const t = textOf(v);
  if (t === null) return null;
  // A number that JS prints in exponent form (1e-7) is not money Meituan sends; refuse rather than guess.
  return parseYuanToFen(t);
}

const sumFen = (...values: (number | null)[]): number | null =>
  values.every((v) => v === null) ? null : values.reduce<number>((a, v) => a + (v ?? 0), 0);

const BEIJING_DATETIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * A timestamp: 10-digit seconds or 13-digit milliseconds (string or number), or "yyyy-mm-dd hh:mm[:ss]" read as
 * Beijing time. 0 and empty mean "not set" → null.
 */
export function timeOf(v: unknown): Date | null {
  const t = textOf(v);
  if (t === null) return null;
  if (/^\d+$/.test(t)) {
    const n = Number(t);
    if (n === 0) return null;
    if (t.length <= 10) return new Date(n * 1000);
    if (t.length <= 13) return new Date(n);
    return null;
  }
  const m = BEIJING_DATETIME.exec(t);
  if (m) {
    const d = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? "00"}+08:00`);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  return null;
}

function pick(row: Record<string, unknown>, ...keys: string[]): unknown {
  for (const k of keys) if (row[k] !== undefined && row[k] !== null && row[k] !== "") return row[k];
  return undefined;
}

function arrayOf(v: unknown): Record<string, unknown>[] {
  if (Array.isArray(v)) return v.filter(isRecord);
  if (isRecord(v)) return [v]; // one SDK models orderDetail as an object
  return [];
}

/** The latest refund's refundType from refundInfoList (by refundTime; the last entry on a tie). */
function latestRefundType(row: Record<string, unknown>): string | null {
  let best: { at: number; type: string } | null = null;
  for (const r of arrayOf(row.refundInfoList)) {
    const type = textOf(r.refundType);
    if (type === null) continue;
    const at = timeOf(r.refundTime)?.getTime() ?? 0;
    if (!best || at >= best.at) best = { at, type };
  }
  return best?.type ?? null;
}

/** An orderList / order row of the union API (G2). Null when the row has no order id. */
export function normalizeUnionOrder(row: Record<string, unknown>): UpstreamOrder | null {
  const orderId = textOf(pick(row, "orderid", "orderId"));
  if (!orderId) return null;
  const upstreamStatus = textOf(row.status) ?? "";
  let refundType = textOf(row.refundType) ?? latestRefundType(row);
  // riskOrder 1 on a voided order without a refund record: a risk-control void (refundType 3, RISK_REFUND).
  if (refundType === null && upstreamStatus === "9" && textOf(row.riskOrder) === "1") refundType = "3";
  return {
    orderId,
    sid: textOf(row.sid),
    upstreamStatus,
    refundType,
    title: textOf(pick(row, "smstitle", "productName")),
    businessLine: intOf(row.businessLine),
    actId: textOf(row.actId),
    payFen: fenOf(pick(row, "payprice", "payPrice")),
    profitFen: sumFen(fenOf(row.profit), fenOf(row.cpaProfit)),
    refundProfitFen: sumFen(fenOf(pick(row, "refundprofit", "refundProfit")), fenOf(row.cpaRefundProfit)),
    refundFen: fenOf(pick(row, "refundprice", "refundPrice")),
    paidAt: timeOf(pick(row, "paytime", "payTime")),
    updatedAt: timeOf(pick(row, "modTime", "modtime", "updatetime", "updateTime")),
    raw: row,
  };
}

/** Media `status` → union code and refund type. */
export function mapMediaStatus(status: unknown): { upstreamStatus: string; refundType: string | null } {
  const s = textOf(status);
  switch (s) {
    case "2":
      return { upstreamStatus: "1", refundType: null };
    case "3":
    case "6":
      return { upstreamStatus: "8", refundType: null };
    case "4":
      return { upstreamStatus: "9", refundType: "1" };
    case "5":
      return { upstreamStatus: "9", refundType: "3" };
    default:
      return { upstreamStatus: s === null ? "" : `m${s}`, refundType: null };
  }
}

/**
 * For a multi-coupon parent (到店, 闪购, 医药) the order `status` is one child's status picked at random,
 * so the children decide when they are present: couponStatus 1 付款, 2 完成, 3 结算, 4 失效.
 * Any child still paid → paid; every child void → void (risk when the parent says 5); otherwise completed.
 */
function statusFromCoupons(details: Record<string, unknown>[], parent: unknown): { upstreamStatus: string; refundType: string | null } | null {
  const statuses = details.map((d) => textOf(d.couponStatus)).filter((s): s is string => s !== null);
  if (statuses.length === 0 || statuses.some((s) => !["1", "2", "3", "4"].includes(s))) return null;
  if (statuses.includes("1")) return { upstreamStatus: "1", refundType: null };
  if (statuses.every((s) => s === "4")) return { upstreamStatus: "9", refundType: textOf(parent) === "5" ? "3" : "1" };
  return { upstreamStatus: "8", refundType: statuses.includes("4") ? "2" : null };
}

/** A query_order dataList item of the media API (G3). Null when the item has no order id. */
export function normalizeMediaOrder(row: Record<string, unknown>): UpstreamOrder | null {
  const orderId = textOf(pick(row, "orderId", "orderid"));
  if (!orderId) return null;
  const details = arrayOf(row.orderDetail);
  const { upstreamStatus, refundType } = statusFromCoupons(details, row.status) ?? mapMediaStatus(row.status);
  const detailRefund = sumFen(...details.map((d) => fenOf(d.refundFee)));
  const orderRefund = fenOf(pick(row, "refundProfit", "refundprofit"));
  return {
    orderId,
    sid: textOf(row.sid),
    upstreamStatus,
    refundType,
    title: textOf(pick(row, "productName", "smstitle")),
    businessLine: intOf(row.businessLine),
    actId: textOf(row.actId),
    payFen: fenOf(pick(row, "payPrice", "payprice")),
    profitFen: sumFen(fenOf(row.profit), fenOf(row.cpaProfit)),
    refundProfitFen: sumFen(orderRefund ?? detailRefund, fenOf(row.cpaRefundProfit)),
    refundFen: fenOf(pick(row, "refundPrice", "refundprice")) ?? sumFen(...details.map((d) => fenOf(d.refundAmount))),
    paidAt: timeOf(pick(row, "payTime", "paytime")),
    updatedAt: timeOf(pick(row, "updateTime", "update_time", "updatetime", "modTime")),
    raw: row,
  };
}
