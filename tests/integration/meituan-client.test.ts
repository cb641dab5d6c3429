// The Meituan clients against the fake Meituan (e2e/fake-meituan), over real HTTP on localhost.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createMeituanClient, type MeituanClientConfig, type UpstreamOrder } from "@/lib/meituan/client";
import { MeituanApiError } from "@/lib/meituan/client/http";
import { createMediaClient, mediaSignedHeaders } from "@/lib/meituan/client/media";
import { createUnionClient } from "@/lib/meituan/client/union";
import { parseRawJson, type RawJson } from "@/lib/meituan/raw-json";
import { verifyUnionSign } from "@/lib/meituan/sign";
import { fakeUnionSign, makeOrders, startFakeMeituan, type FakeMeituan, type FakeOrder } from "@/e2e/fake-meituan/server";

const APP_KEY = "it_appkey";
const API_SECRET = "it-api-secret-4f1c9e";
const CALLBACK_SECRET = "it-callback-secret-77aa";
const DAY = 86_400;
/** 2026-11-20T00:00:00+08:00 */
const T0 = Math.floor(Date.parse("2026-11-20T00:00:00+08:00") / 1000);

// Every log line of this file, to check at the end that no secret or sign leaked.
const logged: string[] = [];
const fastRetry = { maxAttempts: 4, timeoutMs: 400, baseDelayMs: 1, maxDelayMs: 5 };

let fake: FakeMeituan;
beforeAll(async () => {
  process.env.LOG_LEVEL = "info";
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, "write").mockImplementation((chunk: unknown) => {
      logged.push(String(chunk));
      return true;
    });
  }
  fake = await startFakeMeituan({ appKey: APP_KEY, apiSecret: API_SECRET, callbackSecret: CALLBACK_SECRET, hangMs: 5_000 });
});
afterAll(async () => {
  await fake?.close();
  vi.restoreAllMocks();
});

const client = (kind: "union" | "media", over: Partial<MeituanClientConfig> = {}) =>
  createMeituanClient({ kind, appKey: APP_KEY, secret: API_SECRET, unionBaseUrl: fake.url, mediaBaseUrl: fake.url, retry: fastRetry, ...over });

async function collect(it: AsyncIterable<UpstreamOrder[]>): Promise<UpstreamOrder[]> {
  const out: UpstreamOrder[] = [];
  for await (const page of it) out.push(...page);
  return out;
}
const at = (s: number) => new Date(s * 1000);

