// The WeChat 服务号 channel against a stand-in WeChat API: the console's configuration (secret masked, audited),
// the web OAuth binding with its signed, member-bound, expiring state, the shared access token (fetched once,
// refreshed before expiry, dropped and fetched again when WeChat says 42001, one fetch for two instances), the
// template message's format, and an unfollowed member's binding forgotten. Not configured: nothing is sent.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditCount, row, rowOrThrow, useTestDatabase, userId } from "../helpers/db";
import { call, type Actor } from "../helpers/http";
import { q } from "@/lib/db/query";
import { startFakeWechat, type FakeWechat } from "../../e2e/fake-channels/wechat";
import type { MemberMessage } from "@/lib/notify/types";

const APP_ID = "wx0123456789abcdef";
const APP_SECRET = "0123456789abcdef0123456789abcdef";
const WECHAT_UA = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 MicroMessenger/8.0.50 NetType/WIFI Language/zh_CN";
// Started before anything reads the environment (lib/env.ts reads it once).
const fake: FakeWechat = await startFakeWechat({ appId: APP_ID, appSecret: APP_SECRET });
process.env.WECHAT_API_BASE = fake.base;
process.env.WECHAT_OPEN_BASE = fake.base;
useTestDatabase();

let admin: Actor;
let M: Actor;
let other: Actor;
const route = async (path: string) => (await import(/* @vite-ignore */ `@/app/api/${path}/route`)) as Record<string, never>;
const lib = async () => ({ ...(await import("@/lib/notify/member-channels")), ...(await import("@/lib/db")) });
const configure = async (json: Record<string, unknown>) => call((await route("admin/notify/wechat")).PUT, "/api/admin/notify/wechat", { as: admin, method: "PUT", json });
const message = (over: Partial<MemberMessage> = {}): MemberMessage => ({
  notificationId: 1,
  userId: M.id,
  kind: "order_tracked",
  title: "新订单已跟踪",
  body: "美团外卖 · 预估佣金 ¥2.20",
  url: "http://localhost:3000/me/orders/O123",
  orderId: "O123",
  amountFen: 220,
  at: new Date("2026-12-01T07:05:00Z"),
  ...over,
});

async function register(username: string): Promise<Actor> {
  const r = await call((await route("register")).POST, "/api/register", { json: { username, agreed: true, password: "Password-123" } });
  return { id: r.data.id, role: "MEMBER" };
}

