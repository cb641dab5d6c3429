// The union API (G2, https://openapi.meituan.com): GET with query parameters appkey, ts (10-digit seconds, valid
// 60 s), the call's parameters and sign = MD5 over all of them with the API secret.
import { unionSign } from "../sign";
import { callMeituan, httpStatusOutcome, MeituanApiError, type HttpResult, type Outcome } from "./http";
import { isRecord } from "./json";
import { normalizeUnionOrder, intOf, textOf } from "./normalize";
import type {
  ClientBaseOptions,
  UnionGenerateLinkParams,
  UnionOrderListParams,
  UnionOrderListResult,
  UnionOrderParams,
  UnionOrderResult,
  UpstreamOrder,
} from "./types";

export const UNION_MAX_WINDOW_SECONDS = 86_400;
export const UNION_MAX_LIMIT = 100;
/** G2 sid rule: "长度不能超过64个字符，支持小写字母和数字". */
export const UNION_SID = /^[a-z0-9]{1,64}$/;

export type UnionClient = ReturnType<typeof createUnionClient>;

const NOT_FOUND = /订单不存在|无此订单|未查询到|查询不到|not\s*found/i;

function invalid(endpoint: string, message: string): never {
  throw new MeituanApiError(`Meituan union ${endpoint}: ${message}`, { api: "union", endpoint, kind: "invalid-request", retryable: false, attempts: 0 });
}

const isSeconds = (n: unknown): n is number => typeof n === "number" && Number.isInteger(n) && n >= 1_000_000_000 && n <= 9_999_999_999;

/** The union envelope: `status` (or `code`) 0 or absent is success; `des` / `msg` describe an error. */
export function unionOutcome<T>(res: HttpResult, ok: (body: Record<string, unknown>) => T | null): Outcome<T> {
  const body = isRecord(res.json) ? res.json : null;
  const codeText = body ? (textOf(body.status) ?? textOf(body.code)) : null;
  const message = body ? (textOf(body.des) ?? textOf(body.msg) ?? textOf(body.message) ?? "") : "";
  if (codeText === "402") return { ok: false, kind: "rate-limit", retryable: true, code: codeText, message: message || "请求过于频繁" };
  const http = httpStatusOutcome(res);
  if (http) return http;
  if (codeText !== null && codeText !== "0") {
    const auth = /sign|签名|appkey|\bts\b|时间戳|过期|鉴权|auth/i.test(message);
    return { ok: false, kind: auth ? "auth" : "api", retryable: false, code: codeText, message: message || "error" };
  }
  if (res.status < 200 || res.status >= 300) return { ok: false, kind: "http", retryable: false, message: `HTTP ${res.status}` };
  if (!body) return { ok: false, kind: "invalid-response", retryable: false, message: `not a JSON object: ${res.text.slice(0, 120)}` };
  const value = ok(body);
  if (value === null) return { ok: false, kind: "invalid-response", retryable: false, message: `unexpected body: ${res.text.slice(0, 120)}` };
  return { ok: true, value };
}