describe("union client against the fake", () => {
  it("pages through > 250 orders across 1-day windows and business lines: nothing missed, nothing doubled", async () => {
    const bulk = makeOrders(300, { start: T0, end: T0 + 3 * DAY - 1, businessLines: ["2", "4"], sids: ["m1", "m2", "m3"], seed: 7 });
    const edge = (id: string, paytime: number, businessLine = "2"): FakeOrder => ({ ...bulk[0], orderid: id, paytime: String(paytime), modTime: String(paytime), businessLine });
    const inside = [edge("900000000000000001", T0), edge("900000000000000002", T0 + DAY - 1), edge("900000000000000003", T0 + DAY), edge("900000000000000004", T0 + 3 * DAY - 1, "4")];
    const outside = [edge("900000000000000010", T0 - 1), edge("900000000000000011", T0 + 3 * DAY), edge("900000000000000012", T0 + 10, "7")];
    fake.setOrders([...bulk, ...inside, ...outside]);
    fake.clearRequests();

    const pages: { scope: string; windowStart: number; page: number; rows: number }[] = [];
    const got = await collect(client("union", { businessLines: [2, 4], pageSize: 20 }).listOrders({ start: at(T0), end: at(T0 + 3 * DAY), byUpdateTime: false }, (p) => pages.push(p)));

    const expected = [...bulk, ...inside].map((o) => o.orderid).sort();
    const ids = got.map((o) => o.orderId);
    expect(ids.length).toBe(expected.length);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(expected);
    // three 1-day windows, each within the API's limit, and no page fetched twice
    const calls = fake.requests.filter((r) => r.path === "/api/orderList");
    expect(calls.every((r) => r.outcome === "ok" && Number(r.query.endTime) - Number(r.query.startTime) <= DAY)).toBe(true);
    expect(new Set(calls.map((r) => r.query.startTime))).toEqual(new Set([T0, T0 + DAY, T0 + 2 * DAY].map(String)));
    const keys = calls.map((r) => `${r.query.startTime}/${r.query.businessLine}/${r.query.page}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(calls.every((r) => r.query.limit === "20" && r.query.queryTimeType === "1")).toBe(true);
    expect(pages.length).toBe(calls.length);

    // money and status came through as fen and union codes
    const sample = got.find((o) => o.orderId === bulk[5].orderid)!;
    expect(sample.payFen).toBe(Math.round(Number(bulk[5].payprice) * 100));
    expect(sample.upstreamStatus).toBe(bulk[5].status);
    expect(sample.paidAt).toEqual(at(Number(bulk[5].paytime)));
  });

  it("stops at total without asking for an empty page, and filters by modification time when asked", async () => {
    const forty = makeOrders(40, { start: T0, end: T0 + 3600, seed: 8 });
    fake.setOrders(forty.map((o) => ({ ...o, modTime: String(T0 + 2 * DAY + 5) })));
    fake.clearRequests();
    const byPay = await collect(client("union", { businessLines: [2], pageSize: 20 }).listOrders({ start: at(T0), end: at(T0 + DAY), byUpdateTime: false }));
    expect(byPay).toHaveLength(40);
    expect(fake.requests.map((r) => r.query.page)).toEqual(["1", "2"]);
    const byMod = await collect(client("union", { businessLines: [2] }).listOrders({ start: at(T0 + 2 * DAY), end: at(T0 + 3 * DAY), byUpdateTime: true }));
    expect(byMod).toHaveLength(40);
    expect(fake.requests.at(-1)!.query.queryTimeType).toBe("2");
  });

  it("reads numbers on the wire losslessly (18-digit ids, 28.80)", async () => {
    const numeric = await startFakeMeituan({ appKey: APP_KEY, apiSecret: API_SECRET, callbackSecret: CALLBACK_SECRET, wireNumbers: true });
    try {
      numeric.setOrders([{ orderid: "601234567890123457", sid: "m1", paytime: String(T0 + 5), payprice: "28.80", profit: "1.40", status: "8" }]);
      const c = createMeituanClient({ kind: "union", appKey: APP_KEY, secret: API_SECRET, unionBaseUrl: numeric.url, businessLines: [2], retry: fastRetry });
      const [o] = await collect(c.listOrders({ start: at(T0), end: at(T0 + 60), byUpdateTime: false }));
      expect(o).toMatchObject({ orderId: "601234567890123457", payFen: 2880, profitFen: 140, upstreamStatus: "8", businessLine: 2 });
      expect(o.raw.orderid).toBe("601234567890123457");
    } finally {
      await numeric.close();
    }
  });

  it("getOrder finds an order on any configured business line, or returns null", async () => {
    fake.setOrders([
      { orderid: "700000000000000001", sid: "m9", paytime: String(T0), businessLine: "4", status: "9", refundType: "1", profit: "2.00", refundprofit: "2.00" },
    ]);
    fake.clearRequests();
    const c = client("union", { businessLines: [2, 4] });
    expect(await c.getOrder("700000000000000001")).toMatchObject({ orderId: "700000000000000001", upstreamStatus: "9", refundType: "1", profitFen: 200, refundProfitFen: 200, businessLine: 4 });
    expect(fake.requests.map((r) => [r.query.businessLine, r.query.full])).toEqual([
      ["2", "1"],
      ["4", "1"],
    ]);
    fake.clearRequests();
    expect(await c.getOrder("700000000000000001", { businessLine: 4 })).not.toBeNull();
    expect(fake.requests).toHaveLength(1);
    expect(await c.getOrder("799999999999999999")).toBeNull();
  });

  it("generateLink returns a link carrying the sid", async () => {
    const link = await client("union").generateLink({ actId: "33", sid: "m10086" });
    expect(link).toContain("sid=m10086");
    expect(fake.requests.at(-1)!.query).toMatchObject({ actId: "33", sid: "m10086", linkType: "1", shortLink: "0" });
  });

  it("a wrong secret is refused by the fake and surfaces as an auth error, without retries", async () => {
    fake.clearRequests();
    const err = await collect(client("union", { secret: "not-the-secret", businessLines: [2] }).listOrders({ start: at(T0), end: at(T0 + 60), byUpdateTime: false })).catch((e) => e);
    expect(err).toBeInstanceOf(MeituanApiError);
    expect(err).toMatchObject({ kind: "auth", attempts: 1 });
    expect(err.message).toMatch(/签名错误|sign/);
    expect(fake.requests.map((r) => r.outcome)).toEqual(["refused:签名错误 (sign invalid)"]);
  });

  it("a stale ts is refused (60 s window)", async () => {
    const c = createUnionClient({ baseUrl: fake.url, appKey: APP_KEY, secret: API_SECRET, now: () => Date.now() - 120_000, retry: fastRetry });
    await expect(c.orderList({ businessLine: 2, startTime: T0, endTime: T0 + 60 })).rejects.toMatchObject({ kind: "auth", message: expect.stringMatching(/ts/) });
  });

  it("retries a 500, a timeout and a 402 rate limit, then succeeds", async () => {
    fake.setOrders([{ orderid: "710000000000000001", sid: "m1", paytime: String(T0 + 1) }]);
    fake.clearRequests();
    fake.failNext(1, "500");
    fake.failNext(1, "timeout");
    fake.failNext(1, "ratelimit");
    const res = await createUnionClient({ baseUrl: fake.url, appKey: APP_KEY, secret: API_SECRET, retry: fastRetry }).orderList({ businessLine: 2, startTime: T0, endTime: T0 + 60 });
    expect(res.orders.map((o) => o.orderId)).toEqual(["710000000000000001"]);
    expect(fake.requests.map((r) => r.outcome)).toEqual(["fail:500", "fail:timeout", "fail:ratelimit", "ok"]);
    // each attempt was signed afresh and accepted
    expect(new Set(fake.requests.map((r) => r.query.sign)).size).toBeGreaterThanOrEqual(1);
  });

  it("gives up after maxAttempts with the last error", async () => {
    fake.clearRequests();
    fake.failNext(3, "500");
    const err = await createUnionClient({ baseUrl: fake.url, appKey: APP_KEY, secret: API_SECRET, retry: { ...fastRetry, maxAttempts: 3 } })
      .orderList({ businessLine: 2, startTime: T0, endTime: T0 + 60 })
      .catch((e) => e);
    expect(err).toBeInstanceOf(MeituanApiError);
    expect(err).toMatchObject({ kind: "http", attempts: 3, retryable: true });
    expect(err.message).toMatch(/after 3 attempt\(s\).*HTTP 500/);
    expect(fake.requests).toHaveLength(3);
  });

  it("the 1-day window guard: the client refuses before sending; the fake refuses too", async () => {
    fake.clearRequests();
    const c = createUnionClient({ baseUrl: fake.url, appKey: APP_KEY, secret: API_SECRET, retry: fastRetry });
    await expect(c.orderList({ businessLine: 2, startTime: T0, endTime: T0 + DAY + 1 })).rejects.toMatchObject({ kind: "invalid-request", attempts: 0 });
    expect(fake.requests).toHaveLength(0);
    // the fake, signed by hand
    const q: Record<string, string> = { appkey: APP_KEY, ts: String(Math.floor(Date.now() / 1000)), businessLine: "2", startTime: String(T0), endTime: String(T0 + DAY + 1), page: "1", limit: "100" };
    q.sign = fakeUnionSign(q, API_SECRET);
    const body = await (await fetch(`${fake.url}/api/orderList?${new URLSearchParams(q)}`)).json();
    expect(body).toEqual({ status: 1, des: "查询时间范围最长为1天" });
  });
});

describe("media client against the fake", () => {
  it("scrolls through > 250 orders by update time: nothing missed, nothing doubled, both platforms", async () => {
    const home = makeOrders(260, { start: T0 - 30 * DAY, end: T0 - DAY, seed: 9 }).map((o, i) => ({ ...o, modTime: String(T0 + (i % 3600)) }));
    const shop = makeOrders(5, { start: T0 - 5 * DAY, end: T0 - DAY, seed: 10, platform: 2, businessLines: ["1"] }).map((o) => ({ ...o, modTime: String(T0 + 100) }));
    const stale = makeOrders(3, { start: T0 - 30 * DAY, end: T0 - 20 * DAY, seed: 11 }); // modTime outside the window
    fake.setOrders([...home, ...shop, ...stale]);
    fake.clearRequests();

    const got = await collect(client("media").listOrders({ start: at(T0), end: at(T0 + DAY), byUpdateTime: true }));
    const ids = got.map((o) => o.orderId);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...home, ...shop].map((o) => o.orderid).sort());

    const calls = fake.requests.filter((r) => r.path.endsWith("/query_order"));
    const bodies = calls.map((r) => r.body as Record<string, unknown>);
    expect(calls.every((r) => r.outcome === "ok")).toBe(true);
    expect(bodies.every((b) => b.searchType === 2 && b.page === 1 && b.queryTimeType === 2 && b.limit === 100)).toBe(true);
    // platform 1: 3 full pages + the empty one; 券包, 省钱包 and 新客 CPA: an empty first page each; platform 2: 1 page + the empty one
    expect(bodies.map((b) => [b.platform, String(b.businessLine ?? ""), b.scrollId === undefined ? "first" : "next"])).toEqual([
      [1, "", "first"],
      [1, "", "next"],
      [1, "", "next"],
      [1, "", "next"],
      [1, "7", "first"],
      [1, "12", "first"],
      [1, "999", "first"],
      [2, "1,2,3,4,5,6,15", "first"],
      [2, "1,2,3,4,5,6,15", "next"],
    ]);

    const sample = got.find((o) => o.orderId === home[3].orderid)!;
    const status = { "1": "1", "8": "8", "9": "9" }[home[3].status as "1" | "8" | "9"];
    expect(sample).toMatchObject({ upstreamStatus: status, payFen: Math.round(Number(home[3].payprice) * 100), updatedAt: at(Number(home[3].modTime)) });
  });

  it("asks every scope the query keeps apart: 券包 on its own, every 到店 line, 省钱包 by scroll, 新客 CPA — listing and lookup", async () => {
    const t = String(T0 + 600);
    const order = (n: number, businessLine: string, platform = 1): FakeOrder =>
      ({ ...makeOrders(1, { start: T0 + 600, end: T0 + 600, seed: 40 + n })[0], orderid: `83000000000000000${n}`, paytime: t, modTime: t, businessLine, platform });
    const home = [order(1, "1"), order(2, "2"), order(3, "6")]; // 外卖, 闪购红包, 拼好饭
    const apart = [order(4, "7"), order(5, "12"), order(6, "999")]; // 商品超值券包, 省钱包, 新客 CPA
    const shop = [order(7, "1", 2), order(8, "2", 2), order(9, "3", 2), order(0, "15", 2)]; // 到餐, 到综, 酒店, 到店红包
    fake.setOrders([...home, ...apart, ...shop]);
    const ids = (os: { orderId?: string; orderid?: string }[]) => os.map((o) => o.orderId ?? o.orderid).sort();

    const window = { start: at(T0), end: at(T0 + DAY), byUpdateTime: false };
    expect(ids(await collect(client("media").listOrders(window)))).toEqual(ids([...home, ...apart, ...shop]));
    for (const o of [...apart, ...shop]) expect(await client("media").getOrder(o.orderid), o.businessLine).toMatchObject({ orderId: o.orderid });

    // The fake answers as Meituan does: the two queries asked before miss 券包, 省钱包, 新客 CPA…
    const before = client("media", { mediaScopes: [{ platform: 1 }, { platform: 2, businessLine: [1, 2, 3, 4, 5, 6, 15] }] });
    expect(ids(await collect(before.listOrders(window)))).toEqual(ids([...home, ...shop]));
    expect(await before.getOrder(apart[0].orderid)).toBeNull();
    // …a list containing 7 sees 券包 only, platform 2 without lines 到餐 only, 省钱包 not without a scroll.
    const api = createMediaClient({ baseUrl: fake.url, appKey: APP_KEY, secret: API_SECRET, retry: fastRetry });
    const q = { startTime: T0, endTime: T0 + DAY - 1 };
    expect(ids((await api.queryOrder({ ...q, platform: 1, businessLine: [1, 7] })).orders)).toEqual([apart[0].orderid]);
    expect(ids((await api.queryOrder({ ...q, platform: 2 })).orders)).toEqual([shop[0].orderid]);
    expect((await api.queryOrder({ ...q, platform: 1, businessLine: [12] })).orders).toEqual([]);
    expect(ids((await api.queryOrder({ ...q, platform: 1, businessLine: [12], searchType: 2, page: 1 })).orders)).toEqual([apart[1].orderid]);
    expect((await api.queryOrder({ ...q, platform: 1, businessLine: [12], searchType: 2, page: 1, actId: "33" })).orders).toEqual([]);
  });

  it("media status 5 (risk) and 4 (cancelled) map to union 9 with refund types", async () => {
    fake.setOrders([
      { orderid: "800000000000000001", sid: "m1", paytime: String(T0), status: "9", refundType: "3" },
      { orderid: "800000000000000002", sid: "m1", paytime: String(T0), status: "9", refundType: "1" },
      { orderid: "800000000000000003", sid: "m1", paytime: String(T0), status: "8", mediaStatus: 6 },
    ]);
    const got = await collect(client("media").listOrders({ start: at(T0), end: at(T0 + 1), byUpdateTime: false }));
    const by = Object.fromEntries(got.map((o) => [o.orderId, [o.upstreamStatus, o.refundType]]));
    expect(by).toEqual({ "800000000000000001": ["9", "3"], "800000000000000002": ["9", "1"], "800000000000000003": ["8", null] });
  });

  it("getOrder and generateLink", async () => {
    fake.setOrders([{ orderid: "810000000000000001", sid: "m5", paytime: String(T0), profit: "3.20" }]);
    const c = client("media");
    expect(await c.getOrder("810000000000000001")).toMatchObject({ orderId: "810000000000000001", sid: "m5", profitFen: 320, upstreamStatus: "1" });
    expect(await c.getOrder("819999999999999999")).toBeNull();
    expect(await c.generateLink({ actId: "33", sid: "m10086", short: true })).toContain("sid=m10086");
    expect((fake.requests.at(-1)!.body as Record<string, unknown>).linkType).toBe(2);
  });

  it("a wrong secret, a stale timestamp and a body that does not match Content-MD5 are refused (code 400)", async () => {
    fake.clearRequests();
    const wrong = createMediaClient({ baseUrl: fake.url, appKey: APP_KEY, secret: "nope", retry: fastRetry });
    const err = await wrong.queryOrder({ startTime: T0, endTime: T0 + 60 }).catch((e) => e);
    expect(err).toBeInstanceOf(MeituanApiError);
    expect(err).toMatchObject({ kind: "auth", code: "400", attempts: 1 });
    expect(err.message).toMatch(/鉴权不通过/);

    const stale = createMediaClient({ baseUrl: fake.url, appKey: APP_KEY, secret: API_SECRET, now: () => Date.now() - 180_000, retry: fastRetry });
    await expect(stale.queryOrder({ startTime: T0, endTime: T0 + 60 })).rejects.toMatchObject({ kind: "auth", message: expect.stringMatching(/Timestamp/) });

    const path = "/cps_open/common/api/v1/query_order";
    const headers = mediaSignedHeaders({ appKey: APP_KEY, secret: API_SECRET, timestampMs: Date.now(), method: "POST", path, body: `{"startTime":${T0},"endTime":${T0 + 60}}` });
    const res = await fetch(`${fake.url}${path}`, { method: "POST", headers, body: `{"startTime":${T0},"endTime":${T0 + 61}}` });
    expect(await res.json()).toMatchObject({ code: 400, message: expect.stringMatching(/Content-MD5/) });
    // the Aliyun form is not accepted unless the fake is told to
    const aliyun = createMediaClient({ baseUrl: fake.url, appKey: APP_KEY, secret: API_SECRET, signatureForm: "aliyun", retry: fastRetry });
    await expect(aliyun.queryOrder({ startTime: T0, endTime: T0 + 60 })).rejects.toMatchObject({ kind: "auth" });
  });

  it("retries a 500, a timeout and a 402, then succeeds; gives up after maxAttempts", async () => {
    fake.setOrders([{ orderid: "820000000000000001", sid: "m1", paytime: String(T0) }]);
    fake.clearRequests();
    fake.failNext(1, "timeout");
    fake.failNext(1, "ratelimit");
    fake.failNext(1, "500");
    const c = createMediaClient({ baseUrl: fake.url, appKey: APP_KEY, secret: API_SECRET, retry: fastRetry });
    const res = await c.queryOrder({ startTime: T0, endTime: T0 + 60 });
    expect(res.orders.map((o) => o.orderId)).toEqual(["820000000000000001"]);
    expect(fake.requests.map((r) => r.outcome)).toEqual(["fail:timeout", "fail:ratelimit", "fail:500", "ok"]);

    fake.clearRequests();
    fake.failNext(2, "ratelimit");
    const err = await createMediaClient({ baseUrl: fake.url, appKey: APP_KEY, secret: API_SECRET, retry: { ...fastRetry, maxAttempts: 2 } })
      .queryOrder({ startTime: T0, endTime: T0 + 60 })
      .catch((e) => e);
    expect(err).toMatchObject({ kind: "rate-limit", code: "402", attempts: 2 });
    expect(fake.requests).toHaveLength(2);
  });

  it("refuses a limit over 100 locally; the fake refuses it too", async () => {
    const c = createMediaClient({ baseUrl: fake.url, appKey: APP_KEY, secret: API_SECRET, retry: fastRetry });
    await expect(c.queryOrder({ startTime: T0, endTime: T0 + 60, limit: 101 })).rejects.toMatchObject({ kind: "invalid-request" });
  });
});

describe("pushes and control endpoints", () => {
  let receiver: Server;
  let received: { contentType: string | undefined; body: string }[] = [];
  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        received.push({ contentType: req.headers["content-type"], body });
        res.writeHead(200, { "content-type": "application/json" });
        res.end(`{"errcode":"0","errmsg":"ok"}`);
      });
    });
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
    fake.setCallbackUrl(`http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/meituan/callback`);
  });
  afterAll(() => new Promise<void>((r) => receiver.close(() => r())));

  it("push sends a JSON body of strings signed with the callback secret, and the order changes with it", async () => {
    received = [];
    fake.setOrders([{ orderid: "601234567890123456", sid: "m10086", paytime: "1714550400", modTime: "1714550401", tradeTypeList: [2, 3], businessLine: "4" }]);
    const r = await fake.push("601234567890123456", { status: "8", modTime: "1714636800" });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ errcode: "0", errmsg: "ok" });
    expect(received).toHaveLength(1);
    expect(received[0].contentType).toBe("application/json");
    const params = parseRawJson(received[0].body) as Record<string, RawJson>;
    expect(verifyUnionSign(params, [CALLBACK_SECRET])).toEqual({ valid: true, variant: "include-empty" });
    expect(verifyUnionSign(params, [API_SECRET]).valid).toBe(false);
    const body = JSON.parse(received[0].body);
    expect(body).toMatchObject({ orderid: "601234567890123456", status: "8", modTime: "1714636800", sid: "m10086", appkey: APP_KEY, payPrice: "28.80", tradeTypeList: [2, 3] });
    for (const [k, v] of Object.entries(body)) if (k !== "tradeTypeList") expect(typeof v, k).toBe("string");
    expect(fake.orders.get("601234567890123456")!.status).toBe("8");
  });

  it("control endpoints: set orders, fail next, push, read requests", async () => {
    received = [];
    const ctl = (path: string, method: string, body?: unknown) =>
      fetch(`${fake.url}/__control/${path}`, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) }).then(async (r) => ({ status: r.status, json: await r.json() }));
    expect((await ctl("orders", "PUT", { orders: [{ orderid: "611111111111111111", sid: "m7", paytime: T0 + 3, payprice: 9.9 }] })).json).toEqual({ orders: 1 });
    expect((await ctl("orders", "GET")).json.orders[0]).toMatchObject({ orderid: "611111111111111111", sid: "m7", paytime: String(T0 + 3), payprice: "9.9" });
    expect((await ctl("orders/generate", "POST", { count: 3, start: T0, end: T0 + 10, idPrefix: "5" })).json).toMatchObject({ generated: 3, orders: 4 });
    expect((await ctl("fail", "POST", { n: 1, kind: "500", path: "/api/orderList" })).json).toEqual({ queued: 1 });
    await ctl("requests", "DELETE");
    const res = await createUnionClient({ baseUrl: fake.url, appKey: APP_KEY, secret: API_SECRET, retry: fastRetry }).orderList({ businessLine: 2, startTime: T0, endTime: T0 + 60 });
    expect(res.total).toBe(4);
    const log = (await ctl("requests", "GET")).json.requests as { outcome: string }[];
    expect(log.map((r) => r.outcome)).toEqual(["fail:500", "ok"]);
    const pushed = await ctl("push", "POST", { orderId: "611111111111111111", overrides: { status: "9", refundType: "1" }, payload: { couponCode: "" } });
    expect(pushed.json.status).toBe(200);
    expect(JSON.parse(received[0].body)).toMatchObject({ status: "9", refundType: "1", couponCode: "" });
    expect(verifyUnionSign(parseRawJson(received[0].body) as Record<string, RawJson>, [CALLBACK_SECRET]).variant).toBe("include-empty");
    expect((await ctl("nope", "GET")).status).toBe(404);
    expect((await ctl("fail", "POST", { n: 1, kind: "explode" })).status).toBe(400);
  });
});

describe("configuration from the environment", () => {
  it("null without credentials; a working client with them", async () => {
    const keys = ["MEITUAN_API_KIND", "MEITUAN_APP_KEY", "MEITUAN_API_SECRET", "MEITUAN_UNION_BASE_URL", "MEITUAN_MEDIA_BASE_URL", "MEITUAN_BUSINESS_LINES"];
    const saved = Object.fromEntries(keys.map((k) => [k, process.env[k]]));
    try {
      for (const k of keys) delete process.env[k];
      vi.resetModules();
      expect((await import("@/lib/meituan/client")).meituanClientFromEnv()).toBeNull();

      Object.assign(process.env, { MEITUAN_API_KIND: "media", MEITUAN_APP_KEY: APP_KEY, MEITUAN_API_SECRET: API_SECRET, MEITUAN_MEDIA_BASE_URL: fake.url, MEITUAN_BUSINESS_LINES: "2, 4" });
      vi.resetModules();
      fake.setOrders([{ orderid: "830000000000000001", sid: "m1", paytime: String(T0) }]);
      const c = (await import("@/lib/meituan/client")).meituanClientFromEnv({ retry: fastRetry })!;
      expect(c.kind).toBe("media");
      expect((await collect(c.listOrders({ start: at(T0), end: at(T0 + 10), byUpdateTime: false }))).map((o) => o.orderId)).toEqual(["830000000000000001"]);
    } finally {
      for (const k of keys) {
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
      }
      vi.resetModules();
    }
  });
});

describe("logs", () => {
  it("one line per call with api, endpoint, durationMs, attempt and result; never a secret or a sign", () => {
    const lines = logged.join("").split("\n").filter(Boolean);
    const calls = lines.map((l) => JSON.parse(l)).filter((e) => e.msg === "meituan api call");
    expect(calls.length).toBeGreaterThan(30);
    for (const e of calls) {
      expect(["union", "media"]).toContain(e.api);
      expect(e.endpoint).toMatch(/^\/(api|cps_open)\//);
      expect(typeof e.durationMs).toBe("number");
      expect(e.attempt).toBeGreaterThanOrEqual(1);
      expect(typeof e.result).toBe("string");
    }
    expect(calls.some((e) => e.result === "timeout")).toBe(true);
    const text = logged.join("");
    for (const secret of [API_SECRET, CALLBACK_SECRET]) expect(text).not.toContain(secret);
    const signs = fake.requests.map((r) => r.query.sign ?? r.headers["s-ca-signature"]).filter(Boolean);
    expect(signs.length).toBeGreaterThan(0);
    for (const s of signs) expect(text).not.toContain(s);
    expect(text).not.toMatch(/sign=/);
  });
});
