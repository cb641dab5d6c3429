// The delivery job and operator alerts against stand-in channels that record every send: each message goes out
// once per channel and target, retries back off, a gone target is forgotten, a dead sender's lease runs out and
// another instance sends; an alert opens once and resolves once.
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { raw, rows, useTestDatabase } from "../helpers/db";
import { exec, q, type Work } from "@/lib/db/query";
import type { Channels, DeliveryResult, MemberMessage, MemberTarget, OperatorAlert, RobotTarget } from "@/lib/notify/types";
import type { AlertKind } from "@/lib/contracts/enums";

useTestDatabase();

let alice: string, bob: string;

class FakeChannels implements Channels {
  sent: { target: MemberTarget; message: MemberMessage }[] = [];
  alerts: { robot: RobotTarget; alert: OperatorAlert }[] = [];
  forgotten: MemberTarget[] = [];
  robotResults: { robotId: number; ok: boolean }[] = [];
  /** What each target answers, in turn; the last answer repeats. */
  script = new Map<string, DeliveryResult[]>();
  targets = new Map<string, MemberTarget[]>();
  robots: RobotTarget[] = [{ id: 7, platform: "dingtalk", url: "https://oapi.dingtalk.com/robot/send?access_token=x", secret: "s" }];

  *reachable(userIds: string[]): Work<Set<string>> {
    return new Set(userIds.filter((u) => this.targets.has(u)));
  }
  *memberTargets(userId: string): Work<MemberTarget[]> {
    return this.targets.get(userId) ?? [];
  }
  async sendToMember(target: MemberTarget, message: MemberMessage): Promise<DeliveryResult> {
    const answers = this.script.get(target.targetKey) ?? [{ ok: true }];
    const answer = answers.length > 1 ? answers.shift()! : answers[0];
    if (answer.ok) this.sent.push({ target, message });
    return answer;
  }
  *forgetTarget(target: MemberTarget): Work<void> {
    this.forgotten.push(target);
  }
  *robotsFor(_kind: AlertKind): Work<RobotTarget[]> {
    return this.robots;
  }
  *robotById(id: number): Work<RobotTarget | undefined> {
    return this.robots.find((r) => r.id === id);
  }
  async sendRobot(robot: RobotTarget, alert: OperatorAlert): Promise<DeliveryResult> {
    this.alerts.push({ robot, alert });
    return { ok: true };
  }
  *recordRobotResult(robotId: number, result: DeliveryResult): Work<void> {
    this.robotResults.push({ robotId, ok: result.ok });
  }
}

const T0 = new Date("2026-12-01T04:00:00Z"); // 12:00 in Beijing
const at = (ms: number) => () => new Date(T0.getTime() + ms);

async function tell(userId: string, n: number, kind: "order_tracked" | "team_order" = "order_tracked") {
  const { notify } = await import("@/lib/notify/outbox");
  await (await raw()).transaction(() =>
    notify(Array.from({ length: n }, (_, i) => ({ userId, kind, dedupeKey: `t${Math.random()}:${i}`, amountFen: 220 })), T0),
  );
}

async function deliver(channels: Channels, clock: () => Date) {
  const { runDelivery } = await import("@/lib/notify/delivery");
  return runDelivery(await raw(), channels, clock);
}

beforeAll(async () => {
  const { registerMember } = await import("@/lib/accounts/register");
  alice = (await registerMember({ username: "alice@example.com", agreed: true, password: "Member-Pass-123", name: "Alice" })).id;
  bob = (await registerMember({ username: "bob@example.com", agreed: true, password: "Member-Pass-123" })).id;
});

beforeEach(async () => {
  await (await raw()).run(function* () {
    yield* exec(q.deleteFrom("notification_deliveries"));
    yield* exec(q.deleteFrom("notifications"));
    yield* exec(q.deleteFrom("notification_mutes"));
    yield* exec(q.deleteFrom("alert_incidents"));
    yield* exec(q.deleteFrom("inbox_pushes"));
  });
});