export function createUnionClient(o: ClientBaseOptions) {
  const base = o.baseUrl.replace(/\/+$/, "");
  const now = o.now ?? Date.now;

  /** The signed query string for `params`; `ts` is taken now, so every attempt signs afresh. */
  function signedQuery(params: Record<string, string>): string {
    const all: Record<string, string> = { ...params, appkey: o.appKey, ts: String(Math.floor(now() / 1000)) };
    const q = new URLSearchParams();
    for (const k of Object.keys(all).sort()) q.set(k, all[k]);
    q.set("sign", unionSign(all, o.secret));
    return q.toString();
  }

  function get<T>(endpoint: string, params: Record<string, string>, ok: (body: Record<string, unknown>) => T | null): Promise<T> {
    return callMeituan<T>(
      {
        api: "union",
        endpoint,
        prepare: () => ({ url: `${base}${endpoint}?${signedQuery(params)}`, init: { method: "GET", headers: { accept: "application/json" } } }),
        interpret: (res) => unionOutcome(res, ok),
      },
      { fetch: o.fetch, retry: o.retry },
    );
  }

  function scope(endpoint: string, p: { businessLine?: number; actId?: string | number }, out: Record<string, string>) {
    if (p.businessLine === undefined && (p.actId === undefined || p.actId === "")) invalid(endpoint, "businessLine or actId is required");
    if (p.businessLine !== undefined) {
      if (!Number.isInteger(p.businessLine) || p.businessLine <= 0) invalid(endpoint, `bad businessLine ${p.businessLine}`);
      out.businessLine = String(p.businessLine);
    }
    if (p.actId !== undefined && p.actId !== "") out.actId = String(p.actId);
  }

  return {
    kind: "union" as const,

    /** 订单列表查询 (GET /api/orderList). Throws MeituanApiError(kind "invalid-request") for a window over 1 day. */
    async orderList(p: UnionOrderListParams): Promise<UnionOrderListResult> {
      const endpoint = "/api/orderList";
      const params: Record<string, string> = {};
      scope(endpoint, p, params);
      if (!isSeconds(p.startTime) || !isSeconds(p.endTime)) invalid(endpoint, "startTime and endTime must be 10-digit seconds");
      if (p.endTime < p.startTime) invalid(endpoint, "endTime is before startTime");
      if (p.endTime - p.startTime > UNION_MAX_WINDOW_SECONDS) {
        invalid(endpoint, `window of ${p.endTime - p.startTime} s is over the API's 1-day limit (${UNION_MAX_WINDOW_SECONDS} s)`);
      }
      const page = p.page ?? 1;
      const limit = p.limit ?? UNION_MAX_LIMIT;
      if (!Number.isInteger(page) || page < 1) invalid(endpoint, `bad page ${page}`);
      if (!Number.isInteger(limit) || limit < 1 || limit > UNION_MAX_LIMIT) invalid(endpoint, `limit must be 1–${UNION_MAX_LIMIT}`);
      Object.assign(params, {
        startTime: String(p.startTime),
        endTime: String(p.endTime),
        page: String(page),
        limit: String(limit),
        queryTimeType: String(p.queryTimeType ?? 1),
      });
      return get(endpoint, params, (body) => {
        const list = body.dataList ?? (isRecord(body.data) ? body.data.dataList : undefined);
        if (list !== undefined && list !== null && !Array.isArray(list)) return null;
        const dataList = (list ?? []).filter(isRecord);
        const orders = dataList.map(normalizeUnionOrder).filter((x): x is UpstreamOrder => x !== null);
        return { total: intOf(body.total ?? (isRecord(body.data) ? body.data.total : undefined)), dataList, orders };
      });
    },

    /** 单订单查询 (GET /api/order). `order` is null when Meituan returns no order. */
    async order(p: UnionOrderParams): Promise<UnionOrderResult> {
      const endpoint = "/api/order";
      if (!p.orderId || !/^[0-9A-Za-z_-]{1,64}$/.test(p.orderId)) invalid(endpoint, "bad orderId");
      const params: Record<string, string> = { orderId: p.orderId, full: p.full ? "1" : "0" };
      scope(endpoint, p, params);
      if (p.productId) params.productId = p.productId;
      return get<UnionOrderResult>(endpoint, params, (body) => {
        const data = body.data;
        if (data === undefined || data === null || (Array.isArray(data) && data.length === 0)) return { data: null, order: null };
        const row = Array.isArray(data) ? data.find(isRecord) : data;
        if (!isRecord(row)) return null;
        const order = Object.keys(row).length === 0 ? null : normalizeUnionOrder(row);
        return { data: row, order };
      }).catch((e: unknown) => {
        // Whether an unknown order is an empty `data` or an error is undocumented: read both as "not found".
        if (e instanceof MeituanApiError && e.kind === "api" && NOT_FOUND.test(e.message)) return { data: null, order: null };
        throw e;
      });
    },

    /** 自助取链 (GET /api/generateLink): the link text in `data`. */
    async generateLink(p: UnionGenerateLinkParams): Promise<string> {
      const endpoint = "/api/generateLink";
      if (!UNION_SID.test(p.sid)) invalid(endpoint, "sid must be 1–64 lower-case letters and digits");
      if (p.actId === undefined || p.actId === "") invalid(endpoint, "actId is required");
      if (!Number.isInteger(p.linkType) || p.linkType < 1) invalid(endpoint, `bad linkType ${p.linkType}`);
      const params: Record<string, string> = { actId: String(p.actId), sid: p.sid, linkType: String(p.linkType) };
      if (p.shortLink !== undefined) params.shortLink = p.shortLink ? "1" : "0";
      if (p.skuViewId) params.skuViewId = p.skuViewId;
      return get(endpoint, params, (body) => textOf(body.data));
    },
  };
}
