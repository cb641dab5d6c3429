// Reading an order push (订单回推: form or JSON fields, values as strings or numbers): the body into parameters, the parameters into typed fields.
// Nothing here throws on hostile input: every problem is an error result or a flag on the push.
import { parseRawJson, RawJsonError, RawNumber, type RawJson } from "./raw-json";
import { mapUnionStatus, type OrderStatus } from "./status";
import { parseYuanToFen } from "../money";
import { BUSINESS_LINE_LABEL } from "../labels";

export type PushParams = Record<string, RawJson>;

export type ReadResult = { ok: true; params: PushParams } | { ok: false; error: string };

/** JSON is what Meituan sends; form bodies are accepted defensively. Anything else is sniffed. */
export function readPushBody(contentType: string | null, body: string): ReadResult {
  const type = (contentType ?? "").split(";")[0].trim().toLowerCase();
  const looksJson = body.trimStart().startsWith("{");
  if (type === "application/x-www-form-urlencoded" && !looksJson) return readForm(body);
  if (type.includes("json") || looksJson) {
    try {
      const value = parseRawJson(body);
      if (value === null || typeof value !== "object" || Array.isArray(value) || value instanceof RawNumber) {
        return { ok: false, error: "body is not a JSON object" };
      }
      return { ok: true, params: value };
    } catch (e) {
      if (e instanceof RawJsonError) return { ok: false, error: `invalid JSON: ${e.message}` };
      throw e;
    }
  }
  if (body.includes("=")) return readForm(body);
  return { ok: false, error: body.trim() === "" ? "empty body" : `unsupported content type: ${type || "none"}` };
}

function readForm(body: string): ReadResult {
  const params: PushParams = Object.create(null);
  for (const [k, v] of new URLSearchParams(body)) params[k] = v;
  if (Object.keys(params).length === 0) return { ok: false, error: "empty form body" };
  return { ok: true, params };
}

export interface UnionPush {
  orderId: string;
  upstreamStatus: string;
  status: OrderStatus;
  statusRank: number;
  refundType: string | null;
  sid: string | null;
  title: string | null;
  businessLine: number | null;
  subBusinessLine: number | null;
  actId: string | null;
  quantity: number | null;
  payFen: number | null;
  totalFen: number | null;
  ratio: string | null;
  paidAt: Date | null;
  orderedAt: Date | null;
  modTime: Date | null;
  /** Identifies this upstream state of the order: a repeat of it carries the same key. */
  dedupeKey: string;
  flags: string[];
}

// NUL and other control characters cannot be stored as text in PostgreSQL and mean nothing in a title.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

function scalar(v: RawJson | undefined): string | null {
  if (v === undefined || v === null) return null;
  if (v instanceof RawNumber) return v.text;
  if (typeof v === "string") return v.replace(CONTROL, "").trim();
  if (typeof v === "boolean") return String(v);
  return null;
}

export function orderIdOf(params: PushParams): string | null {
  const id = scalar(params.orderid) ?? scalar(params.orderId);
  return id && id.length <= 64 ? id : null;
}

export type NormalizeResult = { ok: true; push: UnionPush } | { ok: false; error: string };

export function normalizePush(params: PushParams): NormalizeResult {
  const flags: string[] = [];
  const text = (key: string, max = 200): string | null => {
    const raw = params[key];
    const s = scalar(raw);
    if (raw !== undefined && raw !== null && s === null) flags.push(`bad_${key}`);
    if (s === null || s === "") return null;
    return s.slice(0, max);
  };
  const int = (key: string): number | null => {
    const s = text(key);
    if (s === null) return null;
    if (!/^-?\d{1,9}$/.test(s)) {
      flags.push(`bad_${key}`);
      return null;
    }
    return Number(s);
  };
  const fen = (...keys: string[]): number | null => {
    for (const key of keys) {
      const s = text(key);
      if (s === null) continue;
      const v = parseYuanToFen(s);
      if (v === null || Math.abs(v) > 2_000_000_000) flags.push("bad_amount");
      else return v;
    }
    return null;
  };
  const time = (key: string): Date | null => {
    const s = text(key);
    if (s === null) return null;
    if (/^\d{10}$/.test(s)) return new Date(Number(s) * 1000);
    if (/^\d{13}$/.test(s)) return new Date(Number(s));
    flags.push("bad_time");
    return null;
  };

  // The sign concatenates keys and values without separators, so a captured push can be re-split ("orderid":
  // "123ordertime456" with ordertime removed) without breaking it. The fields that identify an order and its
  // state therefore must have their documented shape exactly; anything else is refused, not guessed at.
  const orderId = orderIdOf(params);
  if (!orderId || !/^\d{1,32}$/.test(orderId)) return { ok: false, error: "orderid 缺失或不是数字" };
  const upstreamStatus = text("status", 16);
  if (upstreamStatus === null || !/^\d{1,4}$/.test(upstreamStatus)) return { ok: false, error: "status 缺失或不是数字" };
  const refundType = text("refundType", 16);
  if (refundType !== null && !/^\d{1,4}$/.test(refundType)) return { ok: false, error: "refundType 不是数字" };
  const modTimeRaw = text("modTime", 20);
  if (modTimeRaw !== null && !/^(\d{10}|\d{13})$/.test(modTimeRaw)) return { ok: false, error: "modTime 不是 10 或 13 位时间戳" };
  const sidRaw = text("sid", 200);
  if (sidRaw !== null && !/^[A-Za-z0-9_-]{1,64}$/.test(sidRaw)) return { ok: false, error: "sid 含有不允许的字符" };
  const { status, rank, known } = mapUnionStatus(upstreamStatus, refundType);
  if (!known) flags.push("unknown_status");
  const businessLine = int("businessLine");
  if (businessLine !== null && !(businessLine in BUSINESS_LINE_LABEL)) flags.push("unknown_business_line");
  const sid = text("sid", 64);
  if (sid === null) flags.push("no_sid");
  const modTimeText = text("modTime", 20) ?? "";

  const push: UnionPush = {
    orderId,
    upstreamStatus,
    status,
    statusRank: rank,
    refundType,
    sid,
    title: text("smstitle", 500) ?? text("productName", 500),
    businessLine,
    subBusinessLine: int("subBusinessLine"),
    actId: text("actId", 64),
    quantity: int("quantity"),
    payFen: fen("payPrice", "payprice", "direct"),
    totalFen: fen("total"),
    ratio: text("ratio", 32),
    paidAt: time("paytime"),
    orderedAt: time("ordertime"),
    modTime: time("modTime"),
    dedupeKey: [upstreamStatus, modTimeText, refundType ?? "", text("couponCode", 64) ?? "", text("encryptionVoucherId", 128) ?? ""].join("|"),
    flags: [...new Set(flags)],
  };
  return { ok: true, push };
}
