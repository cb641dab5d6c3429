// A fake Meituan for tests and local runs (node:http, no dependencies on lib/): the union API (G2: GET
// /api/orderList, /api/order, /api/generateLink, MD5 sign) and the media API (G3: POST
// /cps_open/common/api/v1/query_order, get_referral_link, S-Ca HMAC headers) on one port, plus order pushes
// signed with the callback secret. It checks signatures the way Meituan does (written here independently of
// lib/meituan, so a bug there is not mirrored) and answers errors in each API's envelope.
// Control endpoints under /__control/* let Playwright and `npm run fake-meituan` drive it.
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { completeOrder, makeOrders, mediaStatusOf, type FakeOrder, type GenerateOptions } from "./fixtures";

export type { FakeOrder } from "./fixtures";
export { makeOrders, completeOrder } from "./fixtures";

export type FailKind = "500" | "timeout" | "ratelimit" | "429";
export type MediaForm = "official" | "aliyun";

export interface FakeMeituanOptions {
  port?: number;
  host?: string;
  appKey: string;
  apiSecret: string;
  callbackSecret: string;
  callbackUrl?: string;
  /** Clock in epoch ms (timestamp freshness). */
  now?: () => number;
  /** Union ts freshness, seconds. Default 60. */
  unionTsWindowSeconds?: number;
  /** Media S-Ca-Timestamp freshness, ms. Default 120 000. */
  mediaTsWindowMs?: number;
  /** Which media string-to-sign forms are accepted. Default ["official"]. */
  mediaForms?: MediaForm[];
  /** Union responses with numeric fields as JSON numbers (orderid, money, times) instead of strings. */
  wireNumbers?: boolean;
  /** How long a "timeout" failure holds the request before dropping the connection. Default 60 000 ms. */
  hangMs?: number;
  /** Initial orders. */
  orders?: FakeOrder[];
}

export interface FakeRequest {
  at: number;
  api: "union" | "media" | "other";
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  headers: Record<string, string>;
  /** "ok", "fail:<kind>", "refused:<reason>" (auth), "error:<reason>" (parameters), "not-found". */
  outcome: string;
}

export interface PushResult {
  status: number;
  body: string;
  payload: Record<string, unknown>;
}

export interface PushOptions {
  /** Fields added to / replacing the push payload (after the order's own). `null` removes a field. */
  payload?: Record<string, unknown>;
  /** Send this sign instead of the computed one. */
  sign?: string;
  /** Sign with this secret instead of the callback secret. */
  secret?: string;
  url?: string;
}

export interface FakeMeituan {
  url: string;
  port: number;
  orders: Map<string, FakeOrder>;
  setOrders(orders: (Partial<FakeOrder> & { orderid: string })[]): void;
  upsertOrders(orders: (Partial<FakeOrder> & { orderid: string })[]): void;
  generateOrders(count: number, o: GenerateOptions): FakeOrder[];
  failNext(n: number, kind: FailKind, opts?: { path?: string }): void;
  requests: FakeRequest[];
  clearRequests(): void;
  push(orderId: string, overrides?: Partial<FakeOrder>, opts?: PushOptions): Promise<PushResult>;
  setCallbackUrl(url: string | undefined): void;
  reset(): void;
  close(): Promise<void>;
}

// ---- signatures, as Meituan computes them -----------------------------------------------------------------------

const signText = (v: unknown) => (v === null || v === undefined ? "" : typeof v === "object" ? JSON.stringify(v) : String(v));

/** Union MD5: secret + k1v1…knvn + secret over every key but `sign`, sorted by code unit, lowercase hex. */
export function fakeUnionSign(params: Record<string, unknown>, secret: string): string {
  let s = secret;
  for (const k of Object.keys(params).filter((k) => k !== "sign").sort()) s += k + signText(params[k]);
  return createHash("md5").update(s + secret, "utf8").digest("hex");
}