describe("member deliveries", () => {
  it("sends each notification once per channel and target, rendered in Chinese with a link back", async () => {
    const ch = new FakeChannels();
    ch.targets.set(alice, [{ channel: "wechat", targetKey: "openid-a" }, { channel: "webpush", targetKey: "sub-a" }]);
    await tell(alice, 2);
    await tell(bob, 1);
    const run = await deliver(ch, at(0));
    expect(run).toMatchObject({ dispatched: 3, sent: 4, retried: 0, failed: 0 });
    expect(ch.sent[0].message).toMatchObject({ title: "新订单已跟踪", body: "美团订单 · 预估佣金 ¥2.20", url: "http://localhost:3000/me/orders", amountFen: 220 });
    expect(ch.sent[0].message.deliveryKey).toMatch(/^n\d+:(wechat|webpush):/);
    // Running again sends nothing more.
    expect(await deliver(ch, at(1000))).toMatchObject({ dispatched: 0, sent: 0 });
    expect(ch.sent).toHaveLength(4);
  });

  it("retries with backoff, then fails after the last attempt", async () => {
    const ch = new FakeChannels();
    ch.targets.set(alice, [{ channel: "webpush", targetKey: "flaky" }, { channel: "wechat", targetKey: "down" }]);
    ch.script.set("flaky", [{ ok: false, retry: true, error: "503" }, { ok: true }]);
    ch.script.set("down", [{ ok: false, retry: true, error: "timeout" }]);
    await tell(alice, 1);
    expect(await deliver(ch, at(0))).toMatchObject({ sent: 0, retried: 2 });
    // Not due yet: the first retry waits about 30 s.
    expect(await deliver(ch, at(10_000))).toMatchObject({ sent: 0, retried: 0 });
    expect(await deliver(ch, at(40_000))).toMatchObject({ sent: 1, retried: 1 });
    let clock = 40_000;
    for (let i = 0; i < 10; i++) await deliver(ch, at((clock += 3 * 3_600_000)));
    const rowsNow = await rows(q.selectFrom("notification_deliveries").select(["targetKey", "status", "attempts", "lastError"]).orderBy("targetKey"));
    expect(rowsNow).toEqual([
      { targetKey: "down", status: "failed", attempts: 6, lastError: "timeout" },
      { targetKey: "flaky", status: "sent", attempts: 2, lastError: null },
    ]);
  });

  it("drops a gone target and forgets it; a muted kind is not sent off-site", async () => {
    const ch = new FakeChannels();
    ch.targets.set(alice, [{ channel: "webpush", targetKey: "expired" }]);
    ch.script.set("expired", [{ ok: false, retry: false, gone: true, error: "410 Gone" }]);
    await tell(alice, 1);
    expect(await deliver(ch, at(0))).toMatchObject({ dropped: 1 });
    expect(ch.forgotten).toEqual([{ channel: "webpush", targetKey: "expired" }]);
    const { saveNotificationPreferences } = await import("@/lib/notify/center");
    await saveNotificationPreferences(alice, [{ kind: "team_order", offsite: false }]);
    ch.script.clear();
    await tell(alice, 1, "team_order");
    expect(await deliver(ch, at(1000))).toMatchObject({ dispatched: 1, sent: 0 });
    expect(await rows(q.selectFrom("notification_deliveries").select("id").where("status", "=", "pending"))).toEqual([]);
  });

  it("a sender that died mid-send lets go when its lease ends, and the next sends once", async () => {
    const ch = new FakeChannels();
    ch.targets.set(alice, [{ channel: "wechat", targetKey: "openid-a" }]);
    await tell(alice, 3);
    const { dispatchPending, leaseMs } = await import("@/lib/notify/delivery");
    const LEASE_MS = leaseMs();
    await dispatchPending(await raw(), ch, T0);
    // As if an instance claimed them and was killed before sending.
    await (await raw()).run(function* () {
      yield* exec(q.updateTable("notification_deliveries").set({ leaseUntil: new Date(T0.getTime() + LEASE_MS), attempts: 1 }));
    });
    expect(await deliver(ch, at(LEASE_MS / 2))).toMatchObject({ sent: 0 });
    expect(await deliver(ch, at(LEASE_MS + 1000))).toMatchObject({ sent: 3 });
    expect(new Set(ch.sent.map((s) => s.message.notificationId)).size).toBe(3);
  });

  it("two instances running at once send every message exactly once", async () => {
    const ch = new FakeChannels();
    ch.targets.set(alice, [{ channel: "wechat", targetKey: "openid-a" }, { channel: "webpush", targetKey: "sub-a" }]);
    ch.targets.set(bob, [{ channel: "webpush", targetKey: "sub-b" }]);
    await tell(alice, 40);
    await tell(bob, 40);
    await Promise.all([deliver(ch, at(0)), deliver(ch, at(0)), deliver(ch, at(0))]);
    await deliver(ch, at(0));
    const keys = ch.sent.map((s) => s.message.deliveryKey);
    expect(keys).toHaveLength(120);
    expect(new Set(keys).size).toBe(120);
  });
});

