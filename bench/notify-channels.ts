// Channel send cost: how long one message to each off-site channel takes against the local stand-ins (so the
// number is our side — signing, encrypting, the token lookup, the database — plus a loopback HTTP round trip),
// sequentially and with 10 in flight. The delivery job's throughput per instance is bounded by these.
//
//   npx tsx bench/notify-channels.ts [--count N]
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { numArg, percentile, round } from "./lib/common";
import { startFakeRobots } from "../e2e/fake-channels/robot";
import { FakeBrowser, startFakePush } from "../e2e/fake-channels/push";
import { startFakeWechat } from "../e2e/fake-channels/wechat";

const COUNT = Math.floor(numArg("--count", 300));
const APP_ID = "wx0123456789abcdef";
const APP_SECRET = "0123456789abcdef0123456789abcdef";

const dir = mkdtempSync(path.join(os.tmpdir(), "bench-notify-"));
const wechat = await startFakeWechat({ appId: APP_ID, appSecret: APP_SECRET });
Object.assign(process.env, {
  DATABASE_URL: `file:${path.join(dir, "app.db")}`,
  DATA_DIR: dir,
  NEXTAUTH_SECRET: "bench-secret-0123456789abcdef0123456789",
  NOTIFY_ROBOT_HOSTS: "127.0.0.1:*",
  NOTIFY_PUSH_HOSTS: "127.0.0.1:*",
  WECHAT_API_BASE: wechat.base,
  WECHAT_OPEN_BASE: wechat.base,
  LOG_LEVEL: "error",
});
const { ready, rawDb, closeDb } = await import("../lib/db");
const { q, exec } = await import("../lib/db/query");
const { sendRobot } = await import("../lib/notify/robots");
const { sendToMember, memberTargets } = await import("../lib/notify/member-channels");
const { vapid } = await import("../lib/notify/webpush/vapid");
const { endpointHash } = await import("../lib/notify/webpush/store");
await ready();

const robots = await startFakeRobots();
const browsers = new Map<string, FakeBrowser>();
const push = await startFakePush({ applicationServerKey: () => vapid().publicKey, browsers });
const browser = new FakeBrowser();
browsers.set("bench", browser);
const endpoint = push.endpoint("bench");
const now = new Date();
await rawDb().transaction(function* () {
  yield* exec(q.insertInto("push_subscriptions").values({ userId: "bench-user", endpointHash: endpointHash(endpoint), endpoint, ...browser.keys, userAgent: null, createdAt: now }));
  yield* exec(q.insertInto("wechat_config").values({ id: 1, appId: APP_ID, appSecret: APP_SECRET, templates: JSON.stringify({ order_tracked: { templateId: "TPL", fields: "thing1=title,amount2=amount,time3=time" } }), enabled: true, updatedAt: now }));
  yield* exec(q.insertInto("wechat_bindings").values({ userId: "bench-user", appId: APP_ID, openId: "oBENCH", createdAt: now }));
});
wechat.addTemplate("TPL", ["thing1", "amount2", "time3"]);
wechat.follow("oBENCH");

const alert = { incidentId: 1, kind: "signature_failures" as const, state: "open" as const, title: "签名失败过多", body: "最近 10 分钟签名失败 42 次", url: "http://localhost:3000/admin/pushes", at: now };
const message = { notificationId: 1, userId: "bench-user", kind: "order_tracked" as const, title: "新订单已跟踪", body: "美团外卖 · 预估佣金 ¥2.20", url: "http://localhost:3000/me/orders/1", orderId: "1", amountFen: 220, at: now };
const targets = await rawDb().run(() => memberTargets("bench-user"));
const target = (channel: string) => targets.find((t) => t.channel === channel)!;

const cases: [string, () => Promise<{ ok: boolean }>][] = [
  ["企业微信 robot", () => sendRobot({ id: 1, platform: "wecom", url: robots.add("wecom", "bw"), secret: null }, alert)],
  ["钉钉 robot (加签)", () => sendRobot({ id: 2, platform: "dingtalk", url: robots.add("dingtalk", "bd", "SECbench"), secret: "SECbench" }, alert)],
  ["飞书 robot (签名)", () => sendRobot({ id: 3, platform: "feishu", url: robots.add("feishu", "bf", "bench"), secret: "bench" }, alert)],
  ["Web Push (VAPID + aes128gcm)", () => sendToMember(target("webpush"), message)],
  ["WeChat template (cached token)", () => sendToMember(target("wechat"), message)],
];

console.log(`channel send latency, ${COUNT} sends each (local stand-ins, SQLite)`);
console.log("channel                           seq p50 ms  seq p99 ms  10-way sends/s");
for (const [name, send] of cases) {
  await send(); // warm: token fetched, robot registered
  const times: number[] = [];
  for (let i = 0; i < COUNT; i++) {
    const t = performance.now();
    const r = await send();
    times.push(performance.now() - t);
    if (!r.ok) throw new Error(`${name}: ${JSON.stringify(r)}`);
  }
  times.sort((a, b) => a - b);
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: 10 }, async () => {
    while (next++ < COUNT) if (!(await send()).ok) throw new Error(`${name} failed under concurrency`);
  }));
  const perSecond = COUNT / ((performance.now() - started) / 1000);
  console.log(`${name.padEnd(34)}${String(round(percentile(times, 0.5))).padStart(10)}${String(round(percentile(times, 0.99))).padStart(12)}${String(Math.round(perSecond)).padStart(16)}`);
}
console.log(`WeChat token fetches: ${wechat.tokenCalls} (one, shared); push deliveries decrypted: ${push.deliveries.length}`);

await Promise.all([robots.close(), push.close(), wechat.close()]);
await closeDb();
rmSync(dir, { recursive: true, force: true });
