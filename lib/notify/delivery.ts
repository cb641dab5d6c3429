// The delivery job: sends the outbox's rows off-site. It runs in every instance (like the other jobs); rows are
// claimed with a lease (row locks with SKIP LOCKED on PostgreSQL), so instances share the work and one that dies
// mid-send lets its rows go when the lease runs out. Each (message, channel, target) is one delivery row with a
// unique key, so a message is queued once per channel however often the job runs; a send that answers "retry"
// waits with exponential backoff, up to MAX_ATTEMPTS.
//
// 1. dispatch: each new notification becomes a delivery per off-site target of its member (a bound WeChat
//    openid, each Web Push subscription), unless the member muted its kind. Alerts are queued by lib/notify/alerts.
// 2. send: due deliveries are leased in one short transaction, sent outside any transaction, and their outcome
//    recorded in another.
import { sql } from "kysely";
import { exec, first, q, type Work } from "../db/query";
import type { RawDb } from "../db/sql";
import { env } from "../env";
import { publicBaseUrl } from "./console-url";
import { log } from "../log";
import { ALERT_KINDS, MEMBER_CHANNELS, storedCode } from "../contracts/enums";
import { notificationWithFacts } from "./center";
import { renderNotification } from "./messages";
import { renderAlert } from "./alert-messages";
import type { Channels, DeliveryResult, MemberMessage, MemberTarget, OperatorAlert } from "./types";

export const MAX_ATTEMPTS = 6;
/** How long a claimed delivery is the claimer's: longer than any send takes (timeouts are 10 s), 60 s by default. */
export const leaseMs = () => (env().NOTIFY_LEASE_SECONDS ?? 60) * 1000;
const DISPATCH_BATCH = 100;
const SEND_BATCH = 20;
const SEND_CONCURRENCY = 4;

/** 30 s, 2 min, 8 min, 32 min, then hourly; ±20 % so that retries of one outage spread out. */
export function backoffMs(attempts: number, random = Math.random): number {
  return Math.round(Math.min(3_600_000, 30_000 * 4 ** Math.max(0, attempts - 1)) * (0.8 + random() * 0.4));
}

/** Where links in off-site messages point: the site's public address. */
export const siteUrl = (path: string): string => `${publicBaseUrl()}${path}`;

const deliveryKeyOf = (notificationId: number, t: MemberTarget) => `n${notificationId}:${t.channel}:${t.targetKey}`;

/**
 * Turns new notifications into deliveries; returns how many notifications it handled. Everything is read outside
 * any transaction and written in one short one (on SQLite a transaction holds the only write lock, which the pushes
 * need): the deliveries' unique keys and the `dispatchedAt IS NULL` guard make two instances doing the same batch
 * harmless.
 */
export async function dispatchPending(raw: RawDb, channels: Channels, now: Date, limit = DISPATCH_BATCH): Promise<number> {
  const rows = await raw.rows(q.selectFrom("notifications").select(["id", "userId", "kind"]).where("dispatchedAt", "is", null).orderBy("id").limit(limit));
  if (!rows.length) return 0;
  const users = [...new Set(rows.map((r) => r.userId))];
  const deliveries = await raw.run(function* () {
    const reachable = yield* channels.reachable(users);
    const out: { dedupeKey: string; notificationId: number; channel: string; targetKey: string }[] = [];
    if (!reachable.size) return out;
    const muted = new Set((yield* exec(q.selectFrom("notification_mutes").select(["userId", "kind"]).where("userId", "in", [...reachable]))).map((m) => `${m.userId}:${m.kind}`));
    const targets = new Map<string, MemberTarget[]>();
    for (const r of rows) {
      if (!reachable.has(r.userId) || muted.has(`${r.userId}:${r.kind}`)) continue;
      let list = targets.get(r.userId);
      if (!list) targets.set(r.userId, (list = yield* channels.memberTargets(r.userId)));
      for (const t of list) out.push({ dedupeKey: deliveryKeyOf(r.id, t), notificationId: r.id, channel: t.channel, targetKey: t.targetKey });
    }
    return out;
  });
  await raw.transaction(function* () {
    for (let i = 0; i < deliveries.length; i += 100) {
      yield* exec(
        q.insertInto("notification_deliveries")
          .values(deliveries.slice(i, i + 100).map((d) => ({ ...d, status: "pending", attempts: 0, nextAttemptAt: now, createdAt: now })))
          .onConflict((oc) => oc.column("dedupeKey").doNothing()),
      );
    }
    yield* exec(q.updateTable("notifications").set({ dispatchedAt: now }).where("id", "in", rows.map((r) => r.id)).where("dispatchedAt", "is", null));
  });
  return rows.length;
}

type Claimed = { id: number; dedupeKey: string; notificationId: number | null; incidentId: number | null; incidentState: string | null; channel: string; targetKey: string; attempts: number };

/** Leases due deliveries: they are this caller's until the lease ends. */
function* claimDue(now: Date, limit: number): Work<Claimed[]> {
  const due = yield* exec(
    q.selectFrom("notification_deliveries")
      .select(["id", "dedupeKey", "notificationId", "incidentId", "incidentState", "channel", "targetKey", "attempts"])
      .where("status", "=", "pending")
      .where("nextAttemptAt", "<=", now)
      .where((eb) => eb.or([eb("leaseUntil", "is", null), eb("leaseUntil", "<", now)]))
      .orderBy("nextAttemptAt")
      .orderBy("id")
      .limit(limit)
      .forUpdate()
      .skipLocked(),
  );
  if (!due.length) return [];
  yield* exec(
    q.updateTable("notification_deliveries")
      .set((eb) => ({ leaseUntil: new Date(now.getTime() + leaseMs()), attempts: eb("attempts", "+", 1) }))
      .where("id", "in", due.map((d) => d.id)),
  );
  return due.map((d) => ({ ...d, attempts: d.attempts + 1 }));
}

