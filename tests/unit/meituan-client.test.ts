import { describe, expect, it, vi } from "vitest";
import { callMeituan, backoffMs, MeituanApiError, redactUrl } from "@/lib/meituan/client/http";
import { parseJsonLossless } from "@/lib/meituan/client/json";
import { createMediaClient, mediaContentMd5, mediaSignature, mediaSignedHeaders, mediaStringToSign } from "@/lib/meituan/client/media";
import { fenOf, mapMediaStatus, normalizeMediaOrder, normalizeUnionOrder, timeOf } from "@/lib/meituan/client/normalize";
import { createUnionClient, unionOutcome } from "@/lib/meituan/client/union";
import { windowSeconds } from "@/lib/meituan/client";

// Quiet: one test below turns the per-call log lines back on to check them.
process.env.LOG_LEVEL = "error";

type Captured = { url: string; init: RequestInit };

/** A fetch that records every call and answers from a list (the last answer repeats). */
function stubFetch(answers: (Response | (() => Response | Promise<Response>))[]) {
  const calls: Captured[] = [];
  let i = 0;
  const fn = (async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), init: init ?? {} });
    const a = answers[Math.min(i++, answers.length - 1)];
    return typeof a === "function" ? a() : a.clone();
  }) as typeof fetch;
  return { fn, calls };
}
const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(typeof body === "string" ? body : JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
const fast = { baseDelayMs: 1, maxDelayMs: 2, sleep: async () => {} };

describe("union client: outbound sign (Meituan's published example)", () => {
  it("signs orderList exactly like Meituan's published example", async () => {
    const { fn, calls } = stubFetch([json({ status: 0, total: 0, dataList: [] })]);
    const c = createUnionClient({ baseUrl: "https://openapi.example/", appKey: "demo_appkey", secret: "test_api_secret", fetch: fn, now: () => 1714550400_000 });
    const res = await c.orderList({ businessLine: 2, startTime: 1714464000, endTime: 1714550400, page: 1, limit: 100, queryTimeType: 1 });
    expect(res).toEqual({ total: 0, dataList: [], orders: [] });
    const url = new URL(calls[0].url);
    expect(url.origin + url.pathname).toBe("https://openapi.example/api/orderList");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      appkey: "demo_appkey",
      ts: "1714550400",
      businessLine: "2",
      startTime: "1714464000",
      endTime: "1714550400",
      page: "1",
      limit: "100",
      queryTimeType: "1",
      sign: "e5a3675035891bf9e75e4ea5675a0ddd",
    });
    expect(calls[0].init.method).toBe("GET");
  });

  it("refuses a window over one day, a limit over 100 and a missing businessLine/actId before any request", async () => {
    const { fn, calls } = stubFetch([json({ status: 0, dataList: [] })]);
    const c = createUnionClient({ baseUrl: "http://x", appKey: "k", secret: "s", fetch: fn });
    await expect(c.orderList({ businessLine: 2, startTime: 1714464000, endTime: 1714464000 + 86_401 })).rejects.toMatchObject({ kind: "invalid-request" });
    await expect(c.orderList({ businessLine: 2, startTime: 1714464000, endTime: 1714464001, limit: 101 })).rejects.toThrow(/limit/);
    await expect(c.orderList({ startTime: 1714464000, endTime: 1714464001 })).rejects.toThrow(/businessLine or actId/);
    await expect(c.orderList({ businessLine: 2, startTime: 1714464000_000, endTime: 1714464001_000 })).rejects.toThrow(/10-digit/);
    await expect(c.generateLink({ actId: 33, sid: "Bad:Sid", linkType: 1 })).rejects.toThrow(/sid/);
    expect(calls).toHaveLength(0);
  });

  it("reads order (full) and generateLink responses", async () => {
    const { fn, calls } = stubFetch([
      json({ status: 0, des: "", data: { orderid: "601234567890123456", status: "9", refundInfoList: [{ refundType: "2", refundTime: "1714560000" }], payprice: "28.80", profit: "1.44", refundprofit: "0.50" } }),
      json({ status: 0, des: "", data: null }),
      json({ status: 0, des: "", data: "https://runion.meituan.com/url?key=demo_appkey&sid=m10086" }),
    ]);
    const c = createUnionClient({ baseUrl: "http://x", appKey: "demo_appkey", secret: "s", fetch: fn });
    const { order } = await c.order({ orderId: "601234567890123456", businessLine: 2, full: true });
    expect(order).toMatchObject({ orderId: "601234567890123456", upstreamStatus: "9", refundType: "2", payFen: 2880, profitFen: 144, refundProfitFen: 50 });
    expect(new URL(calls[0].url).searchParams.get("full")).toBe("1");
    expect(new URL(calls[0].url).searchParams.get("orderId")).toBe("601234567890123456");
    expect((await c.order({ orderId: "1", businessLine: 2, full: false })).order).toBeNull();
    expect(await c.generateLink({ actId: 33, sid: "m10086", linkType: 1, shortLink: true })).toContain("sid=m10086");
    expect(new URL(calls[2].url).searchParams.get("shortLink")).toBe("1");
  });

  it("reads an order-not-found error as null, other errors still throw", async () => {
    const { fn } = stubFetch([json({ status: 1, des: "订单不存在" }), json({ status: 1, des: "团好货单订单查询需要productID参数" })]);
    const c = createUnionClient({ baseUrl: "http://x", appKey: "k", secret: "s", fetch: fn, retry: fast });
    expect(await c.order({ orderId: "1", businessLine: 2, full: true })).toEqual({ data: null, order: null });
    await expect(c.order({ orderId: "1", businessLine: 2, full: true })).rejects.toThrow(/productID/);
  });

  it("reads the union error envelope: status 402 is a rate limit, a sign error is an auth error", () => {
    const res = (body: unknown, status = 200) => ({ status, headers: new Headers(), text: JSON.stringify(body), json: body });
    expect(unionOutcome(res({ status: 402, des: "请求过于频繁" }), () => 1)).toMatchObject({ ok: false, kind: "rate-limit", retryable: true });
    expect(unionOutcome(res({ status: "1", des: "签名错误" }), () => 1)).toMatchObject({ ok: false, kind: "auth", retryable: false, code: "1" });
    expect(unionOutcome(res({ status: 1, des: "参数错误" }), () => 1)).toMatchObject({ ok: false, kind: "api", retryable: false });
    expect(unionOutcome(res({ des: "x" }, 503), () => 1)).toMatchObject({ ok: false, kind: "http", retryable: true });
    expect(unionOutcome(res({ status: 429 }, 429), () => 1)).toMatchObject({ ok: false, kind: "rate-limit", retryable: true });
    expect(unionOutcome(res({ dataList: [] }), () => 1)).toEqual({ ok: true, value: 1 });
  });
});

