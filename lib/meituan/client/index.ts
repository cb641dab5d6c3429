// The Meituan order API as reconciliation sees it: one client over either generation (union G2 or media G3),
// chosen by MEITUAN_API_KIND. listOrders walks every page of a time window; getOrder fetches one order with its
// commission data; generateLink makes a tracking link for a sid.
import { env } from "../../env";
import { log } from "../../log";
import { createMediaClient, type MediaSignatureForm } from "./media";
import { DEFAULT_MEDIA_SCOPES, parseMediaScopes } from "./scopes";
import { createUnionClient, UNION_MAX_LIMIT, UNION_MAX_WINDOW_SECONDS } from "./union";
import type {
  ApiKind,
  GenerateLinkParams,
  MediaScope,
  MeituanClient,
  OrderLookupHint,
  OrderWindow,
  PageInfo,
  RetryOptions,
  UpstreamOrder,
} from "./types";

export type {
  ApiKind,
  ClientBaseOptions,
  GenerateLinkParams,
  LinkKind,
  MediaQueryOrderBody,
  MediaQueryOrderResult,
  MediaReferralLinkBody,
  MediaReferralLinkResult,
  MediaScope,
  MeituanClient,
  OrderLookupHint,
  OrderWindow,
  PageInfo,
  RetryOptions,
  UnionGenerateLinkParams,
  UnionOrderListParams,
  UnionOrderListResult,
  UnionOrderParams,
  UnionOrderResult,
  UpstreamOrder,
} from "./types";
export { MeituanApiError, type MeituanErrorKind } from "./http";
export { createUnionClient } from "./union";
export { createMediaClient } from "./media";
export { normalizeMediaOrder, normalizeUnionOrder } from "./normalize";

export const DEFAULT_UNION_BASE_URL = "https://openapi.meituan.com";
export const DEFAULT_MEDIA_BASE_URL = "https://media.meituan.com";
export const DEFAULT_BUSINESS_LINES = [1, 2, 3, 4, 5, 6, 7];
export { DEFAULT_MEDIA_SCOPES, formatMediaScopes, parseMediaScopes } from "./scopes";

export interface MeituanClientConfig {
  kind: ApiKind;
  appKey: string;
  /** The API secret, not the callback secret. */
  secret: string;
  unionBaseUrl?: string;
  mediaBaseUrl?: string;
  /** Union: the businessLine values listOrders and getOrder query (orderList needs businessLine or actId). */
  businessLines?: number[];
  /** Media: the platform/businessLine combinations listOrders and getOrder query (see scopes.ts). */
  mediaScopes?: MediaScope[];
  mediaSignatureForm?: MediaSignatureForm;
  /** Rows per page, ≤ 100. Default 100. */
  pageSize?: number;
  fetch?: typeof fetch;
  now?: () => number;
  retry?: RetryOptions;
}

/** [first, last] whole seconds of the half-open window [start, end). Null when it holds no second. */
export function windowSeconds(start: Date, end: Date): [number, number] | null {
  const first = Math.ceil(start.getTime() / 1000);
  const last = Math.ceil(end.getTime() / 1000) - 1;
  return last >= first ? [first, last] : null;
}

const LINK_TYPES = {
  union: { h5: 1, deeplink: 2, miniprogram: 4, kouling: 5 },
  media: { h5: 1, deeplink: 3, miniprogram: 4, kouling: 5 },
} as const;

function dedupeKey(o: UpstreamOrder): string {
  const r = o.raw;
  const sub = r.couponCode ?? r.itemOrderId ?? "";
  return `${o.orderId}|${typeof sub === "string" || typeof sub === "number" ? sub : ""}`;
}

