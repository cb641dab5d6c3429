// npm run seed:large -- [--orders N] [--members N] [--reset] [--seed N] [--analyze | --no-analyze]
//
// Fills the database the app would use (DATABASE_URL, else $DATA_DIR/app.db) with a large, realistic data set:
// by default 1,000,000 orders over the last 365 days for 100,000 members in a three-level referral tree, with
// their inbox pushes, order events, commission ledger (3 levels) and its events, withdrawals and audit rows.
// See scripts/seed/model.ts for what the data looks like. Migrates first; refuses a non-empty database unless
// --reset, which deletes the rows the seed writes (the migration-seeded commission rule version 1 stays).
//
// Bypasses Prisma for speed (scripts/seed/sinks.ts). Deterministic for a given --seed (times are relative to now).
// At the end: an admin admin@example.com / Admin-Pass-123 (lib/accounts/register.ts upsertAdmin); every seeded
// member (and the operator seed-ops@example.com, an admin) has the password Seed-Pass-123.
//
// --analyze (default on PostgreSQL, where autovacuum would do it anyway): VACUUM ANALYZE / ANALYZE at the end.
// SQLite defaults to no ANALYZE, as the app never runs it: the planner works like it would in production.
import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";
import { dbConfig } from "../lib/db/config";
import { migrate } from "../lib/db/migrate";
import { hashPassword } from "../lib/auth/password";
import { seedLarge, SEED_TABLES, SERIAL_TABLES } from "./seed/model";
import { PgSink, SqliteSink, type Sink } from "./seed/sinks";
import { fmtDuration } from "./seed/progress";

try {
  process.loadEnvFile();
} catch {
  // no .env: the environment alone is used
}

const SEED_MEMBER_PASSWORD = "Seed-Pass-123";
const ADMIN_USERNAME = "admin@example.com";
const ADMIN_PASSWORD = "Admin-Pass-123";

const { values } = parseArgs({
  options: {
    orders: { type: "string" },
    members: { type: "string" },
    seed: { type: "string" },
    reset: { type: "boolean", default: false },
    analyze: { type: "boolean" },
    "no-analyze": { type: "boolean" },
    help: { type: "boolean", short: "h" },
  },
});

if (values.help) {
  console.log("usage: npm run seed:large -- [--orders N (1000000)] [--members N (100000)] [--reset] [--seed N (20261128)] [--analyze | --no-analyze]");
  process.exit(0);
}

function count(name: string, v: string | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  const n = Number(v.replace(/_/g, ""));
  if (!Number.isInteger(n) || n < 1) {
    console.error(`--${name} must be a positive integer, got ${v}`);
    process.exit(2);
  }
  return n;
}

const orders = count("orders", values.orders, 1_000_000);
const members = count("members", values.members, 100_000);
const seed = count("seed", values.seed, 20261128);

async function main() {
  const t0 = performance.now();
  const config = dbConfig();
  const where = config.kind === "pg" ? config.url.replace(/:[^:@/]*@/, ":***@") : config.file;
  console.error(`seed:large → ${config.kind} ${where}: ${orders.toLocaleString()} orders, ${members.toLocaleString()} members, seed ${seed}`);
  const applied = await migrate(config);
  if (applied.length) console.error(`  migrations applied: ${applied.join(", ")}`);

  const sink: Sink = config.kind === "pg" ? await PgSink.open(config.url) : new SqliteSink(config.file);
  const analyze = values["no-analyze"] ? false : (values.analyze ?? config.kind === "pg");
  let summary;
  try {
    const existing = await sink.counts([...SEED_TABLES]);
    const nonEmpty = Object.entries(existing).filter(([, n]) => n > 0);
    if (nonEmpty.length) {
      const what = nonEmpty.map(([t, n]) => `${t}: ${n.toLocaleString()}`).join(", ");
      if (!values.reset) {
        console.error(`the database is not empty (${what}); pass --reset to delete those rows first`);
        process.exitCode = 2;
        return;
      }
      const tr = performance.now();
      console.error(`  --reset: deleting ${what}`);
      await sink.reset([...SEED_TABLES]);
      console.error(`  deleted in ${((performance.now() - tr) / 1000).toFixed(1)} s`);
    }

    const passwordHash = await hashPassword(SEED_MEMBER_PASSWORD);
    summary = await seedLarge(sink, {
      orders, members, seed, now: Date.now(), passwordHash, dialect: config.kind, log: (l) => console.error(l),
    });
    await sink.fixSequences(SERIAL_TABLES);
    if (analyze) {
      const ta = performance.now();
      console.error(`  ${config.kind === "pg" ? "VACUUM (ANALYZE)" : "ANALYZE"}…`);
      await sink.analyze();
      console.error(`  done in ${((performance.now() - ta) / 1000).toFixed(1)} s`);
    }
  } finally {
    await sink.close();
  }

  // The admin through the app's own code path (argon2 hash, referral closure row, audit-free upsert).
  const { upsertAdmin } = await import("../lib/accounts/register");
  const { closeDb, rawDb } = await import("../lib/db");
  try {
    const r = await upsertAdmin(ADMIN_USERNAME, ADMIN_PASSWORD);
    summary.rows.users += r === "created" ? 1 : 0;
    summary.rows.referral_paths += r === "created" ? 1 : 0;
    // The rows went in around the app's writes: the dashboard's rollups are computed from them once, at the end.
    const { rebuildRollups } = await import("../lib/rollups/rebuild");
    const tr = performance.now();
    const { days } = await rebuildRollups(rawDb());
    console.error(`  rollups: ${days} days rebuilt in ${((performance.now() - tr) / 1000).toFixed(1)} s`);
  } finally {
    await closeDb();
  }

  const elapsed = (performance.now() - t0) / 1000;
  const total = Object.values(summary.rows).reduce((a, b) => a + b, 0);
  console.log(`\nseed:large done in ${fmtDuration(elapsed)} (${elapsed.toFixed(1)} s) on ${config.kind} ${where}`);
  console.log(`rows written (${total.toLocaleString()} in all, ${Math.round(total / elapsed).toLocaleString()} rows/s overall):`);
  for (const [t, n] of Object.entries(summary.rows)) console.log(`  ${t.padEnd(18)} ${n.toLocaleString().padStart(12)}`);
  console.log(`logins:`);
  console.log(`  admin:  ${ADMIN_USERNAME} / ${ADMIN_PASSWORD}`);
  console.log(`  member: ${summary.heaviestMember.username} / ${SEED_MEMBER_PASSWORD}  (the member with the most orders: ${summary.heaviestMember.orders.toLocaleString()}, sid ${summary.heaviestMember.sid})`);
  console.log(`  every seeded member has the password ${SEED_MEMBER_PASSWORD}; operator ${summary.opsAdmin} (admin) too`);
  console.log(`sample orderids: ${summary.sampleOrderIds.join(", ")}`);
}

main().catch((e) => {
  console.error(`\nseed:large failed: ${e instanceof Error ? (e.stack ?? e.message) : e}`);
  process.exit(1);
});