describe("operator alerts", () => {
  async function failedPushes(n: number) {
    await (await raw()).run(function* () {
      for (let i = 0; i < n; i++) {
        yield* exec(q.insertInto("inbox_pushes").values({ receivedAt: T0, body: Buffer.from("{}"), signatureValid: true, outcome: "failed", error: "boom" }));
      }
    });
  }
  async function evaluate(ch: Channels, clock: () => Date) {
    const { runAlerts } = await import("@/lib/notify/alerts");
    return runAlerts(await raw(), ch, clock(), {});
  }

  it("opens once while the condition holds and resolves once, each sent to the robot once", async () => {
    const ch = new FakeChannels();
    await failedPushes(2);
    expect((await evaluate(ch, at(0))).opened).toContain("failed_pushes");
    expect((await evaluate(ch, at(60_000))).opened).toEqual([]);
    await deliver(ch, at(60_000));
    expect(ch.alerts.map((a) => a.alert.title)).toEqual(["【告警】回推处理失败待重试"]);
    expect(ch.alerts[0].alert.body).toContain("有 2 个回推处理失败");
    expect(ch.alerts[0].alert.url).toBe("http://localhost:3000/admin/pushes?outcome=failed");
    await (await raw()).run(() => exec(q.updateTable("inbox_pushes").set({ outcome: "applied" }).where("outcome", "=", "failed")));
    expect((await evaluate(ch, at(120_000))).resolved).toEqual(["failed_pushes"]);
    expect((await evaluate(ch, at(180_000))).resolved).toEqual([]);
    await deliver(ch, at(180_000));
    expect(ch.alerts.map((a) => a.alert.title)).toEqual(["【告警】回推处理失败待重试", "【恢复】回推处理失败待重试"]);
    expect(ch.robotResults).toEqual([{ robotId: 7, ok: true }, { robotId: 7, ok: true }]);
  });

  it("refused signatures count only within the last 10 minutes", async () => {
    const ch = new FakeChannels();
    const insert = (n: number, receivedAt: Date) =>
      raw().then((db) => db.run(function* () {
        for (let i = 0; i < n; i++) yield* exec(q.insertInto("inbox_pushes").values({ receivedAt, body: Buffer.from("x"), signatureValid: false, outcome: "rejected", error: "bad sign" }));
      }));
    await insert(30, new Date(T0.getTime() - 11 * 60_000));
    await insert(19, new Date(T0.getTime() - 60_000));
    expect((await evaluate(ch, at(0))).opened).not.toContain("signature_failures");
    await insert(1, T0);
    expect((await evaluate(ch, at(0))).opened).toContain("signature_failures");
    await deliver(ch, at(0));
    expect(ch.alerts.find((a) => a.alert.kind === "signature_failures")?.alert.body).toContain("近 10 分钟有 20 个回推签名校验失败");
  });

  it("a job failing repeatedly opens its alert with the job's name", async () => {
    const ch = new FakeChannels();
    const { runAlerts } = await import("@/lib/notify/alerts");
    const opened = await runAlerts(await raw(), ch, T0, { reconciliation: 3, settlement: 0 });
    expect(opened.opened).toEqual(["job_failing"]);
    await deliver(ch, at(0));
    expect(ch.alerts[0].alert.body).toBe("后台任务「reconciliation」已连续失败 3 次。\n时间：2026-12-01 12:00");
  });
});