describe("media S-Ca signature (the API接入指南 examples)", () => {
  const BODY1 = `{"endTime":1790496000,"limit":100,"page":1,"queryTimeType":2,"searchType":2,"startTime":1790494200}`;
  const PATH1 = "/cps_open/common/api/v1/query_order";

  it("vector 1: Content-MD5, the official-form string and signature, and the Aliyun form reproducing RUST", () => {
    const md5 = mediaContentMd5(BODY1);
    expect(md5).toBe("fZoSpUUECIApXyXOe+dCoA==");
    const headers = { "S-Ca-Timestamp": "1790496000000", "S-Ca-App": "test-app" }; // sorted by name regardless of order
    const official = mediaStringToSign({ method: "post", contentMd5: md5, headers, path: PATH1 });
    expect(official).toBe("POST\nfZoSpUUECIApXyXOe+dCoA==\nS-Ca-App:test-app\nS-Ca-Timestamp:1790496000000\n/cps_open/common/api/v1/query_order");
    expect(mediaSignature("test-secret", official)).toBe("ikzqQMEPAlSz5dsoPmJ24vL1eKO4UBHJf+Ojf3VNCCM=");
    const aliyun = mediaStringToSign({ method: "POST", contentMd5: md5, headers, path: PATH1, form: "aliyun" });
    expect(mediaSignature("test-secret", aliyun)).toBe("6j9AV9DjVmflCYG7aSJnouG6Ts6vXGUr8uqZvdFfl08=");
  });

  it("vector 1 through the client: the exact bytes hashed are the bytes sent", async () => {
    const { fn, calls } = stubFetch([json({ code: 0, message: "成功", data: { scrollId: "s1", dataList: [] } })]);
    const c = createMediaClient({ baseUrl: "https://media.example", appKey: "test-app", secret: "test-secret", fetch: fn, now: () => 1790496000000 });
    await c.queryOrder({ endTime: 1790496000, limit: 100, page: 1, queryTimeType: 2, searchType: 2, startTime: 1790494200 });
    const { url, init } = calls[0];
    expect(url).toBe("https://media.example/cps_open/common/api/v1/query_order");
    expect(init.method).toBe("POST");
    expect(init.body).toBe(BODY1);
    const h = init.headers as Record<string, string>;
    expect(h["Content-MD5"]).toBe("fZoSpUUECIApXyXOe+dCoA==");
    expect(h["S-Ca-App"]).toBe("test-app");
    expect(h["S-Ca-Timestamp"]).toBe("1790496000000");
    expect(h["S-Ca-Signature-Headers"]).toBe("S-Ca-App,S-Ca-Timestamp");
    expect(h["S-Ca-Signature"]).toBe("ikzqQMEPAlSz5dsoPmJ24vL1eKO4UBHJf+Ojf3VNCCM=");
    expect(h["Content-Type"]).toBe("application/json");
  });

  it("vector 1 with the Aliyun form behind the option", async () => {
    const { fn, calls } = stubFetch([json({ code: 0, data: { dataList: [] } })]);
    const c = createMediaClient({ baseUrl: "https://m", appKey: "test-app", secret: "test-secret", fetch: fn, now: () => 1790496000000, signatureForm: "aliyun" });
    await c.queryOrder({ endTime: 1790496000, limit: 100, page: 1, queryTimeType: 2, searchType: 2, startTime: 1790494200 });
    const h = calls[0].init.headers as Record<string, string>;
    expect(h["S-Ca-Signature"]).toBe("6j9AV9DjVmflCYG7aSJnouG6Ts6vXGUr8uqZvdFfl08=");
    expect(h["Content-Type"]).toBe("application/json; charset=UTF-8");
  });

  it("vector 2: get_referral_link", async () => {
    const body = `{"actId":"33","sid":"m10086","linkType":1}`;
    const h = mediaSignedHeaders({ appKey: "demo_appkey", secret: "test_api_secret", timestampMs: 1714550400000, method: "POST", path: "/cps_open/common/api/v1/get_referral_link", body });
    expect(h["Content-MD5"]).toBe("Pu5IQQybSc7XpWhkAEZifg==");
    expect(h["S-Ca-Signature"]).toBe("sFEArRbeLEKIPIJSrqShKAz4c9MsYaRklXzokvkFPsg=");

    const { fn, calls } = stubFetch([json({ code: 0, message: "成功", data: "https://dpurl.cn/abc", skuViewId: null })]);
    const c = createMediaClient({ baseUrl: "https://m", appKey: "demo_appkey", secret: "test_api_secret", fetch: fn, now: () => 1714550400000 });
    expect(await c.getReferralLink({ actId: "33", sid: "m10086", linkType: 1 })).toEqual({ link: "https://dpurl.cn/abc", skuViewId: null });
    expect(calls[0].init.body).toBe(body);
    expect((calls[0].init.headers as Record<string, string>)["S-Ca-Signature"]).toBe("sFEArRbeLEKIPIJSrqShKAz4c9MsYaRklXzokvkFPsg=");
  });

  it("GET-style Url: sorted query, an empty value as the bare key", () => {
    expect(mediaStringToSign({ method: "GET", contentMd5: "", headers: { "S-Ca-Timestamp": "1" }, path: "/p", query: { b: "2", a: "" } })).toBe("GET\n\nS-Ca-Timestamp:1\n/p?a&b=2");
  });

  it("scrolls with searchType 2, page 1 and the previous scrollId until an empty page", async () => {
    const page = (ids: string[], scrollId: string) => json({ code: 0, data: { scrollId, dataList: ids.map((orderId) => ({ orderId, status: 2 })) } });
    const { fn, calls } = stubFetch([page(["a", "b"], "s1"), page(["c"], "s2"), page([], "s3")]);
    const c = createMediaClient({ baseUrl: "https://m", appKey: "k", secret: "s", fetch: fn });
    const seen: string[] = [];
    for await (const p of c.scrollOrders({ startTime: 1790494200, endTime: 1790496000, queryTimeType: 2, limit: 2 })) seen.push(...p.orders.map((o) => o.orderId));
    expect(seen).toEqual(["a", "b", "c"]);
    const bodies = calls.map((x) => JSON.parse(String(x.init.body)));
    expect(bodies.map((b) => [b.searchType, b.page, b.scrollId])).toEqual([
      [2, 1, undefined],
      [2, 1, "s1"],
      [2, 1, "s2"],
    ]);
  });

  it("media envelope: code 400 is auth (no retry), 402 retries, 999 retries", async () => {
    const { fn, calls } = stubFetch([json({ code: 402, message: "请求过于频繁" }), json({ code: 999, message: "系统异常" }), json({ code: 400, message: "鉴权不通过" })]);
    const c = createMediaClient({ baseUrl: "https://m", appKey: "k", secret: "s", fetch: fn, retry: { ...fast, maxAttempts: 5 } });
    const err = await c.queryOrder({ startTime: 1790494200, endTime: 1790496000 }).catch((e) => e);
    expect(err).toBeInstanceOf(MeituanApiError);
    expect(err).toMatchObject({ kind: "auth", code: "400", attempts: 3 });
    expect(calls).toHaveLength(3);
  });
});

