// The media API (G3, https://media.meituan.com/cps_open/common/api/v1/*): POST JSON signed with S-Ca-* headers,
// HMAC-SHA256 over the official API接入指南 string-to-sign. The body is serialized once and
// those exact bytes are both hashed (Content-MD5) and sent.
import { createHash, createHmac } from "node:crypto";
import { log } from "../../log";
import { callMeituan, httpStatusOutcome, MeituanApiError, type HttpResult, type Outcome } from "./http";
import { isRecord } from "./json";
import { normalizeMediaOrder, textOf } from "./normalize";
import type {
  ClientBaseOptions,
  MediaQueryOrderBody,
  MediaQueryOrderResult,
  MediaReferralLinkBody,
  MediaReferralLinkResult,
  UpstreamOrder,
} from "./types";

export const MEDIA_PATH = "/cps_open/common/api/v1";
export const MEDIA_MAX_LIMIT = 100;
/** G3 sid rule: "限制64个字符，仅支持英文、数字和下划线". */
export const MEDIA_SID = /^[A-Za-z0-9_]{1,64}$/;
export const SIGNED_HEADER_NAMES = ["S-Ca-App", "S-Ca-Timestamp"] as const;

/**
 * "official": METHOD\nContent-MD5\nHeaders + Url, as the API接入指南 and six SDKs have it (default).
 * "aliyun": the Aliyun-gateway variant two SDKs use (adds Accept and Content-Type lines); it reproduces the RUST
 * crate's published vector. Kept in case the gateway refuses the official form.
 */
export type MediaSignatureForm = "official" | "aliyun";

const ALIYUN_ACCEPT = "application/json";
const ALIYUN_CONTENT_TYPE = "application/json; charset=UTF-8";

export function mediaContentMd5(body: string | Uint8Array): string {
  return createHash("md5").update(body).digest("base64");
}

export interface StringToSignInput {
  method: string;
  contentMd5: string;
  /** The signed headers only, by name. */
  headers: Record<string, string>;
  path: string;
  /** Query parameters (GET); POST bodies are not part of the Url. */
  query?: Record<string, string>;
  form?: MediaSignatureForm;
}

export function mediaStringToSign(i: StringToSignInput): string {
  const headers = Object.keys(i.headers)
    .sort()
    .map((k) => `${k}:${i.headers[k] ?? ""}\n`)
    .join("");
  const q = i.query ?? {};
  const qs = Object.keys(q)
    .sort()
    .map((k) => (q[k] === "" ? k : `${k}=${q[k]}`))
    .join("&");
  const url = qs ? `${i.path}?${qs}` : i.path;
  const method = i.method.toUpperCase();
  if (i.form === "aliyun") return `${method}\n${ALIYUN_ACCEPT}\n${i.contentMd5}\n${ALIYUN_CONTENT_TYPE}\n${headers}${url}`;
  return `${method}\n${i.contentMd5}\n${headers}${url}`;
}

export function mediaSignature(secret: string, stringToSign: string): string {
  return createHmac("sha256", secret).update(stringToSign, "utf8").digest("base64");
}

/** Every header a signed media request carries. `body` must be the exact text that is sent. */
export function mediaSignedHeaders(p: {
  appKey: string;
  secret: string;
  timestampMs: number;
  method: string;
  path: string;
  body: string;
  form?: MediaSignatureForm;
}): Record<string, string> {
  const contentMd5 = p.body === "" ? "" : mediaContentMd5(Buffer.from(p.body, "utf8"));
  const signed = { "S-Ca-App": p.appKey, "S-Ca-Timestamp": String(p.timestampMs) };
  const signature = mediaSignature(p.secret, mediaStringToSign({ method: p.method, contentMd5, headers: signed, path: p.path, form: p.form }));
  return {
    ...signed,
    "Content-MD5": contentMd5,
    "S-Ca-Signature-Headers": SIGNED_HEADER_NAMES.join(","),
    "S-Ca-Signature": signature,
    "Content-Type": p.form === "aliyun" ? ALIYUN_CONTENT_TYPE : "application/json",
    Accept: "application/json",
  };
}

/** The media envelope {code, message, data}: code 0 is success (one SDK calls the field `status`). */
export function mediaOutcome<T>(res: HttpResult, ok: (data: unknown, body: Record<string, unknown>) => T | null): Outcome<T> {
  const body = isRecord(res.json) ? res.json : null;
  const code = body ? (textOf(body.code) ?? textOf(body.status)) : null;
  const message = body ? (textOf(body.message) ?? textOf(body.msg) ?? textOf(body.des) ?? "") : "";
  if (code === "402") return { ok: false, kind: "rate-limit", retryable: true, code, message: message || "请求过于频繁" };
  const http = httpStatusOutcome(res);
  if (http) return http;
  if (code !== null && code !== "0") {
    if (code === "400") return { ok: false, kind: "auth", retryable: false, code, message: message || "鉴权不通过" };
    // 999 系统异常 is Meituan's own 5xx: worth another try. -1, 1, 2, 401, 403 are not.
    return { ok: false, kind: "api", retryable: code === "999", code, message: message || "error" };
  }
  if (res.status < 200 || res.status >= 300) return { ok: false, kind: "http", retryable: false, message: `HTTP ${res.status}` };
  if (!body || code === null) return { ok: false, kind: "invalid-response", retryable: false, message: `not a {code, message, data} envelope: ${res.text.slice(0, 120)}` };
  const value = ok(body.data, body);
  if (value === null) return { ok: false, kind: "invalid-response", retryable: false, message: `unexpected data: ${res.text.slice(0, 120)}` };
  return { ok: true, value };
}