function mediaStringToSign(form: MediaForm, method: string, contentMd5: string, signed: [string, string][], url: string): string {
  const headers = [...signed].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${k}:${v}\n`).join("");
  if (form === "aliyun") return `${method}\napplication/json\n${contentMd5}\napplication/json; charset=UTF-8\n${headers}${url}`;
  return `${method}\n${contentMd5}\n${headers}${url}`;
}

const sameText = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

// ---- JSON with numbers written as given ---------------------------------------------------------------------------

class Num {
  constructor(readonly text: string) {}
}
function toJson(v: unknown): string {
  if (v instanceof Num) return v.text;
  if (Array.isArray(v)) return `[${v.map(toJson).join(",")}]`;
  if (v !== null && typeof v === "object") {
    return `{${Object.entries(v)
      .filter(([, x]) => x !== undefined)
      .map(([k, x]) => `${JSON.stringify(k)}:${toJson(x)}`)
      .join(",")}}`;
  }
  return JSON.stringify(v ?? null);
}

// ---- the server -------------------------------------------------------------------------------------------------

const MEDIA = "/cps_open/common/api/v1";
const MAX_BODY = 1 << 20;
const LOG_CAP = 20_000;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function startFakeMeituan(opts: FakeMeituanOptions): Promise<FakeMeituan> {
  const now = opts.now ?? Date.now;
  const unionTsWindow = opts.unionTsWindowSeconds ?? 60;
  const mediaTsWindow = opts.mediaTsWindowMs ?? 120_000;
  const mediaForms = opts.mediaForms ?? ["official"];
  const hangMs = opts.hangMs ?? 60_000;
  let callbackUrl = opts.callbackUrl;

  const orders = new Map<string, FakeOrder>();
  const requests: FakeRequest[] = [];
  const fails: { kind: FailKind; path?: string }[] = [];
  /** scrollId → the snapshot of matching order ids and the offset the id continues from. Ids stay valid, so a retried page is served again. */
  const scrolls = new Map<string, { ids: string[]; offset: number }>();
  const hanging = new Set<ServerResponse>();
  const sockets = new Set<Socket>();
  let baseUrl = "";

  const upsert = (list: (Partial<FakeOrder> & { orderid: string })[]) => {
    for (const p of list) {
      if (!p || typeof p.orderid !== "string" || !p.orderid) throw new HttpError(400, "every order needs an orderid string");
      const prev = orders.get(p.orderid);
      orders.set(p.orderid, prev ? { ...prev, ...completeOrder({ ...prev, ...p }) } : completeOrder(p));
    }
  };
  upsert(opts.orders ?? []);

  function record(r: Omit<FakeRequest, "at">): FakeRequest {
    const entry = { at: now(), ...r };
    requests.push(entry);
    if (requests.length > LOG_CAP) requests.splice(0, requests.length - LOG_CAP);
    return entry;
  }

  function takeFail(path: string): FailKind | null {
    const i = fails.findIndex((f) => !f.path || f.path === path);
    if (i < 0) return null;
    return fails.splice(i, 1)[0].kind;
  }

  const send = (res: ServerResponse, status: number, json: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
    res.end(json);
  };

  /** Applies a queued failure. True when the request was answered (or is being held). */
  function fail(kind: FailKind, api: "union" | "media", res: ServerResponse): true {
    if (kind === "500") {
      res.writeHead(500, { "content-type": "text/plain" });
      res.end("Internal Server Error");
    } else if (kind === "429") {
      send(res, 429, toJson(api === "union" ? { status: 429, des: "Too Many Requests" } : { code: 429, message: "Too Many Requests", data: null }), { "retry-after": "0" });
    } else if (kind === "ratelimit") {
      send(res, 200, toJson(api === "union" ? { status: 402, des: "请求过于频繁" } : { code: 402, message: "请求过于频繁", data: null }));
    } else {
      hanging.add(res);
      const t = setTimeout(() => {
        hanging.delete(res);
        res.socket?.destroy();
      }, hangMs);
      res.on("close", () => {
        clearTimeout(t);
        hanging.delete(res);
      });
    }
    return true;
  }

  // ---- union ----------------------------------------------------------------------------------------------------

  const num = (v: string | undefined) => (v === undefined ? undefined : opts.wireNumbers && /^-?\d+(\.\d+)?$/.test(v) ? new Num(v) : v);

  function unionRow(o: FakeOrder, full: boolean): Record<string, unknown> {
    const row: Record<string, unknown> = {
      orderid: num(o.orderid),
      paytime: num(o.paytime),
      payprice: num(o.payprice),
      sid: o.sid,
      smstitle: o.smstitle,
      appkey: o.appkey ?? opts.appKey,
      status: num(o.status),
      businessLine: num(o.businessLine),
      subBusinessLine: num(o.subBusinessLine),
      actId: num(o.actId),
      modTime: num(o.modTime),
      quantity: num(o.quantity ?? "1"),
      riskOrder: num(o.status === "9" && o.refundType === "3" ? "1" : "0"),
      couponCode: o.couponCode,
      productId: o.productId,
      tradeTypeList: o.tradeTypeList,
    };
    if (full) {
      Object.assign(row, {
        profit: num(o.profit),
        cpaProfit: num(o.cpaProfit),
        refundprice: num(o.refundprice),
        refundtime: num(o.refundtime),
        refundprofit: num(o.refundprofit),
      });
      if (o.refundType) {
        const at = o.refundtime ?? o.modTime;
        row.refundInfoList = [{ id: `r${o.orderid}`, refundPrice: o.refundprice ?? o.payprice, refundTime: at, refundType: o.refundType }];
        row.refundProfitList = [{ id: `r${o.orderid}`, refundProfit: o.refundprofit ?? o.profit, refundFinishTime: at, type: 2 }];
      }
    }
    return row;
  }

  /** Checks appkey, ts freshness and sign. Returns the refusal reason, or null. */
  function unionAuth(q: Record<string, string>): string | null {
    if (!q.appkey) return "缺少 appkey";
    if (q.appkey !== opts.appKey) return "appkey 不存在 (unknown appkey)";
    if (!/^\d{10}$/.test(q.ts ?? "")) return "ts 格式错误 (ts must be 10-digit seconds)";
    if (Math.abs(Math.floor(now() / 1000) - Number(q.ts)) > unionTsWindow) return "ts 已过期 (ts expired)";
    if (!q.sign || !sameText(fakeUnionSign(q, opts.apiSecret), q.sign.toLowerCase())) return "签名错误 (sign invalid)";
    return null;
  }

  const unionError = (res: ServerResponse, status: number, des: string) => send(res, 200, toJson({ status, des }));

  function union(path: string, q: Record<string, string>, res: ServerResponse, entry: FakeRequest) {
    const refused = unionAuth(q);
    if (refused) {
      entry.outcome = `refused:${refused}`;
      return unionError(res, 400, refused);
    }
    const bad = (des: string) => {
      entry.outcome = `error:${des}`;
      unionError(res, 1, des);
    };
    const scopeOk = (o: FakeOrder) => (!q.businessLine || o.businessLine === q.businessLine) && (!q.actId || o.actId === q.actId);

    if (path === "/api/orderList") {
      if (!q.businessLine && !q.actId) return bad("businessLine 与 actId 至少择其一");
      if (!/^\d{10}$/.test(q.startTime ?? "") || !/^\d{10}$/.test(q.endTime ?? "")) return bad("startTime/endTime 须为10位时间戳");
      const start = Number(q.startTime);
      const end = Number(q.endTime);
      if (end < start) return bad("endTime 早于 startTime");
      if (end - start > 86_400) return bad("查询时间范围最长为1天");
      const page = q.page === undefined ? 1 : Number(q.page);
      const limit = q.limit === undefined ? 100 : Number(q.limit);
      if (!Number.isInteger(page) || page < 1) return bad("page 须从1开始");
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) return bad("limit 最大为100");
      const byMod = q.queryTimeType === "2";
      const time = (o: FakeOrder) => Number(byMod ? o.modTime : o.paytime);
      const hits = [...orders.values()]
        .filter((o) => scopeOk(o) && time(o) >= start && time(o) <= end)
        .sort((a, b) => time(a) - time(b) || (a.orderid < b.orderid ? -1 : a.orderid > b.orderid ? 1 : 0));
      const slice = hits.slice((page - 1) * limit, page * limit);
      entry.outcome = "ok";
      return send(res, 200, toJson({ status: 0, des: "", total: hits.length, dataList: slice.map((o) => unionRow(o, true)) }));
    }
    if (path === "/api/order") {
      if (!q.orderId) return bad("缺少 orderId");
      if (!q.businessLine && !q.actId) return bad("businessLine 与 actId 至少择其一");
      const o = orders.get(q.orderId);
      entry.outcome = o && scopeOk(o) ? "ok" : "not-found";
      return send(res, 200, toJson({ status: 0, des: "", data: o && scopeOk(o) ? unionRow(o, q.full === "1") : null }));
    }
    if (path === "/api/generateLink") {
      if (!q.actId) return bad("缺少 actId");
      if (!/^[a-z0-9]{1,64}$/.test(q.sid ?? "")) return bad("sid 长度不能超过64个字符，支持小写字母和数字");
      if (!/^[1-8]$/.test(q.linkType ?? "")) return bad("linkType 错误");
      entry.outcome = "ok";
      return send(res, 200, toJson({ status: 0, des: "", data: linkFor(q.actId, q.sid, q.linkType, q.shortLink === "1") }));
    }
    entry.outcome = "not-found";
    return unionError(res, 404, `unknown api ${path}`);
  }

  function linkFor(actId: string, sid: string, linkType: string, short: boolean): string {
    const qs = `actId=${encodeURIComponent(actId)}&sid=${encodeURIComponent(sid)}&appkey=${encodeURIComponent(opts.appKey)}`;
    if (linkType === "2" || linkType === "3") return `imeituan://www.meituan.com/cps?${qs}&linkType=${linkType}`;
    if (linkType === "4") return `/pages/cps/index?${qs}`;
    if (linkType === "5") return `#美团团口令# ${actId}:${sid}`;
    return `${baseUrl}/__link/${short ? "s" : "l"}?${qs}`;
  }

  // ---- media ----------------------------------------------------------------------------------------------------

  function mediaAuth(req: IncomingMessage, path: string, raw: Buffer): string | null {
    const h = (name: string) => {
      const v = req.headers[name.toLowerCase()];
      return Array.isArray(v) ? v.join(",") : v;
    };
    const app = h("S-Ca-App");
    if (!app) return "缺少 S-Ca-App";
    if (app !== opts.appKey) return "S-Ca-App 不存在 (unknown app key)";
    const ts = h("S-Ca-Timestamp") ?? "";
    if (!/^\d{13}$/.test(ts)) return "S-Ca-Timestamp 须为13位毫秒时间戳";
    if (Math.abs(now() - Number(ts)) > mediaTsWindow) return "S-Ca-Timestamp 已过期 (timestamp expired)";
    const md5 = h("Content-MD5") ?? "";
    const expectedMd5 = raw.length ? createHash("md5").update(raw).digest("base64") : "";
    if (md5 !== expectedMd5) return "Content-MD5 与请求体不符 (Content-MD5 mismatch)";
    const names = (h("S-Ca-Signature-Headers") ?? "").split(",").map((s) => s.trim()).filter(Boolean);
    if (!names.some((n) => n.toLowerCase() === "s-ca-timestamp")) return "S-Ca-Signature-Headers 须包含 S-Ca-Timestamp";
    const given = h("S-Ca-Signature") ?? "";
    const signed = names.map((n): [string, string] => [n, h(n) ?? ""]);
    const url = new URL(req.url ?? "/", "http://x");
    const query = [...url.searchParams.keys()].sort().map((k) => (url.searchParams.get(k) === "" ? k : `${k}=${url.searchParams.get(k)}`)).join("&");
    const target = query ? `${path}?${query}` : path;
    const ok = mediaForms.some((form) => {
      const expected = createHmac("sha256", opts.apiSecret).update(mediaStringToSign(form, (req.method ?? "").toUpperCase(), md5, signed, target), "utf8").digest("base64");
      return sameText(expected, given);
    });
    return ok ? null : "签名错误 (S-Ca-Signature invalid)";
  }

  const mediaError = (res: ServerResponse, code: number, message: string) => send(res, 200, toJson({ code, message, data: null }));

  function mediaRow(o: FakeOrder): Record<string, unknown> {
    return {
      businessLine: Number(o.businessLine),
      orderId: o.orderid,
      payTime: Number(o.paytime),
      payPrice: o.payprice,
      updateTime: Number(o.modTime),
      commissionRate: Number(o.payprice) > 0 ? String(Math.round((Number(o.profit) / Number(o.payprice)) * 10_000)) : undefined,
      profit: o.profit,
      cpaProfit: o.cpaProfit,
      sid: o.sid,
      productId: o.productId,
      productName: o.smstitle,
      refundPrice: o.refundprice,
      refundTime: o.refundtime ? Number(o.refundtime) : undefined,
      refundProfit: o.refundprofit,
      status: mediaStatusOf(o),
      tradeType: 1,
      actId: Number(o.actId) || o.actId,
      appKey: o.appkey ?? opts.appKey,
    };
  }

  /**
   * Which orders one query_order sees, as Meituan keeps them apart: platform 1 without businessLine
   * every line but 商品超值券包 (7), 省钱包 (12) and 新客 CPA (999); a list containing 7 券包 orders only; platform 2
   * without businessLine 到餐 (1) only; 省钱包 only to a scroll query (searchType 2) without actId. The same holds
   * for an orderId lookup.
   */
  function mediaScope(platform: number, lines: number[], scroll: boolean, withActId: boolean) {
    return (o: FakeOrder) => {
      if ((o.platform ?? 1) !== platform) return false;
      const line = Number(o.businessLine);
      if (lines.includes(7)) return line === 7;
      if (line === 7) return false;
      if (line === 12 && (!scroll || withActId)) return false;
      if (lines.length === 0) return platform === 2 ? line === 1 : line !== 12 && line !== 999;
      return lines.includes(line);
    };
  }

  function media(path: string, body: Record<string, unknown>, res: ServerResponse, entry: FakeRequest) {
    const bad = (message: string) => {
      entry.outcome = `error:${message}`;
      mediaError(res, 1, `参数错误: ${message}`);
    };
    if (path === `${MEDIA}/query_order`) {
      const platform = body.platform === undefined ? 1 : Number(body.platform);
      const lines = Array.isArray(body.businessLine) ? body.businessLine.map(Number) : [];
      const inScope = mediaScope(platform, lines, Number(body.searchType ?? 1) === 2, body.actId !== undefined && body.actId !== "");
      const limit = body.limit === undefined ? 100 : Number(body.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) return bad("limit 最大支持100");
      if (typeof body.orderId === "string" && body.orderId) {
        const o = orders.get(body.orderId);
        entry.outcome = o && inScope(o) ? "ok" : "not-found";
        return send(res, 200, toJson({ code: 0, message: "成功", data: { skuCount: o ? 1 : 0, dataList: o && inScope(o) ? [mediaRow(o)] : [] } }));
      }
      const searchType = body.searchType === undefined ? 1 : Number(body.searchType);
      if (searchType !== 1 && searchType !== 2) return bad("searchType 只支持1或2");
      const page = body.page === undefined ? 1 : Number(body.page);
      if (!Number.isInteger(page) || page < 1) return bad("page 从1开始");
      let snapshot: { ids: string[]; offset: number };
      if (searchType === 2 && typeof body.scrollId === "string" && body.scrollId) {
        if (page !== 1) return bad("逐页查询时 page 必须传1");
        const s = scrolls.get(body.scrollId);
        if (!s) return bad("scrollId 无效");
        snapshot = s;
      } else {
        if (searchType === 2 && page !== 1) return bad("逐页查询时 page 必须传1");
        const start = Number(body.startTime);
        const end = Number(body.endTime);
        if (!Number.isInteger(start) || !Number.isInteger(end) || String(start).length !== 10 || String(end).length !== 10) return bad("startTime/endTime 须为10位时间戳");
        if (end < start) return bad("endTime 早于 startTime");
        const byUpdate = Number(body.queryTimeType ?? 1) === 2;
        const time = (o: FakeOrder) => Number(byUpdate ? o.modTime : o.paytime);
        const ids = [...orders.values()]
          .filter((o) => inScope(o) && time(o) >= start && time(o) <= end && (!body.sid || o.sid === body.sid) && (!body.actId || o.actId === String(body.actId)))
          .sort((a, b) => time(a) - time(b) || (a.orderid < b.orderid ? -1 : a.orderid > b.orderid ? 1 : 0))
          .map((o) => o.orderid);
        snapshot = { ids, offset: searchType === 2 ? 0 : (page - 1) * limit };
      }
      const ids = snapshot.ids.slice(snapshot.offset, snapshot.offset + limit);
      const rows = ids.map((id) => orders.get(id)).filter((o): o is FakeOrder => !!o).map(mediaRow);
      const data: Record<string, unknown> = { skuCount: rows.length, dataList: rows };
      if (searchType === 2) {
        const next = `scroll_${randomBytes(9).toString("base64url")}`;
        scrolls.set(next, { ids: snapshot.ids, offset: Math.min(snapshot.ids.length, snapshot.offset + limit) });
        data.scrollId = next;
      }
      entry.outcome = "ok";
      return send(res, 200, toJson({ code: 0, message: "成功", data }));
    }
    if (path === `${MEDIA}/get_referral_link`) {
      const sources = ["actId", "skuViewId", "text"].filter((k) => body[k] !== undefined && body[k] !== "");
      if (sources.length !== 1) return bad("actId、skuViewId、text 三选一");
      const sid = String(body.sid ?? "");
      if (!/^[A-Za-z0-9_]{1,64}$/.test(sid)) return bad("sid 限制64个字符，仅支持英文、数字和下划线");
      const linkType = Number(body.linkType);
      if (!(linkType >= 1 && linkType <= 5)) return bad("linkType 错误");
      const act = String(body.actId ?? body.skuViewId ?? "text");
      const map: Record<number, [string, boolean]> = { 1: ["1", false], 2: ["1", true], 3: ["2", false], 4: ["4", false], 5: ["5", false] };
      const [unionType, short] = map[linkType];
      entry.outcome = "ok";
      return send(res, 200, toJson({ code: 0, message: "成功", data: linkFor(act, sid, unionType, short), skuViewId: body.skuViewId ?? null }));
    }
    entry.outcome = "not-found";
    return mediaError(res, -1, `接口不可用: ${path}`);
  }

  // ---- control --------------------------------------------------------------------------------------------------

  async function control(path: string, method: string, body: Record<string, unknown>, res: ServerResponse) {
    const ok = (data: unknown) => send(res, 200, JSON.stringify(data));
    const list = (v: unknown) => {
      if (!Array.isArray(v)) throw new HttpError(400, "orders must be an array");
      return v as (Partial<FakeOrder> & { orderid: string })[];
    };
    switch (`${method} ${path}`) {
      case "GET /__control/health":
        return ok({ ok: true, appKey: opts.appKey, orders: orders.size, callbackUrl: callbackUrl ?? null });
      case "GET /__control/orders":
        return ok({ orders: [...orders.values()] });
      case "PUT /__control/orders":
        api.setOrders(list(body.orders));
        return ok({ orders: orders.size });
      case "POST /__control/orders":
        api.upsertOrders(list(body.orders));
        return ok({ orders: orders.size });
      case "DELETE /__control/orders":
        orders.clear();
        return ok({ orders: 0 });
      case "POST /__control/orders/generate": {
        const made = api.generateOrders(Number(body.count ?? 10), body as unknown as GenerateOptions);
        return ok({ generated: made.length, orders: orders.size, orderIds: made.map((o) => o.orderid) });
      }
      case "POST /__control/fail":
        api.failNext(Number(body.n ?? 1), String(body.kind ?? "500") as FailKind, { path: typeof body.path === "string" ? body.path : undefined });
        return ok({ queued: fails.length });
      case "POST /__control/push": {
        if (typeof body.orderId !== "string") throw new HttpError(400, "orderId is required");
        const r = await api.push(body.orderId, (body.overrides ?? {}) as Partial<FakeOrder>, {
          payload: body.payload as Record<string, unknown> | undefined,
          sign: typeof body.sign === "string" ? body.sign : undefined,
          secret: typeof body.secret === "string" ? body.secret : undefined,
          url: typeof body.url === "string" ? body.url : undefined,
        });
        return ok(r);
      }
      case "GET /__control/requests":
        return ok({ requests });
      case "DELETE /__control/requests":
        api.clearRequests();
        return ok({ requests: 0 });
      case "POST /__control/config":
        if ("callbackUrl" in body) api.setCallbackUrl(typeof body.callbackUrl === "string" ? body.callbackUrl : undefined);
        return ok({ callbackUrl: callbackUrl ?? null });
      case "POST /__control/reset":
        api.reset();
        return ok({ reset: true });
      default:
        throw new HttpError(404, `unknown control endpoint ${method} ${path}`);
    }
  }

  // ---- dispatch -------------------------------------------------------------------------------------------------

  async function readBody(req: IncomingMessage): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of req) {
      size += (c as Buffer).length;
      if (size > MAX_BODY) throw new HttpError(413, "body too large");
      chunks.push(c as Buffer);
    }
    return Buffer.concat(chunks);
  }

  const pickHeaders = (req: IncomingMessage) => {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (k.startsWith("s-ca-") || k === "content-md5" || k === "content-type" || k === "accept") out[k] = Array.isArray(v) ? v.join(",") : (v ?? "");
    }
    return out;
  };

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://x");
    const path = url.pathname;
    const method = (req.method ?? "GET").toUpperCase();
    const raw = await readBody(req);

    if (path.startsWith("/__control/")) {
      let body: Record<string, unknown> = {};
      if (raw.length) {
        try {
          body = JSON.parse(raw.toString("utf8"));
        } catch {
          throw new HttpError(400, "control body must be JSON");
        }
      }
      return control(path, method, body ?? {}, res);
    }
    if (path.startsWith("/__link/")) {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      return res.end(`<!doctype html><title>fake meituan</title><p>fake Meituan landing page</p><pre>${escapeHtml(url.search)}</pre>`);
    }

    const query = Object.fromEntries(url.searchParams);
    if (path.startsWith("/api/")) {
      const entry = record({ api: "union", method, path, query, body: undefined, headers: pickHeaders(req), outcome: "" });
      const f = takeFail(path);
      if (f) {
        entry.outcome = `fail:${f}`;
        return fail(f, "union", res);
      }
      if (method !== "GET") {
        entry.outcome = "error:method";
        return unionError(res, 405, "只支持 GET");
      }
      return union(path, query, res, entry);
    }
    if (path.startsWith(`${MEDIA}/`)) {
      let body: unknown;
      let parseError: string | null = null;
      try {
        body = raw.length ? JSON.parse(raw.toString("utf8")) : undefined;
      } catch {
        parseError = "请求体不是合法 JSON";
      }
      const entry = record({ api: "media", method, path, query, body: body ?? raw.toString("utf8"), headers: pickHeaders(req), outcome: "" });
      const f = takeFail(path);
      if (f) {
        entry.outcome = `fail:${f}`;
        return fail(f, "media", res);
      }
      if (method !== "POST") {
        entry.outcome = "error:method";
        return mediaError(res, 401, "不允许的请求方式");
      }
      const refused = mediaAuth(req, path, raw);
      if (refused) {
        entry.outcome = `refused:${refused}`;
        return mediaError(res, 400, `鉴权不通过: ${refused}`);
      }
      if (parseError || body === null || typeof body !== "object" || Array.isArray(body)) {
        entry.outcome = "error:json";
        return mediaError(res, 1, `参数错误: ${parseError ?? "body must be a JSON object"}`);
      }
      return media(path, body as Record<string, unknown>, res, entry);
    }
    record({ api: "other", method, path, query, body: undefined, headers: pickHeaders(req), outcome: "not-found" });
    res.writeHead(404, { "content-type": "text/plain" });
    res.end("not found");
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e) => {
      if (res.headersSent) return res.destroy();
      const status = e instanceof HttpError ? e.status : 500;
      send(res, status, JSON.stringify({ error: e instanceof Error ? e.message : String(e) }));
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = opts.host && opts.host !== "0.0.0.0" && opts.host !== "::" ? opts.host : "127.0.0.1";
  baseUrl = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;

  const api: FakeMeituan = {
    url: baseUrl,
    port,
    orders,
    requests,
    setOrders(list) {
      orders.clear();
      scrolls.clear();
      upsert(list);
    },
    upsertOrders(list) {
      upsert(list);
    },
    generateOrders(count, o) {
      if (!Number.isInteger(count) || count < 0 || count > 100_000) throw new HttpError(400, "count must be 0–100000");
      if (!Number.isInteger(Number(o.start)) || !Number.isInteger(Number(o.end))) throw new HttpError(400, "start and end (10-digit seconds) are required");
      const made = makeOrders(count, { ...o, start: Number(o.start), end: Number(o.end) });
      upsert(made);
      return made;
    },
    failNext(n, kind, o = {}) {
      if (!["500", "timeout", "ratelimit", "429"].includes(kind)) throw new HttpError(400, `unknown fail kind ${kind}`);
      for (let i = 0; i < n; i++) fails.push({ kind, path: o.path });
    },
    clearRequests() {
      requests.length = 0;
    },
    async push(orderId, overrides = {}, po = {}) {
      const target = po.url ?? callbackUrl;
      if (!target) throw new HttpError(409, "no callbackUrl configured");
      const prev = orders.get(orderId);
      if (!prev) throw new HttpError(404, `no order ${orderId}`);
      if (Object.keys(overrides).length) upsert([{ ...overrides, orderid: orderId }]);
      const o = orders.get(orderId)!;
      const payload: Record<string, unknown> = {
        orderid: o.orderid,
        smstitle: o.smstitle,
        quantity: o.quantity ?? "1",
        paytime: o.paytime,
        ordertime: o.ordertime ?? String(Number(o.paytime) - 10),
        modTime: o.modTime,
        actId: o.actId,
        businessLine: o.businessLine,
        ...(o.subBusinessLine ? { subBusinessLine: o.subBusinessLine } : {}),
        sid: o.sid,
        appkey: o.appkey ?? opts.appKey,
        status: o.status,
        total: o.total ?? o.payprice,
        payPrice: o.payprice,
        direct: o.payprice,
        ...(o.ratio ? { ratio: o.ratio } : {}),
        ...(o.refundType ? { refundType: o.refundType } : {}),
        ...(o.couponCode !== undefined ? { couponCode: o.couponCode } : {}),
        ...(o.productId ? { productId: o.productId } : {}),
        ...(o.tradeTypeList ? { tradeTypeList: o.tradeTypeList } : {}),
      };
      for (const [k, v] of Object.entries(po.payload ?? {})) {
        if (v === null) delete payload[k];
        else payload[k] = v;
      }
      payload.sign = po.sign ?? fakeUnionSign(payload, po.secret ?? opts.callbackSecret);
      const r = await fetch(target, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(payload) });
      return { status: r.status, body: await r.text(), payload };
    },
    setCallbackUrl(u) {
      callbackUrl = u;
    },
    reset() {
      orders.clear();
      scrolls.clear();
      fails.length = 0;
      requests.length = 0;
    },
    async close() {
      for (const res of hanging) res.socket?.destroy();
      hanging.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const s of sockets) s.destroy();
      });
    },
  };
  return api;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
