// GET /api/health: can we reach the database, and are the background jobs keeping up. 503 when the database is
// not reachable, so a load balancer takes the instance out.
import { sql } from "kysely";
import { currentDbConfig, rawDb, ready } from "./db";
import { q } from "./db/query";
import { callbackSecrets } from "./meituan/secrets";

/** One trivial statement: does the database answer (health, and the heartbeat behind the database alarm). */
export const pingDatabase = () => rawDb().rows(q.selectNoFrom(sql.lit(1).as("one")));

export async function health() {
  const started = Date.now();
  try {
    await ready();
    const raw = rawDb();
    await pingDatabase();
    const latencyMs = Date.now() - started;
    const count = sql<number>`COUNT(*)`;
    const [jobs] = await raw.rows(
      q.selectNoFrom((eb) => [
        eb.selectFrom("inbox_pushes").select(count.as("n")).where("outcome", "=", "failed").as("failedPushes"),
        // MAX of a date column has no declared type: SQLite gives its text, PostgreSQL a Date.
        eb.selectFrom("inbox_pushes").select(sql<Date | string | null>`MAX("receivedAt")`.as("at")).as("lastPushAt"),
        eb.selectFrom("sync_runs").select(sql<Date | string | null>`MAX("finishedAt")`.as("at")).where("status", "=", "done").as("lastSyncAt"),
        eb.selectFrom("job_locks").select(count.as("n")).where("lockedUntil", ">", new Date()).as("jobsRunning"),
        eb.selectFrom("commissions").select(count.as("n")).where("status", "=", "pending").where("availableAt", "<=", new Date(Date.now() - 3600_000)).as("settlementDue"),
      ]),
    );
    const iso = (v: Date | string | null) => (v ? new Date(v).toISOString() : null);
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