/** The orders not met before in this listing (windows and scopes can overlap); remembers them. */
function unseen(orders: UpstreamOrder[], seen: Set<string>): UpstreamOrder[] {
  return orders.filter((o) => {
    const k = dedupeKey(o);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function createMeituanClient(c: MeituanClientConfig): MeituanClient {
  const pageSize = Math.min(UNION_MAX_LIMIT, Math.max(1, c.pageSize ?? UNION_MAX_LIMIT));
  const common = { appKey: c.appKey, secret: c.secret, fetch: c.fetch, now: c.now, retry: c.retry };

  if (c.kind === "union") {
    const api = createUnionClient({ ...common, baseUrl: c.unionBaseUrl ?? DEFAULT_UNION_BASE_URL });
    const lines = c.businessLines?.length ? c.businessLines : DEFAULT_BUSINESS_LINES;
    return {
      kind: "union",
      async *listOrders(w: OrderWindow, onPage?: (info: PageInfo) => void) {
        const range = windowSeconds(w.start, w.end);
        if (!range) return;
        const seen = new Set<string>();
        // Sub-windows of at most 86 400 s, inclusive at both ends, so consecutive ones never share a second.
        for (let from = range[0]; from <= range[1]; from += UNION_MAX_WINDOW_SECONDS) {
          const to = Math.min(from + UNION_MAX_WINDOW_SECONDS - 1, range[1]);
          for (const businessLine of lines) {
            for (let page = 1; ; page++) {
              const res = await api.orderList({ businessLine, startTime: from, endTime: to, page, limit: pageSize, queryTimeType: w.byUpdateTime ? 2 : 1 });
              onPage?.({ scope: String(businessLine), windowStart: from, page, rows: res.dataList.length });
              const fresh = unseen(res.orders, seen);
              if (fresh.length) yield fresh;
              const done = res.dataList.length < pageSize || (res.total !== null && page * pageSize >= res.total);
              if (done) break;
              if (page >= 10_000) {
                log.warn("meituan union orderList: stopped paging after 10 000 pages", { businessLine, startTime: from });
                break;
              }
            }
          }
        }
      },
      async getOrder(orderId: string, hint?: OrderLookupHint) {
        const scopes = hint?.businessLine !== undefined || hint?.actId ? [{ businessLine: hint.businessLine, actId: hint.actId }] : lines.map((businessLine) => ({ businessLine, actId: undefined }));
        for (const s of scopes) {
          const { order } = await api.order({ orderId, ...s, productId: hint?.productId, full: true });
          if (order && order.orderId === orderId) return order;
        }
        return null;
      },
      generateLink(p: GenerateLinkParams) {
        const type = p.linkType ?? "h5";
        return api.generateLink({ actId: p.actId, sid: p.sid, linkType: LINK_TYPES.union[type], shortLink: type === "h5" ? (p.short ?? false) : undefined });
      },
    };
  }

  const api = createMediaClient({ ...common, baseUrl: c.mediaBaseUrl ?? DEFAULT_MEDIA_BASE_URL, signatureForm: c.mediaSignatureForm });
  const scopes = c.mediaScopes?.length ? c.mediaScopes : DEFAULT_MEDIA_SCOPES;
  return {
    kind: "media",
    async *listOrders(w: OrderWindow, onPage?: (info: PageInfo) => void) {
      const range = windowSeconds(w.start, w.end);
      if (!range) return;
      const seen = new Set<string>();
      for (const s of scopes) {
        let page = 0;
        const pages = api.scrollOrders({
          platform: s.platform,
          ...(s.businessLine?.length ? { businessLine: s.businessLine } : {}),
          startTime: range[0],
          endTime: range[1],
          queryTimeType: w.byUpdateTime ? 2 : 1,
          limit: pageSize,
        });
        for await (const res of pages) {
          onPage?.({ scope: scopeLabel(s), windowStart: range[0], page: ++page, rows: res.dataList.length });
          const fresh = unseen(res.orders, seen);
          if (fresh.length) yield fresh;
        }
      }
    },
    async getOrder(orderId: string, hint?: OrderLookupHint) {
      const list = hint?.platform !== undefined ? [{ platform: hint.platform, businessLine: hint.businessLine !== undefined ? [hint.businessLine] : undefined }] : scopes;
      for (const s of list) {
        // searchType 2 and no actId, as 省钱包 (12) requires; the other lines ignore both.
        const res = await api.queryOrder({ platform: s.platform, ...(s.businessLine?.length ? { businessLine: s.businessLine } : {}), orderId, searchType: 2, page: 1 });
        const hit = res.orders.find((o) => o.orderId === orderId);
        if (hit) return hit;
      }
      return null;
    },
    async generateLink(p: GenerateLinkParams) {
      const type = p.linkType ?? "h5";
      const linkType = type === "h5" && p.short ? 2 : LINK_TYPES.media[type];
      return (await api.getReferralLink({ actId: p.actId, sid: p.sid, linkType })).link;
    },
  };
}

const scopeLabel = (s: MediaScope) => `platform ${s.platform}${s.businessLine?.length ? ` businessLine ${s.businessLine.join(",")}` : ""}`;

function parseLines(text: string | undefined): number[] {
  if (!text) return DEFAULT_BUSINESS_LINES;
  return text
    .split(",")
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isInteger(n) && n > 0);
}

/**
 * The client the environment configures, or null when MEITUAN_APP_KEY or MEITUAN_API_SECRET is missing.
 * Options (fetch, retry, clock) are for tests and scripts.
 */
export function meituanClientFromEnv(options: Pick<MeituanClientConfig, "fetch" | "now" | "retry" | "mediaScopes" | "pageSize"> = {}): MeituanClient | null {
  const e = env();
  if (!e.MEITUAN_APP_KEY || !e.MEITUAN_API_SECRET) return null;
  return createMeituanClient({
    ...options,
    kind: e.MEITUAN_API_KIND ?? "union",
    appKey: e.MEITUAN_APP_KEY,
    secret: e.MEITUAN_API_SECRET,
    unionBaseUrl: e.MEITUAN_UNION_BASE_URL ?? DEFAULT_UNION_BASE_URL,
    mediaBaseUrl: e.MEITUAN_MEDIA_BASE_URL ?? DEFAULT_MEDIA_BASE_URL,
    businessLines: parseLines(e.MEITUAN_BUSINESS_LINES),
    mediaScopes: options.mediaScopes ?? (e.MEITUAN_MEDIA_SCOPES ? parseMediaScopes(e.MEITUAN_MEDIA_SCOPES) : DEFAULT_MEDIA_SCOPES),
    mediaSignatureForm: e.MEITUAN_MEDIA_SIGNATURE_FORM ?? "official",
  });
}