describe("request helper", () => {
  it("retries 5xx, 429 and network errors with backoff, then succeeds", async () => {
    const sleeps: number[] = [];
    const { fn, calls } = stubFetch([
      new Response("bad gateway", { status: 502 }),
      json({ status: 429 }, 429, { "retry-after": "1" }),
      () => {
        throw new TypeError("fetch failed");
      },
      json({ status: 0, dataList: [], total: 0 }),
    ]);
    const c = createUnionClient({ baseUrl: "http://x", appKey: "k", secret: "s", fetch: fn, retry: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 5000, sleep: async (ms) => void sleeps.push(ms), random: () => 1 } });
    await c.orderList({ businessLine: 2, startTime: 1714464000, endTime: 1714464001 });
    expect(calls).toHaveLength(4);
    expect(sleeps).toEqual([100, 1000, 400]); // backoff, Retry-After: 1 s, backoff
    // every attempt is signed afresh (its own ts and sign)
    expect(new Set(calls.map((x) => new URL(x.url).searchParams.get("sign"))).size).toBeGreaterThanOrEqual(1);
  });

  it("times out an attempt that never answers, and gives up after maxAttempts with the last error", async () => {
    const fn = ((_u: string, init?: RequestInit) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError"))))) as typeof fetch;
    const err = await callMeituan(
      { api: "union", endpoint: "/api/x", prepare: () => ({ url: "http://x/api/x?sign=abc", init: {} }), interpret: () => ({ ok: true, value: 1 }) },
      { fetch: fn, retry: { ...fast, maxAttempts: 2, timeoutMs: 20 } },
    ).catch((e) => e);
    expect(err).toBeInstanceOf(MeituanApiError);
    expect(err).toMatchObject({ kind: "timeout", attempts: 2 });
    expect(err.message).toMatch(/after 2 attempt/);
  });

  it("does not retry a 4xx", async () => {
    const { fn, calls } = stubFetch([new Response("nope", { status: 403 })]);
    const c = createUnionClient({ baseUrl: "http://x", appKey: "k", secret: "s", fetch: fn, retry: fast });
    await expect(c.orderList({ businessLine: 2, startTime: 1714464000, endTime: 1714464001 })).rejects.toMatchObject({ kind: "http", attempts: 1 });
    expect(calls).toHaveLength(1);
  });

  it("backoff grows exponentially with jitter in [d/2, d], capped", () => {
    const o = { baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffMs(1, o, () => 0)).toBe(50);
    expect(backoffMs(1, o, () => 1)).toBe(100);
    expect(backoffMs(3, o, () => 1)).toBe(400);
    expect(backoffMs(10, o, () => 1)).toBe(1000);
  });

  it("redacts sign in URLs", () => {
    expect(redactUrl("http://x/api/orderList?appkey=k&sign=0123abcd&ts=1")).toBe("http://x/api/orderList?appkey=k&sign=REDACTED&ts=1");
  });

  it("logs the endpoint, duration, attempt and result, never the query string or secret", async () => {
    const lines: string[] = [];
    process.env.LOG_LEVEL = "info";
    const spy = vi.spyOn(process.stdout, "write").mockImplementation((s) => (lines.push(String(s)), true));
    const spyErr = vi.spyOn(process.stderr, "write").mockImplementation((s) => (lines.push(String(s)), true));
    try {
      const { fn } = stubFetch([new Response("", { status: 500 }), json({ status: 0, dataList: [] })]);
      const c = createUnionClient({ baseUrl: "http://x", appKey: "k", secret: "very-secret-value", fetch: fn, retry: fast });
      await c.orderList({ businessLine: 2, startTime: 1714464000, endTime: 1714464001 });
    } finally {
      spy.mockRestore();
      spyErr.mockRestore();
      process.env.LOG_LEVEL = "error";
    }
    const entries = lines.map((l) => JSON.parse(l));
    expect(entries.map((e) => [e.api, e.endpoint, e.attempt, e.result])).toEqual([
      ["union", "/api/orderList", 1, "http"],
      ["union", "/api/orderList", 2, "ok"],
    ]);
    expect(entries.every((e) => typeof e.durationMs === "number")).toBe(true);
    expect(lines.join("")).not.toMatch(/very-secret-value|sign=|[?&]ts=/);
  });
});

