// Short links (/s/{code}): what a click records (and does not: no address), bots apart, the 404 page, a disabled
// member's links, hundreds of clicks at once on kept-alive connections, a failing writer, the salt's rotation.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count, ddl, row, rows, useTestDatabase, userId } from "../helpers/db";
import { call, type Actor } from "../helpers/http";
import { q } from "@/lib/db/query";
import { beijingDay } from "@/lib/time";

process.env.SHORT_LINK_DISABLED_URL = "/paused";
useTestDatabase();

type Handler = Parameters<typeof call>[0];
const route = async (path: string) => (await import(/* @vite-ignore */ `@/app/api/${path}/route`)) as Record<string, Handler>;
const shortRoute = async () => (await import("@/app/s/[code]/route")) as unknown as Record<"GET" | "HEAD", Handler>;
const writer = async () => (await import("@/lib/links/redirect")).clickWriter();

const IPHONE_WECHAT = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2f) NetType/WIFI Language/zh_CN";
const ANDROID_CHROME = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36";

let admin: Actor;
let M: Actor & { sid: string };
let activityId: number;
let meituanUrl: string;
let code: string;

async function visit(c: string, headers: Record<string, string> = {}, method = "GET", peer = "203.0.113.7") {
  const r = await shortRoute();
  return call(method === "HEAD" ? r.HEAD : r.GET, `/s/${c}`, { method, headers, params: { code: c }, peer });
}

beforeAll(async () => {
  const reg = await call((await route("register")).POST, "/api/register", { json: { username: "short-m@example.com", password: "Password-123" } });
  M = { id: reg.data.id, role: "MEMBER", sid: reg.data.sid };
  const { upsertAdmin } = await import("@/lib/accounts/register");
  await upsertAdmin("short-boss@example.com", "Admin-Pass-123");
  admin = { id: await userId("short-boss@example.com"), role: "ADMIN" };
  const act = await call((await route("admin/activities")).POST, "/api/admin/activities", { as: admin, json: { actId: "33", name: "外卖红包" } });
  activityId = act.data.id;
  meituanUrl = `https://click.meituan.com/t?t=1&c=2&p=abc&sid=${M.sid}`;
  const { rawDb } = await import("@/lib/db");
  await rawDb().rows(
    q.insertInto("promotion_links").values([
      { memberId: M.id, activityId, linkType: "h5_short", url: meituanUrl, createdAt: new Date() },
      { memberId: M.id, activityId, linkType: "kouling", url: "￥AbC123￥ 复制打开美团", createdAt: new Date() },
    ]),
  );
});

describe("the member's links", () => {
  it("list Meituan's link with our short link beside it (none for a 团口令), made once", async () => {
    const res = await call((await route("me/links")).GET, "/api/me/links", { as: M });
    expect(res.status).toBe(200);
    const h5 = res.data.items.find((l: { linkType: string }) => l.linkType === "h5_short");
    const kouling = res.data.items.find((l: { linkType: string }) => l.linkType === "kouling");
    expect(h5.url).toBe(meituanUrl);
    expect(h5.shortUrl).toMatch(/^http:\/\/localhost\/s\/[0-9A-Za-z]{8}$/);
    expect(kouling.shortUrl).toBeNull();
    code = h5.shortUrl.split("/").pop();
    const again = await call((await route("me/links")).GET, "/api/me/links", { as: M });
    expect(again.data.items.find((l: { linkType: string }) => l.linkType === "h5_short").shortUrl).toBe(h5.shortUrl);
    expect(await count(q.selectFrom("short_links").where("memberId", "=", M.id))).toBe(1);
  });
});

