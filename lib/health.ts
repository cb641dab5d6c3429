// GET /api/health: can we reach the database, and are the background jobs keeping up. 503 when the database is
// not reachable, so a load balancer takes the instance out.
import { currentDbConfig, rawDb, ready } from "./db";
import { callbackSecrets } from "./meituan/secrets";

export async function health() {
  const started = Date.now();
  try {
    await ready();
    const raw = rawDb();
    await raw.query("SELECT 1");
    const latencyMs = Date.now() - started;
    const [jobs] = await raw.query(
      `SELECT (SELECT COUNT(*) FROM inbox_pushes WHERE "outcome" = 'failed') AS "failedPushes",
         (SELECT MAX("receivedAt") FROM inbox_pushes) AS "lastPushAt",
         (SELECT MAX("finishedAt") FROM sync_runs WHERE "status" = 'done') AS "lastSyncAt",
         (SELECT COUNT(*) FROM job_locks WHERE "lockedUntil" > ?) AS "jobsRunning",
         (SELECT COUNT(*) FROM commissions WHERE "status" = 'pending' AND "availableAt" <= ?) AS "settlementDue"`,
      [new Date(), new Date(Date.now() - 3600_000)],
    );
    const iso = (v: unknown) => (v ? new Date(v as string | Date).toISOString() : null);
    return Response.json(
      {
        ok: true,
        database: { kind: currentDbConfig().kind, latencyMs },
        callbackSecretConfigured: callbackSecrets().length > 0,
        jobs: {
          failedPushesWaiting: Number(jobs.failedPushes),
          lastPushAt: iso(jobs.lastPushAt),
          lastSuccessfulSyncAt: iso(jobs.lastSyncAt),
          running: Number(jobs.jobsRunning),
          // Commission rows more than an hour past their settlement time: the settlement job is not running.
          settlementOverdue: Number(jobs.settlementDue),
        },
      },
      { headers: { "cache-control": "no-store" } },
    );
  } catch (e) {
    return Response.json(
      { ok: false, database: { kind: currentDbConfig().kind, error: e instanceof Error ? e.message.split("\n")[0].slice(0, 200) : "unreachable" } },
      { status: 503, headers: { "cache-control": "no-store" } },
    );
  }
}
