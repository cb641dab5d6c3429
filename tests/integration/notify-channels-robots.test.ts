// Operator alerts to group robots, against a stand-in that checks each platform's body format and signature:
// 企业微信 markdown, 钉钉 加签 in the query, 飞书 签名校验 in the body. A robot that times out is a retry, one that
// answers a configuration error is not, and after ROBOT_FAILING_AFTER failures the console shows it failing. The
// console never answers a secret or webhook key whole, refuses URLs outside the platforms' hosts (SSRF), and writes
// an audit row with each change.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditCount, row, rowOrThrow, useTestDatabase, userId } from "../helpers/db";
import { call, type Actor } from "../helpers/http";
import { q } from "@/lib/db/query";
import { startFakeRobots, type FakeRobots } from "../../e2e/fake-channels/robot";
import type { OperatorAlert } from "@/lib/notify/types";

process.env.NOTIFY_ROBOT_HOSTS = "127.0.0.1:*";
useTestDatabase();

let fake: FakeRobots;
let admin: Actor;
let member: Actor;
const route = async (path: string) => (await import(/* @vite-ignore */ `@/app/api/${path}/route`)) as Record<string, never>;
const robots = () => route("admin/notify/robots");
const one = () => route("admin/notify/robots/[id]");
const test = async (id: number) => call((await route("admin/notify/robots/[id]/test")).POST, `/api/admin/notify/robots/${id}/test`, { as: admin, params: { id: String(id) }, json: {} });
const create = async (json: Record<string, unknown>) => call((await robots()).POST, "/api/admin/notify/robots", { as: admin, json });

const alert = (over: Partial<OperatorAlert> = {}): OperatorAlert => ({
  incidentId: 7,
  kind: "signature_failures",
  state: "open",
  title: "签名失败过多",
  body: "最近 10 分钟签名失败 42 次（阈值 20）\n请检查回调密钥",
  url: "http://localhost:3000/admin/pushes?signature=invalid",
  at: new Date(),
  ...over,
});

beforeAll(async () => {
  fake = await startFakeRobots();
  const { upsertAdmin } = await import("@/lib/accounts/register");
  await upsertAdmin("robot-boss@example.com", "Admin-Pass-123");
  admin = { id: await userId("robot-boss@example.com"), role: "ADMIN" };
  const reg = await call((await route("register")).POST, "/api/register", { json: { username: "robot-m@example.com", agreed: true, password: "Password-123" } });
  member = { id: reg.data.id, role: "MEMBER" };
});
afterAll(async () => fake?.close());

describe("each platform's format and signature", () => {
  it("企业微信, 钉钉 with 加签 and 飞书 with 签名校验 each accept the alert; the text carries title, body and link", async () => {
    const { sendRobot } = await import("@/lib/notify/robots");
    const targets = [
      { id: 1, platform: "wecom" as const, url: fake.add("wecom", "wk-1"), secret: null },
      { id: 2, platform: "dingtalk" as const, url: fake.add("dingtalk", "dt-1", "SECdingsecret0123456789"), secret: "SECdingsecret0123456789" },
      { id: 3, platform: "feishu" as const, url: fake.add("feishu", "fs-1", "feishu-secret-xyz"), secret: "feishu-secret-xyz" },
    ];
    for (const t of targets) expect(await sendRobot(t, alert()), t.platform).toEqual({ ok: true });
    expect(fake.refused).toEqual([]);
    expect(fake.messages.map((m) => m.platform)).toEqual(["wecom", "dingtalk", "feishu"]);
    for (const m of fake.messages) {
      expect(m.text).toContain("签名失败过多");
      expect(m.text).toContain("最近 10 分钟签名失败 42 次");
      expect(m.text).toContain("http://localhost:3000/admin/pushes?signature=invalid");
    }
    const resolved = await sendRobot(targets[0]!, alert({ state: "resolved" }));
    expect(resolved).toEqual({ ok: true });
    expect(fake.messages.at(-1)!.text).toContain("已恢复");
  });

  it("a wrong secret is the platform's sign error: not retried", async () => {
    const { sendRobot } = await import("@/lib/notify/robots");
    const before = fake.refused.length;
    const ding = await sendRobot({ id: 4, platform: "dingtalk", url: fake.add("dingtalk", "dt-2", "SECright"), secret: "SECwrong" }, alert());
    expect(ding).toMatchObject({ ok: false, retry: false });
    expect(ding.ok ? "" : ding.error).toContain("310000");
    const feishu = await sendRobot({ id: 5, platform: "feishu", url: fake.add("feishu", "fs-2", "right"), secret: "wrong" }, alert());
    expect(feishu).toMatchObject({ ok: false, retry: false });
    expect(feishu.ok ? "" : feishu.error).toContain("19021");
    // A robot with a secret the sender does not sign for is refused the same way.
    expect(await sendRobot({ id: 6, platform: "dingtalk", url: fake.add("dingtalk", "dt-3", "SECset"), secret: null }, alert())).toMatchObject({ ok: false, retry: false });
    expect(fake.refused.slice(before).map((r) => r.reason)).toEqual(["sign", "sign", "sign"]);
  });

  it("a timeout, a 5xx and a rate limit are retries; a bad key is not", async () => {
    const { sendRobot } = await import("@/lib/notify/robots");
    const url = fake.add("wecom", "wk-slow");
    fake.behave("wk-slow", "timeout");
    const started = Date.now();
    const timedOut = await sendRobot({ id: 7, platform: "wecom", url, secret: null }, alert(), { timeoutMs: 300 });
    expect(timedOut).toMatchObject({ ok: false, retry: true });
    expect(Date.now() - started).toBeLessThan(2000);
    fake.behave("wk-slow", "500");
    expect(await sendRobot({ id: 7, platform: "wecom", url, secret: null }, alert())).toMatchObject({ ok: false, retry: true });
    fake.behave("wk-slow", { errcode: 45009, errmsg: "api freq out of limit" });
    expect(await sendRobot({ id: 7, platform: "wecom", url, secret: null }, alert())).toMatchObject({ ok: false, retry: true });
    const dingUrl = fake.add("dingtalk", "dt-fast");
    fake.behave("dt-fast", { errcode: 130101, errmsg: "send too fast, exceed 20 times per minute" });
    expect(await sendRobot({ id: 8, platform: "dingtalk", url: dingUrl, secret: null }, alert())).toMatchObject({ ok: false, retry: true });
    const unknownKey = `${fake.base}/cgi-bin/webhook/send?key=nobody`;
    expect(await sendRobot({ id: 9, platform: "wecom", url: unknownKey, secret: null }, alert())).toMatchObject({ ok: false, retry: false });
  });
});