export interface MediaClientOptions extends ClientBaseOptions {
  signatureForm?: MediaSignatureForm;
}

export type MediaClient = ReturnType<typeof createMediaClient>;

function invalid(endpoint: string, message: string): never {
  throw new MeituanApiError(`Meituan media ${endpoint}: ${message}`, { api: "media", endpoint, kind: "invalid-request", retryable: false, attempts: 0 });
}

export function createMediaClient(o: MediaClientOptions) {
  const base = o.baseUrl.replace(/\/+$/, "");
  const now = o.now ?? Date.now;

  function post<T>(name: string, body: object, ok: (data: unknown, envelope: Record<string, unknown>) => T | null): Promise<T> {
    const path = `${MEDIA_PATH}/${name}`;
    const text = JSON.stringify(body); // once: these bytes are hashed and sent
    return callMeituan<T>(
      {
        api: "media",
        endpoint: path,
        prepare: () => ({
          url: `${base}${path}`,
          init: {
            method: "POST",
            headers: mediaSignedHeaders({ appKey: o.appKey, secret: o.secret, timestampMs: now(), method: "POST", path, body: text, form: o.signatureForm }),
            body: text,
          },
        }),
        interpret: (res) => mediaOutcome(res, ok),
      },
      { fetch: o.fetch, retry: o.retry },
    );
  }

  async function queryOrder(body: MediaQueryOrderBody): Promise<MediaQueryOrderResult> {
    const endpoint = `${MEDIA_PATH}/query_order`;
    if (body.limit !== undefined && (!Number.isInteger(body.limit) || body.limit < 1 || body.limit > MEDIA_MAX_LIMIT)) {
      invalid(endpoint, `limit must be 1–${MEDIA_MAX_LIMIT}`);
    }
    if (body.searchType === 2 && body.page !== undefined && body.page !== 1) invalid(endpoint, "scroll queries (searchType 2) must send page 1");
    if (body.startTime !== undefined && body.endTime !== undefined && body.endTime < body.startTime) invalid(endpoint, "endTime is before startTime");
    if (body.sid !== undefined && !MEDIA_SID.test(body.sid)) invalid(endpoint, "bad sid");
    return post("query_order", body, (data) => {
      if (data === null || data === undefined) return { scrollId: null, dataList: [], orders: [], data: {} };
      if (!isRecord(data)) return null;
      const list = data.dataList;
      if (list !== undefined && list !== null && !Array.isArray(list)) return null;
      const dataList = (list ?? []).filter(isRecord);
      const orders = dataList.map(normalizeMediaOrder).filter((x): x is UpstreamOrder => x !== null);
      return { scrollId: textOf(data.scrollId), dataList, orders, data };
    });
  }

  /**
   * Pages by scroll (searchType 2, page 1, the previous scrollId) until a page comes back empty.
   * A non-empty page without a scrollId ends the listing too (there is no way to ask for the next one).
   */
  async function* scrollOrders(
    body: Omit<MediaQueryOrderBody, "searchType" | "scrollId" | "page">,
    opts: { maxPages?: number } = {},
  ): AsyncGenerator<MediaQueryOrderResult> {
    const maxPages = opts.maxPages ?? 10_000;
    let scrollId: string | undefined;
    for (let page = 1; ; page++) {
      if (page > maxPages) throw new MeituanApiError(`Meituan media query_order: scroll did not end within ${maxPages} pages`, { api: "media", endpoint: `${MEDIA_PATH}/query_order`, kind: "invalid-response", retryable: false, attempts: 0 });
      const result = await queryOrder({ ...body, limit: body.limit ?? MEDIA_MAX_LIMIT, searchType: 2, page: 1, ...(scrollId ? { scrollId } : {}) });
      if (result.dataList.length === 0) return;
      yield result;
      if (!result.scrollId) {
        log.warn("meituan media scroll ended without a scrollId", { endpoint: `${MEDIA_PATH}/query_order`, page, rows: result.dataList.length });
        return;
      }
      scrollId = result.scrollId;
    }
  }

  return {
    kind: "media" as const,
    queryOrder,
    scrollOrders,

    /** get_referral_link: exactly one of actId, skuViewId and text. */
    async getReferralLink(body: MediaReferralLinkBody): Promise<MediaReferralLinkResult> {
      const endpoint = `${MEDIA_PATH}/get_referral_link`;
      const sources = [body.actId, body.skuViewId, body.text].filter((v) => v !== undefined && v !== "");
      if (sources.length !== 1) invalid(endpoint, "exactly one of actId, skuViewId and text is required");
      if (!MEDIA_SID.test(body.sid)) invalid(endpoint, "sid must be 1–64 letters, digits or _");
      if (!Number.isInteger(body.linkType) || body.linkType < 1) invalid(endpoint, `bad linkType ${body.linkType}`);
      return post("get_referral_link", body, (data, envelope) => {
        // `data` is the link and `skuViewId` sits beside it; tolerate a wrapped {link|url|data, skuViewId} too.
        const direct = textOf(data);
        if (direct) return { link: direct, skuViewId: textOf(envelope.skuViewId) };
        if (!isRecord(data)) return null;
        const link = textOf(data.data) ?? textOf(data.link) ?? textOf(data.url) ?? textOf(data.referralLink);
        return link ? { link, skuViewId: textOf(data.skuViewId) } : null;
      });
    },
  };
}