describe("the database alarm", () => {
  it("tells the remembered robots once after 30 s away, and once when it is back", async () => {
    const ch = new FakeChannels();
    const { noteDatabase, rememberAlarmRobots, DOWN_AFTER_MS } = await import("@/lib/notify/db-alarm");
    rememberAlarmRobots(ch.robots);
    const db = await raw();
    const t = T0.getTime();
    expect(await noteDatabase(false, ch, db, t)).toBeNull();
    expect(await noteDatabase(false, ch, db, t + DOWN_AFTER_MS - 1)).toBeNull();
    expect(await noteDatabase(false, ch, db, t + DOWN_AFTER_MS)).toBe("alerted");
    expect(await noteDatabase(false, ch, db, t + 5 * DOWN_AFTER_MS)).toBeNull();
    expect(await noteDatabase(true, ch, db, t + 10 * 60_000)).toBe("recovered");
    expect(await noteDatabase(true, ch, db, t + 11 * 60_000)).toBeNull();
    expect(ch.alerts.map((a) => a.alert.title)).toEqual(["【告警】数据库无法连接", "【恢复】数据库无法连接"]);
    expect(ch.alerts[1].alert.body).toContain("持续 10 分钟");
    expect(await rows(q.selectFrom("alert_incidents").select(["kind", "resolvedAt"]).where("kind", "=", "database_down"))).toEqual([{ kind: "database_down", resolvedAt: new Date(t + 10 * 60_000) }]);
  });

  it("a blip shorter than 30 s tells nobody", async () => {
    const ch = new FakeChannels();
    const { noteDatabase, rememberAlarmRobots } = await import("@/lib/notify/db-alarm");
    rememberAlarmRobots(ch.robots);
    const db = await raw();
    expect(await noteDatabase(false, ch, db, T0.getTime())).toBeNull();
    expect(await noteDatabase(true, ch, db, T0.getTime() + 5_000)).toBeNull();
    expect(ch.alerts).toEqual([]);
  });
});

describe("alert thresholds in the console", () => {
  it("saves them with an audit row, refuses bad ones in Chinese, and the evaluation uses them", async () => {
    const { upsertAdmin } = await import("@/lib/accounts/register");
    const { call } = await import("../helpers/http");
    await upsertAdmin("alerts-boss@example.com", "Admin-Pass-123");
    const adminId = (await rows(q.selectFrom("users").select("id").where("username", "=", "alerts-boss@example.com")))[0].id;
    const route = await import("@/app/api/admin/alerts/route");
    const as = { id: adminId, role: "ADMIN" as const };
    const body = { signatureFailures: 5, failedPushes: 3, silenceHours: 2, withdrawalsWaiting: 10, jobFailures: 2 };
    const bad = await call(route.PUT as never, "/api/admin/alerts", { method: "PUT", json: { ...body, silenceHours: 0 }, as });
    expect(bad.status).toBe(422);
    expect(bad.data.error.fields.silenceHours[0]).toBe("无回推小时数至少为 1");
    const ok = await call(route.PUT as never, "/api/admin/alerts", { method: "PUT", json: body, as });
    expect(ok.status).toBe(200);
    expect(ok.data.thresholds).toEqual(body);
    expect(await rows(q.selectFrom("audit_logs").select("action").where("action", "=", "alerts.settings"))).toHaveLength(1);
    const member = await call(route.GET as never, "/api/admin/alerts", { as: { id: alice, role: "MEMBER" } });
    expect(member.status).toBe(403);
    // Two failed pushes no longer reach the threshold of three.
    await (await raw()).run(function* () {
      for (let i = 0; i < 2; i++) yield* exec(q.insertInto("inbox_pushes").values({ receivedAt: T0, body: Buffer.from("{}"), signatureValid: true, outcome: "failed" }));
    });
    const { runAlerts } = await import("@/lib/notify/alerts");
    expect((await runAlerts(await raw(), new FakeChannels(), T0, {})).opened).not.toContain("failed_pushes");
  });
});