describe("normalization", () => {
  const unionRow = {
    orderid: "601234567890123456",
    sid: "m10086",
    status: "1",
    payprice: "28.80",
    profit: "1.44",
    paytime: "1714550400",
    modTime: "1714550401",
    smstitle: "美团外卖-测试店铺",
    businessLine: "2",
    actId: "33",
  };

  it("union: strings and numbers give the same order; money in fen without floats", () => {
    const a = normalizeUnionOrder(unionRow)!;
    const b = normalizeUnionOrder({ ...unionRow, status: 1, payprice: 28.8, profit: 1.44, paytime: 1714550400, modTime: 1714550401, businessLine: 2, actId: 33 })!;
    expect({ ...a, raw: null }).toEqual({ ...b, raw: null });
    expect(a).toMatchObject({
      orderId: "601234567890123456",
      sid: "m10086",
      upstreamStatus: "1",
      refundType: null,
      title: "美团外卖-测试店铺",
      businessLine: 2,
      actId: "33",
      payFen: 2880,
      profitFen: 144,
      refundProfitFen: null,
      paidAt: new Date(1714550400_000),
      updatedAt: new Date(1714550401_000),
    });
    // 0.1 + 0.2 style values are read from their text: 19.99 is 1999 fen, not 1998.9999
    expect(normalizeUnionOrder({ ...unionRow, payprice: 19.99 })!.payFen).toBe(1999);
  });

  it("keeps an 18-digit order id sent as a JSON number, and money's trailing zero", () => {
    const body = parseJsonLossless(`{"dataList":[{"orderid":601234567890123457,"payprice":28.80,"profit":1.40,"status":8,"paytime":1714550400}]}`) as { dataList: Record<string, unknown>[] };
    const row = body.dataList[0];
    expect(row.orderid).toBe("601234567890123457");
    expect(row.payprice).toBe("28.80");
    expect(row.paytime).toBe(1714550400);
    const o = normalizeUnionOrder(row)!;
    expect(o).toMatchObject({ orderId: "601234567890123457", payFen: 2880, profitFen: 140, upstreamStatus: "8" });
  });

  it("union: cpa profit is added, refund type comes from refundInfoList or riskOrder", () => {
    expect(normalizeUnionOrder({ ...unionRow, profit: "1.00", cpaProfit: "2.50", refundprofit: "0.30", cpaRefundProfit: "1" })).toMatchObject({ profitFen: 350, refundProfitFen: 130 });
    expect(normalizeUnionOrder({ ...unionRow, profit: "", cpaProfit: "2.50" })!.profitFen).toBe(250);
    const refunds = [
      { refundType: "2", refundTime: "1714560000" },
      { refundType: "1", refundTime: "1714570000" },
    ];
    expect(normalizeUnionOrder({ ...unionRow, status: "9", refundInfoList: refunds })!.refundType).toBe("1");
    expect(normalizeUnionOrder({ ...unionRow, status: "9", riskOrder: 1 })!.refundType).toBe("3");
    expect(normalizeUnionOrder({ ...unionRow, status: "9", refundType: 2, riskOrder: 1 })!.refundType).toBe("2");
    expect(normalizeUnionOrder({ ...unionRow, orderid: "" })).toBeNull();
    expect(normalizeUnionOrder({ ...unionRow, orderid: undefined, orderId: 123 })!.orderId).toBe("123");
  });

  it("media: status mapping", () => {
    expect(mapMediaStatus(2)).toEqual({ upstreamStatus: "1", refundType: null });
    expect(mapMediaStatus("3")).toEqual({ upstreamStatus: "8", refundType: null });
    expect(mapMediaStatus(6)).toEqual({ upstreamStatus: "8", refundType: null });
    expect(mapMediaStatus(4)).toEqual({ upstreamStatus: "9", refundType: "1" });
    expect(mapMediaStatus("5")).toEqual({ upstreamStatus: "9", refundType: "3" });
    expect(mapMediaStatus(7)).toEqual({ upstreamStatus: "m7", refundType: null });
    expect(mapMediaStatus(undefined)).toEqual({ upstreamStatus: "", refundType: null });
  });

  it("media: a row with 13-digit times, money as strings or numbers", () => {
    const row = {
      businessLine: 1,
      orderId: "3001",
      payTime: 1790494300123,
      payPrice: "100.00",
      updateTime: "1790495000456",
      profit: 1.6,
      cpaProfit: "0",
      sid: "m10086",
      productName: "外卖店",
      refundProfit: "0.40",
      status: 5,
      actId: 33,
    };
    expect(normalizeMediaOrder(row)).toMatchObject({
      orderId: "3001",
      upstreamStatus: "9",
      refundType: "3",
      payFen: 10000,
      profitFen: 160,
      refundProfitFen: 40,
      paidAt: new Date(1790494300123),
      updatedAt: new Date(1790495000456),
      title: "外卖店",
      actId: "33",
      businessLine: 1,
    });
  });

  it("media: coupon statuses decide a multi-coupon parent; refundFee sums when there is no order-level refund", () => {
    const base = { orderId: "9", status: 4, profit: "3.00" };
    const d = (couponStatus: number, refundFee?: string) => ({ couponStatus, refundFee });
    expect(normalizeMediaOrder({ ...base, orderDetail: [d(1), d(4, "1.00")] })).toMatchObject({ upstreamStatus: "1", refundType: null, refundProfitFen: 100 });
    expect(normalizeMediaOrder({ ...base, orderDetail: [d(2), d(3), d(4, "1.00")] })).toMatchObject({ upstreamStatus: "8", refundType: "2" });
    expect(normalizeMediaOrder({ ...base, orderDetail: [d(4, "1.50"), d(4, "1.50")] })).toMatchObject({ upstreamStatus: "9", refundType: "1", refundProfitFen: 300 });
    expect(normalizeMediaOrder({ ...base, status: 5, orderDetail: [d(4)] })).toMatchObject({ upstreamStatus: "9", refundType: "3" });
    // one SDK models orderDetail as an object
    expect(normalizeMediaOrder({ ...base, orderDetail: { couponStatus: 3 } })).toMatchObject({ upstreamStatus: "8" });
  });

  it("times: seconds, milliseconds, zero and Beijing date strings", () => {
    expect(timeOf("1714550400")).toEqual(new Date(1714550400_000));
    expect(timeOf(1714550400123)).toEqual(new Date(1714550400123));
    expect(timeOf("0")).toBeNull();
    expect(timeOf("")).toBeNull();
    expect(timeOf("2024-05-01 16:00:00")).toEqual(new Date("2024-05-01T08:00:00Z"));
    expect(timeOf("soon")).toBeNull();
  });

  it("money: invalid text is null, never NaN", () => {
    expect(fenOf("abc")).toBeNull();
    expect(fenOf(null)).toBeNull();
    expect(fenOf("-1.20")).toBe(-120);
    expect(fenOf(0)).toBe(0);
    expect(fenOf(1e21)).toBeNull();
  });

  it("windows: [start, end) to inclusive seconds", () => {
    expect(windowSeconds(new Date(1000_000), new Date(1086_400_000))).toEqual([1000, 1086399]);
    expect(windowSeconds(new Date(1000_500), new Date(1001_000))).toBeNull();
    expect(windowSeconds(new Date(1000_500), new Date(1002_001))).toEqual([1001, 1002]);
  });
});

describe("media scopes (MEITUAN_MEDIA_SCOPES)", () => {
  it("the default asks 券包, 省钱包 and 新客 CPA each on its own, and every 到店 line", async () => {
    const { DEFAULT_MEDIA_SCOPES, formatMediaScopes, parseMediaScopes } = await import("@/lib/meituan/client/scopes");
    expect(formatMediaScopes(DEFAULT_MEDIA_SCOPES)).toBe("1;1:7;1:12;1:999;2:1,2,3,4,5,6,15");
    expect(parseMediaScopes(formatMediaScopes(DEFAULT_MEDIA_SCOPES))).toEqual(DEFAULT_MEDIA_SCOPES);
    expect(parseMediaScopes(" 1 ; 2 : 1, 2 ;")).toEqual([{ platform: 1 }, { platform: 2, businessLine: [1, 2] }]);
  });

  it("refuses a malformed scope, and 7, 12 or 999 sharing a query with other lines", async () => {
    const { parseMediaScopes } = await import("@/lib/meituan/client/scopes");
    for (const bad of ["", ";", "3", "1:", "1:a", "1,2", "1:1,7", "1:12,1", "2:999,1", "x;1"]) expect(() => parseMediaScopes(bad), bad).toThrow();
  });
});