describe("a click", () => {
  it("redirects to Meituan's link with the sid and records who, from where, but no address", async () => {
    const res = await visit(code, { "user-agent": IPHONE_WECHAT, referer: "https://mp.weixin.qq.com/s/some-article?id=1" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(meituanUrl);
    expect(res.headers.get("cache-control")).toContain("no-store");
    await (await writer()).flush();
    const clicks = await rows(q.selectFrom("link_clicks").selectAll().where("code", "=", code));
    expect(clicks).toHaveLength(1);
    const c = clicks[0];
    expect(c).toMatchObject({ memberId: M.id, activityId, linkType: "h5_short", uaClass: "wechat", bot: false, referrerHost: "mp.weixin.qq.com" });
    expect(Math.abs(c.at.getTime() - Date.now())).toBeLessThan(10_000);
    expect(c.visitorHash).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.stringify(c)).not.toContain("203.0.113.7");
    // Same visitor, same hash today; another address, another hash.
    await visit(code, { "user-agent": IPHONE_WECHAT });
    await visit(code, { "user-agent": IPHONE_WECHAT }, "GET", "198.51.100.9");
    await (await writer()).flush();
    const hashes = (await rows(q.selectFrom("link_clicks").select("visitorHash").where("code", "=", code).orderBy("id"))).map((r) => r.visitorHash);
    expect(hashes[1]).toBe(hashes[0]);
    expect(hashes[2]).not.toBe(hashes[0]);
    const daily = await row(q.selectFrom("link_click_daily").selectAll().where("memberId", "=", M.id).where("day", "=", beijingDay(new Date())));
    expect(daily).toMatchObject({ clicks: 3, botClicks: 0, linkType: "h5_short", activityId });
  });

  it("counts crawlers, link previews, prefetches and HEAD requests apart", async () => {
    const before = await row(q.selectFrom("link_click_daily").select(["clicks", "botClicks"]).where("memberId", "=", M.id));
    const bots: [Record<string, string>, string][] = [
      [{ "user-agent": ANDROID_CHROME, purpose: "prefetch" }, "GET"],
      [{ "user-agent": ANDROID_CHROME, "sec-purpose": "prefetch;prerender" }, "GET"],
      [{ "user-agent": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)" }, "GET"],
      [{ "user-agent": "Mozilla/5.0 (compatible; Baiduspider/2.0)" }, "GET"],
      [{ "user-agent": "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko) MicroMessenger/8.0" }, "GET"],
      [{ "user-agent": "curl/8.5.0" }, "GET"],
      [{}, "GET"],
      [{ "user-agent": ANDROID_CHROME }, "HEAD"],
    ];
    for (const [headers, method] of bots) {
      const res = await visit(code, headers, method);
      expect(res.status).toBe(302);
    }
    const person = await visit(code, { "user-agent": ANDROID_CHROME });
    expect(person.status).toBe(302);
    await (await writer()).flush();
    const latest = await rows(q.selectFrom("link_clicks").select(["bot", "uaClass"]).where("code", "=", code).orderBy("id", "desc").limit(bots.length + 1));
    expect(latest[0]).toEqual({ bot: false, uaClass: "android" });
    expect(latest.slice(1).every((c) => c.bot && c.uaClass === "bot")).toBe(true);
    const after = await row(q.selectFrom("link_click_daily").select(["clicks", "botClicks"]).where("memberId", "=", M.id));
    expect(after).toEqual({ clicks: before!.clicks + 1, botClicks: before!.botClicks + bots.length });
  });

  it("answers an unknown or malformed code with a Chinese 404 page and records nothing", async () => {
    const clicks = await count(q.selectFrom("link_clicks"));
    for (const c of ["ZZZZZZZZ", "short", "abc%27--x", "a".repeat(300)]) {
      const res = await visit(c, { "user-agent": ANDROID_CHROME });
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toContain("text/html");
      expect(res.text).toContain("链接不存在");
    }
    await (await writer()).flush();
    expect(await count(q.selectFrom("link_clicks"))).toBe(clicks);
  });

  it("sends a disabled member's visitors to the operator's neutral page, never to their sid", async () => {
    const clicks = await count(q.selectFrom("link_clicks"));
    await visit(code, { "user-agent": ANDROID_CHROME }); // cached now
    const disable = await call((await route("admin/members/[id]/disable")).POST, `/api/admin/members/${M.id}/disable`, { as: admin, params: { id: M.id }, json: { reason: "测试" } });
    expect(disable.status).toBe(200);
    const res = await visit(code, { "user-agent": ANDROID_CHROME });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/paused");
    expect(res.headers.get("location")).not.toContain(M.sid);
    await call((await route("admin/members/[id]/enable")).POST, `/api/admin/members/${M.id}/enable`, { as: admin, params: { id: M.id }, json: { reason: "测试" } });
    expect((await visit(code, { "user-agent": ANDROID_CHROME })).headers.get("location")).toBe(meituanUrl);
    await (await writer()).flush();
    expect(await count(q.selectFrom("link_clicks"))).toBe(clicks + 2);
  });
});

describe("under load and failure", () => {
  it("counts 600 concurrent clicks on kept-alive connections through a real HTTP server exactly once", async () => {
    const { GET } = await shortRoute();
    const server = http.createServer(async (req, res) => {
      const url = new URL(req.url!, "http://localhost");
      const nreq = new NextRequest(url, { method: req.method, headers: req.headers as Record<string, string> });
      const out = await GET(nreq, { params: Promise.resolve({ code: url.pathname.split("/").pop()! }) });
      res.writeHead(out.status, Object.fromEntries(out.headers));
      res.end(Buffer.from(await out.arrayBuffer()));
    });
    server.keepAliveTimeout = 30_000;
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as AddressInfo).port;
    const agent = new http.Agent({ keepAlive: true, maxSockets: 40 });
    const before = await count(q.selectFrom("link_clicks").where("code", "=", code));
    const sockets = new Set<unknown>();
    const N = 600;
    try {
      const statuses = await Promise.all(
        Array.from(
          { length: N },
          () =>
            new Promise<number>((resolve, reject) => {
              const r = http.get({ host: "127.0.0.1", port, path: `/s/${code}`, agent, headers: { "user-agent": ANDROID_CHROME } }, (res) => {
                sockets.add(res.socket);
                res.resume();
                res.on("end", () => resolve(res.statusCode!));
              });
              r.on("error", reject);
            }),
        ),
      );
      expect(statuses.every((s) => s === 302)).toBe(true);
      expect(sockets.size).toBeLessThanOrEqual(40); // the connections were reused
    } finally {
      agent.destroy();
      await new Promise((r) => server.close(r));
    }
    await (await writer()).flush();
    expect(await count(q.selectFrom("link_clicks").where("code", "=", code))).toBe(before + N);
    const stats = (await writer()).snapshot();
    expect(stats.dropped).toBe(0);
    const rolled = await row(q.selectFrom("link_click_daily").select("clicks").where("memberId", "=", M.id));
    expect(rolled!.clicks).toBe(await count(q.selectFrom("link_clicks").where("code", "=", code).where("bot", "=", false)));
  }, 60_000);

  it("keeps redirecting when clicks cannot be written: the failure is counted, never the visitor's problem", async () => {
    const w = await writer();
    const failed = w.stats.failedBatches;
    await ddl("ALTER TABLE link_clicks RENAME TO link_clicks_away");
    try {
      const res = await visit(code, { "user-agent": ANDROID_CHROME });
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toBe(meituanUrl);
      await w.flush();
      expect(w.stats.failedBatches).toBe(failed + 1);
    } finally {
      await ddl("ALTER TABLE link_clicks_away RENAME TO link_clicks");
    }
    // And it writes again once the database is well.
    const before = await count(q.selectFrom("link_clicks"));
    await visit(code, { "user-agent": ANDROID_CHROME });
    await w.flush();
    expect(await count(q.selectFrom("link_clicks"))).toBe(before + 1);
  }, 30_000);

  it("a full queue drops (and counts) a click instead of waiting", async () => {
    const { ClickWriter } = await import("@/lib/links/writer");
    const { rawDb } = await import("@/lib/db");
    const small = new ClickWriter(rawDb, { maxQueued: 2 });
    const click = { at: new Date(), code, memberId: M.id, activityId, linkType: "h5_short" as const, uaClass: "android" as const, bot: false, referrerHost: null, ip: "192.0.2.1", userAgent: ANDROID_CHROME };
    expect([small.record(click), small.record(click), small.record(click)]).toEqual([true, true, false]);
    await small.flush();
    expect(small.snapshot()).toMatchObject({ written: 2, dropped: 1, queued: 0 });
  });
});

describe("the visitor-hash salt", () => {
  it("is one per Beijing day, and a new day's deletes yesterday's", async () => {
    const { rawDb } = await import("@/lib/db");
    const { daySalt, visitorHash } = await import("@/lib/links/salt");
    const today = beijingDay(new Date());
    const todays = await row(q.selectFrom("click_salts").select("secret").where("day", "=", today));
    expect(todays).toBeTruthy();
    const tomorrow = new Date(Date.now() + 86_400_000);
    const next = await rawDb().transaction(() => daySalt(tomorrow));
    const left = await rows(q.selectFrom("click_salts").select("day"));
    expect(left.map((s) => s.day)).toEqual([beijingDay(tomorrow)]);
    expect(next).not.toBe(todays!.secret);
    expect(visitorHash(next, "203.0.113.7", ANDROID_CHROME)).not.toBe(visitorHash(todays!.secret, "203.0.113.7", ANDROID_CHROME));
  });
});

afterAll(async () => {
  await (await writer()).flush();
});
