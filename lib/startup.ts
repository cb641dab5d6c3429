// Server start: fail fast on a bad environment, then migrate, create the first admin, and start the jobs.
import { bootstrapAdmin } from "./accounts/register";
import { authSecret } from "./auth/secret";
import { currentDbConfig, rawDb, ready } from "./db";
import { alertSeconds, env, inboxRejectedRetentionDays, inboxRetentionSeconds, inboxRetrySeconds, notifyDeliverySeconds, reconcileDays, reconcileSeconds, settlementSeconds } from "./env";
import { acquireLease } from "./jobs/lock";
import { runAlerts } from "./notify/alerts";
import { defaultChannels } from "./notify/channels";
import { noteDatabase, rememberAlarmRobots } from "./notify/db-alarm";
import { runDelivery } from "./notify/delivery";
import { jobFailures, recordJobRun } from "./notify/job-health";
import { pingDatabase } from "./health";
import { scheduledSync } from "./reconcile/admin";
import { runSettlement } from "./earnings/settlement";
import { runInboxRetention } from "./inbox/retention";
import { attachAllLegacyWithdrawals } from "./earnings/legacy";
import { retryFailedPushes } from "./inbox/retry";
import { log } from "./log";
import { callbackSecrets } from "./meituan/secrets";
import { offerFirstAdminSetup } from "./setup/first-admin";
import { deleteOldSalts } from "./links/salt";
import { clickWriter } from "./links/redirect";
import { beijingDay } from "./time";
import { readPool } from "./reads";

const state = globalThis as unknown as { __cpsJobs?: NodeJS.Timeout[] };

export async function startServer() {
  env(); // a bad environment stops the server here, with the message
  authSecret();
  if (callbackSecrets().length === 0) log.warn("MEITUAN_CALLBACK_SECRET is not set: every Meituan push will be refused");
  // The database may be down when the server starts: keep serving (pushes get 503 so Meituan retries) and keep
  // trying in the background. A failed start hook would otherwise leave the process broken until restarted.
  // The first attempt is awaited, so that normally the jobs run before the first request is served.
  // Jobs start now and wait for the database themselves (each run awaits ready()), so they resume the moment
  // the database answers, whoever noticed it first.
  startJobs();
  drainBeforeExit();
  await connectWhenReady(1);
}

async function connectWhenReady(attempt: number): Promise<void> {
  try {
    await ready();
    const config = currentDbConfig();
    log.info("database ready", { kind: config.kind, ...(config.kind === "sqlite" ? { file: config.file } : {}) });
    await startReadPool();
  } catch (err) {
    const delay = Math.min(5_000, 1000 * attempt);
    log.error("database not ready; retrying", { attempt, retryInMs: delay, error: err instanceof Error ? err.message : String(err) });
    setTimeout(() => void connectWhenReady(attempt + 1), delay).unref();
    return;
  }
  // In the background: each member's are attached anyway before their money next moves (lib/earnings/legacy.ts).
  void attachAllLegacyWithdrawals(rawDb()).then(
    (members) => members && log.info("legacy withdrawals attached to their commission rows", { members }),
    (err) => log.error("legacy withdrawals could not all be attached (each member's are on their next request)", { error: err instanceof Error ? err.message : String(err) }),
  );
  const e = env();
  try {
    if (await bootstrapAdmin(e.ADMIN_USERNAME, e.ADMIN_PASSWORD)) log.info("first admin created", { username: e.ADMIN_USERNAME });
  } catch (err) {
    log.error("ADMIN_USERNAME / ADMIN_PASSWORD could not create the first admin", { error: err instanceof Error ? err.message : String(err) });
  }
  await offerFirstAdminSetup();
}

/** SQLite: the read pool's workers start with the server, so that the first dashboard does not wait for them. */
async function startReadPool() {
  const pool = readPool();
  if (!pool) return;
  try {
    await pool.start();
    log.info("read pool ready", { workers: pool.workers });
  } catch (err) {
    // Each read tries to start its worker again and fails with this error meanwhile (500, logged).
    log.error("read pool could not start", { error: err instanceof Error ? err.message : String(err) });
  }
}