/** The member goes through the whole OAuth dance inside WeChat; answers where they land. */
async function bind(who: Actor, openId: string) {
  const start = await call((await route("me/wechat/bind")).GET, "/api/me/wechat/bind?return=/me/channels", { as: who, headers: { "user-agent": WECHAT_UA } });
  expect(start.status).toBe(302);
  const authorize = new URL(start.headers.get("location")!);
  fake.authorizeAs = openId;
  const wechat = await fetch(authorize.toString().replace(/#.*$/, ""), { redirect: "manual" });
  const back = new URL(wechat.headers.get("location")!);
  const done = await call((await route("me/wechat/callback")).GET, back.pathname + back.search, { as: who });
  return { authorize, back, done, location: done.headers.get("location") };
}

beforeAll(async () => {
  const { upsertAdmin } = await import("@/lib/accounts/register");
  await upsertAdmin("wx-boss@example.com", "Admin-Pass-123");
  admin = { id: await userId("wx-boss@example.com"), role: "ADMIN" };
  M = await register("wx-m@example.com");
  other = await register("wx-o@example.com");
  fake.addTemplate("TPL_ORDER", ["thing1", "amount2", "character_string3", "time4"]);
  fake.addTemplate("TPL_PAID", ["thing1", "thing2", "time3"]);
  fake.follow("oOPEN_member_1");
});
afterAll(async () => fake.close());

describe("not configured", () => {
  it("offers no binding, has no targets, sends nothing", async () => {
    const status = await call((await route("me/wechat/binding")).GET, "/api/me/wechat/binding", { as: M, headers: { "user-agent": WECHAT_UA } });
    expect(status.data).toEqual({ available: false, inWechat: true, bound: false, boundAt: null });
    const start = await call((await route("me/wechat/bind")).GET, "/api/me/wechat/bind", { as: M, headers: { "user-agent": WECHAT_UA } });
    expect([start.status, start.headers.get("location")]).toEqual([302, "/me/channels?wechat=unavailable"]);
    const { memberTargets, rawDb } = await lib();
    expect(await rawDb().run(() => memberTargets(M.id))).toEqual([]);
    const cfg = await call((await route("admin/notify/wechat")).GET, "/api/admin/notify/wechat", { as: admin });
    expect(cfg.data).toMatchObject({ configured: false, enabled: false, appSecret: null });
  });
});

describe("the console's configuration", () => {
  it("saves appid, secret and templates; answers the secret masked; keeps it when left empty; audits", async () => {
    const bad = await configure({ appId: "not-an-appid", appSecret: APP_SECRET, enabled: true });
    expect(bad.status).toBe(422);
    expect(bad.data.error.fields.appId[0]).toContain("AppID");
    const noSecret = await configure({ appId: APP_ID, enabled: true });
    expect([noSecret.status, noSecret.data.error.fields.appSecret[0]]).toEqual([422, "启用前请填写 AppSecret"]);
    expect(await row(q.selectFrom("wechat_config").select("id"))).toBeUndefined();
    const badFields = await configure({ appId: APP_ID, appSecret: APP_SECRET, enabled: true, templates: { order_tracked: { templateId: "TPL_ORDER", fields: "thing1=oops" } } });
    expect(badFields.status).toBe(422);
    const saved = await configure({
      appId: APP_ID,
      appSecret: APP_SECRET,
      enabled: true,
      templates: { order_tracked: { templateId: "TPL_ORDER", fields: "thing1=title,amount2=amount,character_string3=order,time4=time" }, withdrawal_paid: { templateId: "TPL_PAID" } },
    });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.text).not.toContain(APP_SECRET);
    expect(saved.data).toMatchObject({ configured: true, enabled: true, appId: APP_ID, appSecret: "0123****cdef" });
    expect(saved.data.templates.withdrawal_paid).toEqual({ templateId: "TPL_PAID", fields: "thing1=title,thing2=body,time3=time" });
    const again = await configure({ appId: APP_ID, enabled: true, templates: saved.data.templates });
    expect(again.data.configured).toBe(true);
    expect((await rowOrThrow(q.selectFrom("wechat_config").select("appSecret"))).appSecret).toBe(APP_SECRET);
    expect(await auditCount("wechat_config.update")).toBe(2);
    const audits = await rowOrThrow(q.selectFrom("audit_logs").select(["after"]).where("action", "=", "wechat_config.update").orderBy("id", "desc").limit(1));
    expect(audits.after).not.toContain(APP_SECRET);
    expect((await call((await route("admin/notify/wechat")).GET, "/api/admin/notify/wechat", { as: M })).status).toBe(403);
  });
});

describe("binding through the web OAuth", () => {
  it("outside WeChat the binding is not offered", async () => {
    const status = await call((await route("me/wechat/binding")).GET, "/api/me/wechat/binding", { as: M, headers: { "user-agent": "Mozilla/5.0 Chrome/120" } });
    expect(status.data).toMatchObject({ available: true, inWechat: false, bound: false });
    const start = await call((await route("me/wechat/bind")).GET, "/api/me/wechat/bind", { as: M, headers: { "user-agent": "Mozilla/5.0 Chrome/120" } });
    expect(start.headers.get("location")).toBe("/me/channels?wechat=not_in_wechat");
  });

  it("binds the openid: authorize with snsapi_base and a signed state, code exchanged, back with the outcome", async () => {
    const { authorize, back, location } = await bind(M, "oOPEN_member_1");
    expect(authorize.origin + authorize.pathname).toBe(`${fake.base}/connect/oauth2/authorize`);
    expect(authorize.searchParams.get("scope")).toBe("snsapi_base");
    expect(authorize.searchParams.get("appid")).toBe(APP_ID);
    expect(authorize.hash).toBe("#wechat_redirect");
    expect(authorize.searchParams.get("state")).toMatch(/^[a-zA-Z0-9]{1,128}$/);
    expect(back.pathname).toBe("/api/me/wechat/callback");
    expect(location).toBe("/me/channels?wechat=bound");
    expect(await rowOrThrow(q.selectFrom("wechat_bindings").selectAll().where("userId", "=", M.id))).toMatchObject({ appId: APP_ID, openId: "oOPEN_member_1" });
    const status = await call((await route("me/wechat/binding")).GET, "/api/me/wechat/binding", { as: M, headers: { "user-agent": WECHAT_UA } });
    expect(status.data).toMatchObject({ available: true, inWechat: true, bound: true });
  });

  it("a forged, altered, other member's or expired state binds nothing; a code is single-use; no open redirect", async () => {
    const { signState } = await import("@/lib/notify/wechat/oauth");
    const callback = async (who: Actor, state: string, ret = "/me/channels") => {
      const code = fake.issueCode("oOPEN_attacker");
      const r = await call((await route("me/wechat/callback")).GET, `/api/me/wechat/callback?return=${encodeURIComponent(ret)}&code=${code}&state=${state}`, { as: who });
      return r.headers.get("location");
    };
    const good = signState(other.id, "/me/channels");
    const altered = good.slice(0, -1) + (good.endsWith("0") ? "1" : "0");
    expect(await callback(other, altered)).toBe("/me/channels?wechat=invalid");
    expect(await callback(other, "forged")).toBe("/me/channels?wechat=invalid");
    // M's state presented by another member (a link that would bind the attacker's WeChat to a victim).
    expect(await callback(other, signState(M.id, "/me/channels"))).toBe("/me/channels?wechat=invalid");
    // Signed for one return page, presented with another.
    expect(await callback(other, signState(other.id, "/me/channels"), "/me/notifications")).toBe("/me/notifications?wechat=invalid");
    expect(await callback(other, signState(other.id, "/me/channels", Date.now() - 11 * 60_000))).toBe("/me/channels?wechat=expired");
    expect(await callback(other, "forged", "//evil.example/x")).toBe("/me/channels?wechat=invalid");
    const start = await call((await route("me/wechat/bind")).GET, "/api/me/wechat/bind?return=//evil.example/x", { as: other, headers: { "user-agent": WECHAT_UA } });
    expect(new URL(new URL(start.headers.get("location")!).searchParams.get("redirect_uri")!).searchParams.get("return")).toBe("/me/channels");
    expect(await row(q.selectFrom("wechat_bindings").select("userId").where("userId", "=", other.id))).toBeUndefined();
    // A code already exchanged fails.
    const code = fake.issueCode("oOPEN_other");
    const state = signState(other.id, "/me/channels");
    const first = await call((await route("me/wechat/callback")).GET, `/api/me/wechat/callback?code=${code}&state=${state}`, { as: other });
    expect(first.headers.get("location")).toBe("/me/channels?wechat=bound");
    const replay = await call((await route("me/wechat/callback")).GET, `/api/me/wechat/callback?code=${code}&state=${state}`, { as: other });
    expect(replay.headers.get("location")).toBe("/me/channels?wechat=failed");
    await call((await route("me/wechat/binding")).DELETE, "/api/me/wechat/binding", { as: other, method: "DELETE" });
    expect(await row(q.selectFrom("wechat_bindings").select("userId").where("userId", "=", other.id))).toBeUndefined();
  });
});

describe("template messages and the shared access token", () => {
  it("sends the template with its fields filled and fitted, and the link back into the portal; one token fetch", async () => {
    const { memberTargets, sendToMember, rawDb } = await lib();
    const targets = await rawDb().run(() => memberTargets(M.id));
    expect(targets).toEqual([{ channel: "wechat", targetKey: `${APP_ID}:oOPEN_member_1` }]);
    const calls = fake.tokenCalls;
    const refused = fake.refused.length;
    expect(await sendToMember(targets[0]!, message())).toEqual({ ok: true });
    expect(await sendToMember(targets[0]!, message({ notificationId: 2, title: "这是一个超过二十个字的很长很长很长的通知标题文字" }))).toEqual({ ok: true });
    expect(fake.refused.slice(refused)).toEqual([]);
    expect(fake.tokenCalls - calls).toBe(1);
    expect(fake.messages[0]).toEqual({
      touser: "oOPEN_member_1",
      template_id: "TPL_ORDER",
      url: "http://localhost:3000/me/orders/O123",
      data: { thing1: { value: "新订单已跟踪" }, amount2: { value: "¥2.20" }, character_string3: { value: "O123" }, time4: { value: "2026年12月01日 15:05" } },
    });
    expect([...fake.messages[1]!.data.thing1!.value].length).toBeLessThanOrEqual(20);
    // A kind without a template is not sent on WeChat.
    expect(await sendToMember(targets[0]!, message({ kind: "team_order" }))).toEqual({ ok: true });
    expect(fake.messages.length).toBe(2);
  });

  it("a token WeChat calls expired (42001) is dropped and fetched again, once; one near expiry is refreshed first", async () => {
    const { memberTargets, sendToMember, rawDb } = await lib();
    const [target] = await rawDb().run(() => memberTargets(M.id));
    const calls = fake.tokenCalls;
    const refused = fake.refused.length;
    fake.expireTokens();
    expect(await sendToMember(target!, message({ notificationId: 3 }))).toEqual({ ok: true });
    expect(fake.refused.slice(refused).map((r) => r.errcode)).toEqual([42001]);
    expect(fake.tokenCalls - calls).toBe(1);
    // Within the refresh margin: refreshed before WeChat refuses it.
    const { exec } = await import("@/lib/db/query");
    await rawDb().transaction(() => exec(q.updateTable("wechat_tokens").set({ expiresAt: new Date(Date.now() + 60_000) }).where("appId", "=", APP_ID)));
    expect(await sendToMember(target!, message({ notificationId: 4 }))).toEqual({ ok: true });
    expect(fake.tokenCalls - calls).toBe(2);
    expect(fake.refused.length).toBe(refused + 1);
  });

  it("two instances needing a token at once fetch it once and share it", async () => {
    const { rawDb } = await lib();
    const { exec } = await import("@/lib/db/query");
    const { accessToken } = await import("@/lib/notify/wechat/token");
    const { activeWechat } = await import("@/lib/notify/wechat/config");
    await rawDb().transaction(() => exec(q.updateTable("wechat_tokens").set({ token: null, expiresAt: null }).where("appId", "=", APP_ID)));
    const cfg = (await rawDb().run(activeWechat))!;
    const calls = fake.tokenCalls;
    const [a, b, c] = await Promise.all([accessToken(cfg, { owner: "instance-a" }), accessToken(cfg, { owner: "instance-b" }), accessToken(cfg, { owner: "instance-c" })]);
    expect(typeof a).toBe("string");
    expect([b, c]).toEqual([a, a]);
    expect(fake.tokenCalls - calls).toBe(1);
    expect((await rowOrThrow(q.selectFrom("wechat_tokens").selectAll().where("appId", "=", APP_ID))).token).toBe(a);
  });

  it("a wrong secret is not retried; an unfollowed member is gone and their binding forgotten", async () => {
    const { memberTargets, sendToMember, forgetTarget, rawDb } = await lib();
    const { accessToken } = await import("@/lib/notify/wechat/token");
    const wrong = await accessToken({ appId: APP_ID.replace("0", "1"), appSecret: "wrong", templates: {}, enabled: true });
    expect(wrong).toMatchObject({ ok: false, retry: false });
    expect(typeof wrong === "string" ? "" : !wrong.ok && wrong.error).toContain("40013");
    const [target] = await rawDb().run(() => memberTargets(M.id));
    fake.unfollow("oOPEN_member_1");
    const sent = await sendToMember(target!, message({ notificationId: 5 }));
    expect(sent).toMatchObject({ ok: false, retry: false, gone: true });
    await rawDb().transaction(() => forgetTarget(target!));
    expect(await rawDb().run(() => memberTargets(M.id))).toEqual([]);
    // Switched off: a target the job still holds is gone, and nothing is sent.
    fake.follow("oOPEN_member_1");
    await bind(M, "oOPEN_member_1");
    const [again] = await rawDb().run(() => memberTargets(M.id));
    const saved = await configure({ appId: APP_ID, enabled: false });
    expect(saved.data.enabled).toBe(false);
    const before = fake.messages.length;
    expect(await sendToMember(again!, message({ notificationId: 6 }))).toMatchObject({ ok: false, gone: true });
    expect(await rawDb().run(() => memberTargets(M.id))).toEqual([]);
    expect(fake.messages.length).toBe(before);
  });
});
