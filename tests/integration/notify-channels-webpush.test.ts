// Web Push against a stand-in push service that verifies the VAPID JWT's ES256 signature with our public key and
// decrypts the aes128gcm payload with the private key of a browser the test plays: the message arrives as the
// service worker will read it. Subscribing validates the endpoint (https, a push service, bounded); a 410 from
// the service removes the subscription; a member cannot remove another's.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count, useTestDatabase } from "../helpers/db";
import { ROOT } from "../helpers/routes";
import { call, type Actor } from "../helpers/http";
import { q } from "@/lib/db/query";
import { FakeBrowser, startFakePush, type FakePush } from "../../e2e/fake-channels/push";
import type { MemberMessage } from "@/lib/notify/types";

process.env.NOTIFY_PUSH_HOSTS = "127.0.0.1:*";
const db = useTestDatabase();

const browsers = new Map<string, FakeBrowser>();
let fake: FakePush;
let M: Actor;
let other: Actor;
let admin: Actor;
let publicKey = "";
const route = async (path: string) => (await import(/* @vite-ignore */ `@/app/api/${path}/route`)) as Record<string, never>;
const lib = async () => ({ ...(await import("@/lib/notify/member-channels")), ...(await import("@/lib/db")) });
const subscribe = async (who: Actor, json: unknown) => call((await route("me/push")).POST, "/api/me/push", { as: who, json });
const message = (over: Partial<MemberMessage> = {}): MemberMessage => ({
  notificationId: 41,
  userId: M.id,
  kind: "commission_available",
  title: "佣金可提现",
  body: "¥12.30 已结算，可以申请提现",
  url: "http://localhost:3000/me/earnings",
  orderId: null,
  amountFen: 1230,
  at: new Date(),
  ...over,
});
function browser(id: string) {
  const b = new FakeBrowser();
  browsers.set(id, b);
  return { endpoint: fake.endpoint(id), expirationTime: null, keys: b.keys };
}

beforeAll(async () => {
  fake = await startFakePush({ applicationServerKey: () => publicKey, browsers });
  const reg = async (username: string): Promise<Actor> => ({ id: (await call((await route("register")).POST, "/api/register", { json: { username, agreed: true, password: "Password-123" } })).data.id, role: "MEMBER" });
  M = await reg("push-m@example.com");
  other = await reg("push-o@example.com");
  const { upsertAdmin } = await import("@/lib/accounts/register");
  await upsertAdmin("push-boss@example.com", "Admin-Pass-123");
  const { userId } = await import("../helpers/db");
  admin = { id: await userId("push-boss@example.com"), role: "ADMIN" };
});
afterAll(async () => fake?.close());

describe("VAPID keys", () => {
  it("are generated once into DATA_DIR/vapid.json and answered to members and the console", async () => {
    const res = await call((await route("me/push")).GET, "/api/me/push", { as: M });
    expect(res.status).toBe(200);
    publicKey = res.data.publicKey;
    expect(publicKey).toMatch(/^[A-Za-z0-9_-]{87}$/);
    const file = path.join(db.dataDir, "vapid.json");
    expect(existsSync(file)).toBe(true);
    expect(JSON.parse(readFileSync(file, "utf8")).publicKey).toBe(publicKey);
    const status = await call((await route("admin/notify/webpush")).GET, "/api/admin/notify/webpush", { as: admin });
    expect(status.data).toMatchObject({ publicKey, source: "generated", subscriptions: 0 });
    expect(status.text).not.toContain(JSON.parse(readFileSync(file, "utf8")).privateKey);
  });

  it("two instances starting at once on an empty DATA_DIR end up with the same keys", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "vapid-race-"));
    const start = () =>
      promisify(execFile)(path.join(ROOT, "node_modules/.bin/tsx"), ["-e", `import("${path.join(ROOT, "lib/notify/webpush/vapid.ts")}").then((m) => console.log(m.vapid().publicKey))`], {
        env: { PATH: process.env.PATH, DATA_DIR: dir, NODE_ENV: "test" },
        encoding: "utf8",
      });
    const [a, b] = await Promise.all([start(), start()]);
    expect(a.stdout.trim()).toMatch(/^[A-Za-z0-9_-]{87}$/);
    expect(b.stdout.trim()).toBe(a.stdout.trim());
    expect(JSON.parse(readFileSync(path.join(dir, "vapid.json"), "utf8")).publicKey).toBe(a.stdout.trim());
    rmSync(dir, { recursive: true, force: true });
  });
});