/** Runs `job` every `seconds`, never two at once in this process, logging what it did or why it could not. */
function every(seconds: number, name: string, job: () => Promise<Record<string, unknown> | null>) {
  let running = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      await ready();
      const result = await job();
      recordJobRun(name, true);
      if (result) log.info(name, result);
    } catch (err) {
      recordJobRun(name, false);
      log.warn(`${name} could not run`, { error: err instanceof Error ? err.message : String(err) });
    } finally {
      running = false;
    }
  }, seconds * 1000);
  timer.unref();
  return timer;
}

function startJobs() {
  if (state.__cpsJobs) return;
  state.__cpsJobs = [
    every(inboxRetrySeconds(), "inbox retry", async () => {
      const done = await retryFailedPushes(rawDb());
      return done.length ? { retried: done.length, stillFailed: done.filter((d) => d.outcome === "failed").length } : null;
    }),
    // Refused callback requests past their retention; one instance at a time (a lease).
    every(inboxRetentionSeconds(), "inbox retention", async () => {
      const r = await runInboxRetention(rawDb(), inboxRejectedRetentionDays());
      return r && r.deleted ? { deleted: r.deleted, more: r.more, retentionDays: inboxRejectedRetentionDays() } : null;
    }),
    every(settlementSeconds(), "settlement", async () => {
      const settled = await runSettlement(rawDb());
      return settled ? { settled } : null;
    }),
    // Yesterday's visitor-hash salt goes even on a day without a click.
    every(3600, "click salts", async () => {
      const deleted = await rawDb().run(() => deleteOldSalts(beijingDay(new Date())));
      return deleted ? { deleted } : null;
    }),
    // Off without API credentials: scheduledSync returns null.
    every(reconcileSeconds(), "reconciliation", async () => {
      const r = await scheduledSync(reconcileDays());
      return r && r.status !== "busy" ? { ...r } : null;
    }),
    // Off-site notifications (WeChat, Web Push, robots): every instance takes a share (leased rows).
    every(notifyDeliverySeconds(), "notification delivery", async () => {
      const r = await runDelivery(rawDb(), defaultChannels);
      return r.dispatched || r.sent || r.retried || r.failed || r.dropped ? { ...r } : null;
    }),
    // Operator alerts: one instance at a time evaluates (a lease), with this instance's job health.
    every(alertSeconds(), "alerts", async () => {
      const lease = await acquireLease(rawDb(), "alerts", alertSeconds() * 2);
      if (!lease) return null;
      try {
        const changes = await runAlerts(rawDb(), defaultChannels, new Date(), jobFailures());
        rememberAlarmRobots(await rawDb().run(() => defaultChannels.robotsFor("database_down")));
        return changes.opened.length || changes.resolved.length ? { ...changes } : null;
      } finally {
        await lease.release();
      }
    }),
  ];
  state.__cpsJobs.push(databaseHeartbeat());
}

/** Probes the database every 10 s: the alarm the outbox cannot carry (lib/notify/db-alarm.ts). */
function databaseHeartbeat() {
  const timer = setInterval(async () => {
    let ok = true;
    try {
      await pingDatabase();
    } catch {
      ok = false;
    }
    const outcome = await noteDatabase(ok, defaultChannels, rawDb()).catch(() => null);
    if (outcome === "alerted") log.error("database unreachable for 30 s: operators alerted");
    if (outcome === "recovered") log.info("database answers again: operators told");
  }, 10_000);
  timer.unref();
  return timer;
}

/**
 * Before the process exits, queued clicks are written and the read pool's workers are stopped: Next's own
 * SIGTERM/SIGINT handler closes the server and then calls process.exit, so the exit waits (at most 5 s) for both.
 */
function drainBeforeExit() {
  const flag = globalThis as unknown as { __cpsClickExit?: boolean };
  if (flag.__cpsClickExit) return;
  flag.__cpsClickExit = true;
  const exit = process.exit.bind(process);
  let exiting = false;
  process.exit = ((code?: number | string | null) => {
    if (exiting) return exit(code);
    exiting = true;
    const writer = clickWriter();
    const pool = currentDbConfig().kind === "sqlite" ? readPool() : null;
    const cap = setTimeout(() => exit(code), 5_000);
    void Promise.all([writer.busy ? writer.flush() : undefined, pool?.close()]).finally(() => (clearTimeout(cap), exit(code)));
  }) as typeof process.exit;
}
