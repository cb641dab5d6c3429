// Types shared by the union (G2, openapi.meituan.com) and media (G3, media.meituan.com) order-API clients.
// Field names and meanings as Meituan documents its order query API.

/**
 * One upstream order, whichever API it came from: the shape reconciliation works with.
 * Money is integer fen, parsed from the yuan text without floating point.
 */
export interface UpstreamOrder {
  orderId: string;
  sid: string | null;
  /**
   * The union status code: "1" paid, "8" completed, "9" refunded or risk-controlled, anything else as sent.
   * Media statuses map onto it: 2 → "1", 3 → "8", 6 (settled) → "8", 4 (cancelled) → "9", 5 (risk) → "9";
   * an unknown media status becomes "m<status>" so it can never be mistaken for a union code.
   */
  upstreamStatus: string;
  /** "1" full refund, "2" partial, "3" risk. Media 4 → "1", media 5 → "3". */
  refundType: string | null;
  title: string | null;
  businessLine: number | null;
  actId: string | null;
  payFen: number | null;
  /** profit + cpaProfit (either may be absent; null when both are). */
  profitFen: number | null;
  /** refundprofit + cpaRefundProfit (media 到店: the sum of orderDetail[].refundFee when no order-level value). */
  refundProfitFen: number | null;
  /** refundprice: the amount refunded to the buyer (a partial refund's GMV is payFen − refundFen); null when absent. */
  refundFen?: number | null;
  paidAt: Date | null;
  /** modTime (union) / updateTime (media). */
  updatedAt: Date | null;
  /** The row as received; numbers that do not survive a JS number (long order ids) are kept as their text. */
  raw: Record<string, unknown>;
}

export type ApiKind = "union" | "media";

export interface RetryOptions {
  /** Attempts in total, first one included. Default 4. */
  maxAttempts?: number;
  /** Per attempt, including reading the body. Default 10 000 ms. */
  timeoutMs?: number;
  /** Backoff before attempt n+1 is a random value in [d/2, d], d = min(maxDelayMs, baseDelayMs · 2^(n-1)). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Injected in tests. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export interface ClientBaseOptions {
  baseUrl: string;
  appKey: string;
  /** The API secret (not the 回调/callback secret). Never logged. */
  secret: string;
  fetch?: typeof fetch;
  /** Clock in epoch milliseconds. */
  now?: () => number;
  retry?: RetryOptions;
}

// ---- union (G2) -------------------------------------------------------------------------------------------------

export interface UnionOrderListParams {
  /** At least one of businessLine and actId ("二者至少择其一"). */
  businessLine?: number;
  actId?: string | number;
  /** 10-digit seconds; endTime − startTime ≤ 86 400 (the API's 1-day limit). */
  startTime: number;
  endTime: number;
  /** From 1. Default 1. */
  page?: number;
  /** 1–100. Default 100. */
  limit?: number;
  /** 1 = pay time (default). 2 = modification time: G1 had it, G2 support is unconfirmed (not confirmed by Meituan's documentation). */
  queryTimeType?: 1 | 2;
}

export interface UnionOrderListResult {
  /** `total` as sent (hits for the query), null if absent. */
  total: number | null;
  dataList: Record<string, unknown>[];
  orders: UpstreamOrder[];
}

export interface UnionOrderParams {
  orderId: string;
  businessLine?: number;
  actId?: string | number;
  /** Needed for 团好货, 到餐 and 优选. */
  productId?: string;
  /** true: with commission and refund data (full=1). */
  full: boolean;
}

export interface UnionOrderResult {
  data: Record<string, unknown> | null;
  order: UpstreamOrder | null;
}

export interface UnionGenerateLinkParams {
  actId: string | number;
  sid: string;
  /** 1 h5, 2 deeplink, 3 中间页唤起, 4 微信小程序路径, 5 团口令 (6–8 优选). */
  linkType: number;
  /** true: short link (shortLink=1). */
  shortLink?: boolean;
  skuViewId?: string;
}

// ---- media (G3) -------------------------------------------------------------------------------------------------

export interface MediaQueryOrderBody {
  platform?: number;
  businessLine?: number[];
  categoryIds?: number[];
  actId?: string;
  sid?: string;
  orderId?: string;
  startTime?: number;
  endTime?: number;
  /** 1 pay time (default), 2 update time. */
  queryTimeType?: 1 | 2;
  tradeType?: 1 | 2;
  /** 1 paged (≤ 10 000 rows, unmaintained), 2 scroll. */
  searchType?: 1 | 2;
  scrollId?: string;
  page?: number;
  /** ≤ 100. */
  limit?: number;
  cityNames?: string[];
}

export interface MediaQueryOrderResult {
  scrollId: string | null;
  dataList: Record<string, unknown>[];
  orders: UpstreamOrder[];
  data: Record<string, unknown>;
}

export interface MediaReferralLinkBody {
  platform?: number;
  bizLine?: number;
  actId?: string;
  skuViewId?: string;
  text?: string;
  sid: string;
  /** 1 H5 long, 2 H5 short, 3 deeplink, 4 微信小程序路径, 5 团口令. */
  linkType: number;
  shareTextType?: number;
}

export interface MediaReferralLinkResult {
  link: string;
  skuViewId: string | null;
}

/** Which media orders a listing covers: one query (and one scroll) per scope. */
export interface MediaScope {
  platform: number;
  businessLine?: number[];
}

// ---- the client reconciliation uses -----------------------------------------------------------------------------

export interface OrderWindow {
  /** Inclusive. */
  start: Date;
  /** Exclusive: consecutive windows [a, b), [b, c) never return an order twice. */
  end: Date;
  /** Filter by update/modification time instead of pay time. */
  byUpdateTime: boolean;
}

export interface PageInfo {
  /** Union: businessLine of the query; media: platform of the scope. */
  scope: string;
  /** Union: 1-day sub-window start (seconds); media: the scope's start time. */
  windowStart: number;
  page: number;
  rows: number;
}

export type LinkKind = "h5" | "deeplink" | "miniprogram" | "kouling";

export interface GenerateLinkParams {
  actId: string;
  sid: string;
  /** Default "h5". */
  linkType?: LinkKind;
  /** Short H5 link. Default false. */
  short?: boolean;
}

export interface OrderLookupHint {
  businessLine?: number;
  actId?: string;
  productId?: string;
  /** Media: the platform (1 到家, 2 到店). */
  platform?: number;
}

export interface MeituanClient {
  kind: ApiKind;
  /** Every order in the window, one page at a time (de-duplicated within the call). */
  listOrders(window: OrderWindow, onPage?: (info: PageInfo) => void): AsyncIterable<UpstreamOrder[]>;
  /** One order with its commission data, or null if Meituan does not know it (within the configured scopes). */
  getOrder(orderId: string, hint?: OrderLookupHint): Promise<UpstreamOrder | null>;
  generateLink(params: GenerateLinkParams): Promise<string>;
}