describe("SSRF: only the platforms' own hosts", () => {
  it("refuses other hosts, http, ports, credentials in the URL — at save and at send", async () => {
    const { robotUrlRefusal } = await import("@/lib/notify/robots/hosts");
    expect(robotUrlRefusal("wecom", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc")).toBeNull();
    expect(robotUrlRefusal("dingtalk", "https://oapi.dingtalk.com/robot/send?access_token=abc")).toBeNull();
    expect(robotUrlRefusal("feishu", "https://open.larksuite.com/open-apis/bot/v2/hook/abc")).toBeNull();
    for (const [platform, url] of [
      ["wecom", "http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc"],
      ["wecom", "https://qyapi.weixin.qq.com:8443/cgi-bin/webhook/send?key=abc"],
      ["wecom", "https://oapi.dingtalk.com/robot/send?access_token=abc"],
      ["dingtalk", "https://oapi.dingtalk.com.evil.example/robot/send"],
      ["feishu", "https://user:pw@open.feishu.cn/open-apis/bot/v2/hook/abc"],
      ["feishu", "https://169.254.169.254/latest/meta-data"],
      ["dingtalk", "http://10.0.0.1/robot/send"],
      ["wecom", "file:///etc/passwd"],
      ["wecom", "not a url"],
    ] as const) expect(robotUrlRefusal(platform, url), url).not.toBeNull();
    const refused = await create({ platform: "wecom", name: "内网", url: "http://10.0.0.1:80/cgi-bin/webhook/send?key=x", kinds: ["job_failing"] });
    expect(refused.status).toBe(422);
    expect(refused.data.error.fields.url[0]).toMatch(/https|地址/);
    expect(await row(q.selectFrom("alert_robots").select("id").where("name", "=", "内网"))).toBeUndefined();
    const { sendRobot } = await import("@/lib/notify/robots");
    const sent = await sendRobot({ id: 1, platform: "wecom", url: "https://metadata.google.internal/x", secret: null }, alert());
    expect(sent).toMatchObject({ ok: false, retry: false });
  });
});

describe("the console", () => {
  it("creates, lists masked, updates, tests and deletes robots, each change audited; members are refused", async () => {
    expect((await call((await robots()).GET, "/api/admin/notify/robots", { as: member })).status).toBe(403);
    const secret = "SECconsole-secret-0123456789abcdef";
    const url = fake.add("dingtalk", "dt-console-token-0123456789", secret);
    const created = await create({ platform: "dingtalk", name: "运营群", url, secret, kinds: ["signature_failures", "database_down"] });
    expect(created.status, created.text).toBe(201);
    const id = created.data.id as number;
    expect(await auditCount("notify_robot.create")).toBe(1);
    const list = await call((await robots()).GET, "/api/admin/notify/robots", { as: admin });
    expect(list.status).toBe(200);
    const text = JSON.stringify(list.data) + created.text;
    expect(text).not.toContain(secret);
    expect(text).not.toContain("dt-console-token-0123456789");
    expect(list.data.items[0]).toMatchObject({ name: "运营群", platform: "dingtalk", secret: "SECc****cdef", kinds: ["signature_failures", "database_down"], failing: false });
    const audits = await rowOrThrow(q.selectFrom("audit_logs").select(["after"]).where("action", "=", "notify_robot.create"));
    expect(audits.after).not.toContain(secret);
    expect(audits.after).not.toContain("dt-console-token-0123456789");

    const tested = await test(id);
    expect(tested.status).toBe(200);
    expect(tested.data).toMatchObject({ ok: true, message: "测试消息已发送到「运营群」" });
    expect(tested.data.robot.lastSentAt).not.toBeNull();
    expect(fake.messages.at(-1)!.text).toContain("测试");

    // Updating without the secret keeps it (the console never had it).
    const renamed = await call((await one()).PUT, `/api/admin/notify/robots/${id}`, { as: admin, method: "PUT", params: { id: String(id) }, json: { name: "运营值班群" } });
    expect(renamed.status, renamed.text).toBe(200);
    expect((await test(id)).data.ok).toBe(true);
    const bad = await call((await one()).PUT, `/api/admin/notify/robots/${id}`, { as: admin, method: "PUT", params: { id: String(id) }, json: { url: "https://evil.example/robot/send" } });
    expect(bad.status).toBe(422);
    expect(await auditCount("notify_robot.update")).toBe(1);

    const { robotsFor } = await import("@/lib/notify/robots");
    const { rawDb } = await import("@/lib/db");
    expect((await rawDb().run(() => robotsFor("database_down"))).map((r) => r.id)).toEqual([id]);
    expect(await rawDb().run(() => robotsFor("push_gap"))).toEqual([]);
    await call((await one()).PUT, `/api/admin/notify/robots/${id}`, { as: admin, method: "PUT", params: { id: String(id) }, json: { enabled: false } });
    expect(await rawDb().run(() => robotsFor("database_down"))).toEqual([]);

    const removed = await call((await one()).DELETE, `/api/admin/notify/robots/${id}`, { as: admin, method: "DELETE", params: { id: String(id) } });
    expect([removed.status, removed.data]).toEqual([200, { deleted: true }]);
    expect(await auditCount("notify_robot.delete")).toBe(1);
    expect((await call((await one()).DELETE, `/api/admin/notify/robots/${id}`, { as: admin, method: "DELETE", params: { id: String(id) } })).status).toBe(404);
  });

  it("a robot that keeps answering an error is marked failing with its last error; a success clears it", async () => {
    const url = fake.add("feishu", "fs-console", "fs-secret");
    const created = await create({ platform: "feishu", name: "技术群", url, secret: "fs-secret", kinds: ["job_failing"] });
    const id = created.data.id as number;
    fake.behave("fs-console", { errcode: 19024, errmsg: "Key Words Not Found" });
    for (let i = 1; i <= 3; i++) {
      const r = await test(id);
      expect(r.data.ok).toBe(false);
      expect(r.data.message).toContain("19024");
      expect(r.data.robot.failing, `after ${i} failures`).toBe(i >= 3);
    }
    const list = await call((await robots()).GET, "/api/admin/notify/robots", { as: admin });
    const shown = list.data.items.find((r: { id: number }) => r.id === id);
    expect(shown).toMatchObject({ failing: true, consecutiveFailures: 3 });
    expect(shown.lastError).toContain("Key Words Not Found");
    expect(shown.failingSince).not.toBeNull();

    fake.behave("fs-console", "ok");
    const ok = await test(id);
    expect(ok.data.ok).toBe(true);
    expect(ok.data.robot).toMatchObject({ failing: false, consecutiveFailures: 0, lastError: null });
  });

  it("recordRobotResult counts consecutive failures through the delivery job's interface", async () => {
    const { recordRobotResult, ROBOT_FAILING_AFTER } = await import("@/lib/notify/robots");
    const { rawDb } = await import("@/lib/db");
    const created = await create({ platform: "wecom", name: "记录", url: fake.add("wecom", "wk-rec"), kinds: ["push_gap"] });
    const id = created.data.id as number;
    const at = new Date("2026-12-01T08:00:00Z");
    for (let i = 0; i < ROBOT_FAILING_AFTER; i++) await rawDb().transaction(() => recordRobotResult(id, { ok: false, retry: true, error: "超时" }, new Date(at.getTime() + i * 1000)));
    const failing = await rowOrThrow(q.selectFrom("alert_robots").selectAll().where("id", "=", id));
    expect(failing.consecutiveFailures).toBe(ROBOT_FAILING_AFTER);
    expect(failing.failingSince?.toISOString()).toBe(new Date(at.getTime() + (ROBOT_FAILING_AFTER - 1) * 1000).toISOString());
    await rawDb().transaction(() => recordRobotResult(id, { ok: true }, at));
    const cleared = await rowOrThrow(q.selectFrom("alert_robots").selectAll().where("id", "=", id));
    expect([cleared.consecutiveFailures, cleared.failingSince, cleared.lastError]).toEqual([0, null, null]);
  });
});