function* memberMessage(d: Claimed): Work<MemberMessage | null> {
  if (d.notificationId === null) return null;
  const n = yield* notificationWithFacts(d.notificationId);
  if (!n) return null;
  const text = renderNotification(n.facts);
  return {
    notificationId: n.id, userId: n.userId, kind: n.facts.kind, title: text.title, body: text.body, url: siteUrl(text.href),
    orderId: n.orderId, amountFen: n.amountFen, at: n.createdAt, deliveryKey: d.dedupeKey,
  };
}

function* operatorAlert(d: Claimed): Work<OperatorAlert | null> {
  if (d.incidentId === null) return null;
  const i = yield* first(q.selectFrom("alert_incidents").selectAll().where("id", "=", d.incidentId));
  if (!i) return null;
  return { ...renderAlert({ ...i, kind: storedCode(ALERT_KINDS, i.kind) }, d.incidentState === "resolved" ? "resolved" : "open", siteUrl), deliveryKey: d.dedupeKey };
}

type Outcome = "sent" | "retry" | "failed" | "dropped";

/** Sends one claimed delivery and records what happened; never throws. */
async function sendOne(raw: RawDb, channels: Channels, d: Claimed, now: () => Date): Promise<Outcome> {
  let result: DeliveryResult;
  let robotId: number | null = null;
  let memberTarget: MemberTarget | null = null;
  try {
    if (d.channel === "robot") {
      robotId = Number(d.targetKey);
      const [alert, robot] = await raw.run(function* () {
        return [yield* operatorAlert(d), yield* channels.robotById(robotId!)] as const;
      });
      result = !alert || !robot ? { ok: false, retry: false, gone: true, error: "告警或机器人已不存在" } : await channels.sendRobot(robot, alert);
    } else {
      memberTarget = { channel: storedCode(MEMBER_CHANNELS, d.channel), targetKey: d.targetKey };
      const message = await raw.run(() => memberMessage(d));
      result = message ? await channels.sendToMember(memberTarget, message) : { ok: false, retry: false, gone: true, error: "通知已不存在" };
    }
  } catch (e) {
    result = { ok: false, retry: true, error: e instanceof Error ? e.message : String(e) };
  }
  const at = now();
  const outcome: Outcome = result.ok ? "sent" : result.gone ? "dropped" : result.retry && d.attempts < MAX_ATTEMPTS ? "retry" : "failed";
  const error = result.ok ? null : result.error.slice(0, 500);
  await raw.transaction(function* () {
    // Only while the lease is ours (attempts still the claim's): a lease that ran out belongs to the next claimer.
    const mine = q.updateTable("notification_deliveries").where("id", "=", d.id).where("attempts", "=", d.attempts).where("status", "=", "pending");
    if (outcome === "sent") yield* exec(mine.set({ status: "sent", sentAt: at, leaseUntil: null, lastError: null }));
    else if (outcome === "retry") yield* exec(mine.set({ nextAttemptAt: new Date(at.getTime() + backoffMs(d.attempts)), leaseUntil: null, lastError: error }));
    else yield* exec(mine.set({ status: outcome, leaseUntil: null, lastError: error }));
    if (outcome === "dropped" && memberTarget) yield* channels.forgetTarget(memberTarget);
    if (robotId !== null) yield* channels.recordRobotResult(robotId, result, at);
  });
  return outcome;
}

export interface DeliveryRun {
  dispatched: number;
  sent: number;
  retried: number;
  failed: number;
  dropped: number;
}

/** One run of the job: dispatches what is new, then sends what is due, a bounded amount each. */
export async function runDelivery(raw: RawDb, channels: Channels, now: () => Date = () => new Date(), maxBatches = 10): Promise<DeliveryRun> {
  const run: DeliveryRun = { dispatched: 0, sent: 0, retried: 0, failed: 0, dropped: 0 };
  for (let i = 0; i < maxBatches; i++) {
    const n = await dispatchPending(raw, channels, now());
    run.dispatched += n;
    if (n < DISPATCH_BATCH) break;
  }
  for (let i = 0; i < maxBatches; i++) {
    const claimed = await raw.transaction(() => claimDue(now(), SEND_BATCH));
    if (!claimed.length) break;
    for (let j = 0; j < claimed.length; j += SEND_CONCURRENCY) {
      const outcomes = await Promise.all(claimed.slice(j, j + SEND_CONCURRENCY).map((d) => sendOne(raw, channels, d, now)));
      for (const o of outcomes) {
        if (o === "sent") run.sent++;
        else if (o === "retry") run.retried++;
        else if (o === "failed") run.failed++;
        else run.dropped++;
      }
    }
    if (claimed.length < SEND_BATCH) break;
  }
  if (run.failed) log.warn("notifications could not be delivered", { failed: run.failed });
  return run;
}

/** Deliveries by status, for the console. */
export function* deliveryCounts(): Work<Record<string, number>> {
  const rows = yield* exec(q.selectFrom("notification_deliveries").select(["status", sql<number>`count(*)`.as("n")]).groupBy("status"));
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