describe("subscribing", () => {
  it("refuses endpoints that are not push services over https, oversized or with bad keys; changes nothing", async () => {
    const keys = new FakeBrowser().keys;
    for (const endpoint of ["http://10.0.0.1/push/x", "https://evil.example/push/x", "https://169.254.169.254/latest", "https://fcm.googleapis.com:8443/x", `https://fcm.googleapis.com/fcm/send/${"a".repeat(1100)}`, "javascript:alert(1)"]) {
      const r = await subscribe(M, { endpoint, keys });
      expect(r.status, endpoint).toBe(422);
    }
    expect((await subscribe(M, { endpoint: fake.endpoint("x"), keys: { p256dh: "short", auth: keys.auth } })).status).toBe(422);
    expect((await call((await route("me/push")).POST, "/api/me/push", { as: M, json: { endpoint: fake.endpoint("big"), keys, pad: "x".repeat(5000) } })).status).toBe(413);
    expect((await call((await route("me/push")).POST, "/api/me/push", { json: { endpoint: fake.endpoint("anon"), keys } })).status).toBe(401);
    expect(await count(q.selectFrom("push_subscriptions"))).toBe(0);
    // A real push service's endpoint is accepted.
    const { pushEndpointRefusal } = await import("@/lib/notify/webpush/endpoints");
    expect(pushEndpointRefusal("https://fcm.googleapis.com/fcm/send/abc:def")).toBeNull();
    expect(pushEndpointRefusal("https://web.push.apple.com/QGx")).toBeNull();
    expect(pushEndpointRefusal("https://updates.push.services.mozilla.com/wpush/v2/gAAA")).toBeNull();
  });
});

describe("sending", () => {
  it("the push service verifies the VAPID signature and the browser decrypts the message", async () => {
    const res = await subscribe(M, browser("phone-1"));
    expect([res.status, res.data]).toEqual([200, { subscribed: true }]);
    const { memberTargets, sendToMember, rawDb } = await lib();
    const targets = await rawDb().run(() => memberTargets(M.id));
    expect(targets).toHaveLength(1);
    expect(targets[0]!.channel).toBe("webpush");
    expect(await sendToMember(targets[0]!, message())).toEqual({ ok: true });
    expect(fake.refused).toEqual([]);
    expect(fake.deliveries).toHaveLength(1);
    expect(JSON.parse(fake.deliveries[0]!.payload)).toEqual({ title: "佣金可提现", body: "¥12.30 已结算，可以申请提现", url: "http://localhost:3000/me/earnings", tag: "commission_available:41", notificationId: 41 });
    expect(Number(fake.deliveries[0]!.ttl)).toBeGreaterThan(0);
  });

  it("a request signed with other keys is refused by the service: the check can fail", async () => {
    const { memberTargets, sendToMember, rawDb } = await lib();
    const [target] = await rawDb().run(() => memberTargets(M.id));
    const real = publicKey;
    publicKey = new FakeBrowser().keys.p256dh; // the service now expects another application server
    const sent = await sendToMember(target!, message());
    publicKey = real;
    expect(sent).toMatchObject({ ok: false, retry: false });
    expect(fake.refused.at(-1)!.reason).toContain("vapid");
  });

  it("410 and 404 from the push service: gone, and the subscription is removed", async () => {
    const { memberTargets, sendToMember, forgetTarget, rawDb } = await lib();
    await subscribe(M, browser("laptop-1"));
    const targets = await rawDb().run(() => memberTargets(M.id));
    expect(targets).toHaveLength(2);
    fake.answer("phone-1", 410);
    fake.answer("laptop-1", 404);
    for (const t of targets) {
      const sent = await sendToMember(t, message());
      expect(sent).toMatchObject({ ok: false, gone: true });
      await rawDb().transaction(() => forgetTarget(t));
    }
    expect(await rawDb().run(() => memberTargets(M.id))).toEqual([]);
    expect(await count(q.selectFrom("push_subscriptions"))).toBe(0);
  });

  it("429 and 5xx are retries", async () => {
    const { memberTargets, sendToMember, rawDb } = await lib();
    await subscribe(M, browser("tablet-1"));
    const [t] = await rawDb().run(() => memberTargets(M.id));
    fake.answer("tablet-1", 429);
    expect(await sendToMember(t!, message())).toMatchObject({ ok: false, retry: true });
    fake.answer("tablet-1", 503);
    expect(await sendToMember(t!, message())).toMatchObject({ ok: false, retry: true });
  });
});

describe("unsubscribing", () => {
  it("a member removes their own subscription, never another's; re-subscribing the same browser moves it", async () => {
    const sub = browser("shared-1");
    await subscribe(M, sub);
    const before = await count(q.selectFrom("push_subscriptions").where("userId", "=", M.id));
    const theirs = await call((await route("me/push")).DELETE, "/api/me/push", { as: other, method: "DELETE", json: { endpoint: sub.endpoint } });
    expect(theirs.status).toBe(200);
    expect(await count(q.selectFrom("push_subscriptions").where("userId", "=", M.id))).toBe(before);
    // The same browser, now logged in as the other member.
    await subscribe(other, sub);
    expect(await count(q.selectFrom("push_subscriptions").where("userId", "=", M.id))).toBe(before - 1);
    const { memberTargets, rawDb } = await lib();
    expect(await rawDb().run(() => memberTargets(other.id))).toHaveLength(1);
    const mine = await call((await route("me/push")).DELETE, "/api/me/push", { as: other, method: "DELETE", json: { endpoint: sub.endpoint } });
    expect(mine.data).toEqual({ subscribed: false });
    expect(await rawDb().run(() => memberTargets(other.id))).toEqual([]);
    expect((await call((await route("me/push")).GET, "/api/me/push", { as: M })).data.subscriptions).toBe(before - 1);
  });
});
