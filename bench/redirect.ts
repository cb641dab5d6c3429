// Short-link redirect benchmark: GET /s/{code} on the production server at a constant arrival rate (open loop:
// each request leaves at its scheduled time whether or not earlier ones have answered, and its latency counts from
// that time), against a few thousand codes; then a check that every click answered is in the database.
//
//   npx tsx bench/redirect.ts [--db sqlite|postgres|both] [--rate 200] [--seconds 20] [--warmup 5] [--codes 3000] [--build]
//
// Target: p99 < 20 ms at 200 req/s on each database; GET /api/ping at the same rate is measured first, as the
// framework's floor on the machine at that moment. Exit 1 when a request failed or a click is missing.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { randomBytes } from "node:crypto";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import pg from "pg";
import {
  argValue, baseEnv, buildIfNeeded, ROOT, createPgDb, dropPgDb, flag, newestSourceAfterBuild, numArg, percentile, round, sendOnce, sleep, startServer, stopServer,
  stopServerOnExit, tail, type Server,
} from "./lib/common";

const RATE = numArg("--rate", 200);
const SECONDS = numArg("--seconds", 20);
const WARMUP = numArg("--warmup", 5);
const CODES = Math.floor(numArg("--codes", 3000));
const dbArg = argValue("--db") ?? "both";
if (!["sqlite", "postgres", "both"].includes(dbArg)) throw new Error(`--db must be sqlite, postgres or both, got ${dbArg}`);
const DBS = (dbArg === "both" ? ["sqlite", "postgres"] : [dbArg]) as ("sqlite" | "postgres")[];
const BASE_PORT = numArg("--port", 3221);
const TARGET_P99_MS = 20;

const AGENTS = [
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47 NetType/WIFI Language/zh_CN",
  "Mozilla/5.0 (Linux; Android 14; V2309A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36 MicroMessenger/8.0.44",
  "Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 AlipayClient/10.5.0",
  "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
];

let server: Server | undefined;
let tmpDir: string | undefined;
let pgName: string | undefined;

async function cleanup() {
  await stopServer(server);
  server = undefined;
  if (pgName) await dropPgDb(pgName);
  pgName = undefined;
  if (tmpDir) rmSync(tmpDir, { recursive: true, force: true });
  tmpDir = undefined;
}
stopServerOnExit(() => server, cleanup);

/** Members, an activity per ten members, their links and short codes, written with the app's own typed queries. */
async function seed(count: number): Promise<string[]> {
  const { rawDb, ready, closeDb } = await import("../lib/db");
  const { q } = await import("../lib/db/query");
  const { newCode } = await import("../lib/links/codes");
  await ready();
  const now = new Date();
  const acts = await rawDb().rows(
    q.insertInto("activities").values(Array.from({ length: 5 }, (_, i) => ({ actId: `bench${i}`, name: `压测活动 ${i}`, enabled: true, createdAt: now, updatedAt: now }))).returning("id"),
  );
  const codes: string[] = [];
  const CHUNK = 500;
  for (let i = 0; i < count; i += CHUNK) {
    const n = Math.min(CHUNK, count - i);
    const members = Array.from({ length: n }, (_, j) => {
      const k = i + j;
      return { id: `bench-${k}-${randomBytes(4).toString("hex")}`, username: `bench${k}@example.com`, passwordHash: "!", sid: randomBytes(8).toString("hex"), inviteCode: randomBytes(5).toString("hex"), createdAt: now, updatedAt: now };
    });
    const links = members.map((m, j) => ({ memberId: m.id, activityId: acts[(i + j) % acts.length].id, linkType: "h5_short", url: `https://click.meituan.com/t?t=1&p=bench&sid=${m.sid}`, createdAt: now }));
    const shorts = links.map((l) => ({ code: newCode(), memberId: l.memberId, activityId: l.activityId, linkType: l.linkType, createdAt: now }));
    await rawDb().rows(q.insertInto("users").values(members));
    await rawDb().rows(q.insertInto("promotion_links").values(links));
    await rawDb().rows(q.insertInto("short_links").values(shorts));
    codes.push(...shorts.map((s) => s.code));
  }
  await closeDb();
  return codes;
}

/** Clicks stored and the rollup's sum, read on a connection of the bench's own (read-only on SQLite). */
async function storedClicks(url: string): Promise<{ rows: number; rolled: number }> {
  const ROWS = `SELECT count(*) AS n FROM link_clicks`;
  const ROLLED = `SELECT COALESCE(SUM(clicks + "botClicks"), 0) AS n FROM link_click_daily`;
  if (url.startsWith("file:")) {
    const db = new Database(url.slice("file:".length), { readonly: true, fileMustExist: true });
    try {
      return { rows: Number((db.prepare(ROWS).get() as { n: number }).n), rolled: Number((db.prepare(ROLLED).get() as { n: number }).n) };
    } finally {
      db.close();
    }
  }
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return { rows: Number((await c.query(ROWS)).rows[0].n), rolled: Number((await c.query(ROLLED)).rows[0].n) };
  } finally {
    await c.end();
  }
}

interface Phase {
  sent: number;
  redirected: number;
  failures: Record<string, number>;
  latencies: number[];
  seconds: number;
}

/** `seconds` of requests at `rate` per second, each sent at its scheduled time; latency from that time. */
async function openLoop(port: number, codes: string[] | null, rate: number, seconds: number): Promise<Phase> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const total = Math.round(rate * seconds);
  const interval = 1000 / rate;
  const out: Phase = { sent: 0, redirected: 0, failures: {}, latencies: [], seconds };
  const pending: Promise<void>[] = [];
  const t0 = performance.now();
  for (let i = 0; i < total; i++) {
    const due = t0 + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const ua = AGENTS[i % AGENTS.length];
    const target = codes ? `/s/${codes[Math.floor(Math.random() * codes.length)]}` : "/api/ping";
    out.sent++;
    pending.push(
      sendOnce(agent, port, "GET", target, { "user-agent": ua, referer: "https://mp.weixin.qq.com/s/bench" }, undefined, 10_000).then((r) => {
        out.latencies.push(performance.now() - due);
        if (!(r instanceof Error) && r.status === (codes ? 302 : 200)) out.redirected++;
        else {
          const kind = r instanceof Error ? ((r as NodeJS.ErrnoException).code ?? r.message) : `HTTP ${r.status}`;
          out.failures[kind] = (out.failures[kind] ?? 0) + 1;
        }
      }),
    );
  }
  await Promise.all(pending);
  out.seconds = (performance.now() - t0) / 1000;
  agent.destroy();
  return out;
}

async function benchOne(db: "sqlite" | "postgres", port: number) {
  tmpDir = mkdtempSync(path.join(os.tmpdir(), "mt-cps-redirect-"));
  const dataDir = path.join(tmpDir, "data");
  mkdirSync(dataDir);
  const logFile = path.join(tmpDir, "server.log");
  let url = `file:${path.join(dataDir, "app.db")}`;
  if (db === "postgres") {
    const d = await createPgDb("bench_redirect");
    pgName = d.name;
    url = d.url;
  }
  process.env.DATABASE_URL = url;
  process.env.DATA_DIR = dataDir;
  const t0 = Date.now();
  const codes = await seed(CODES);
  console.log(`[${db}] seeded ${codes.length} members, links and short codes in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  server = await startServer(port, baseEnv({ DATABASE_URL: url, DATA_DIR: dataDir, NEXTAUTH_URL: `http://127.0.0.1:${port}`, LOG_LEVEL: "warn" }), logFile);
  console.log(`[${db}] server up on :${port} (pid ${server.child.pid}), log ${logFile}`);

  const warm = await openLoop(port, codes, RATE, WARMUP);
  // The framework's own floor on this machine now: GET /api/ping at the same rate, for comparison.
  const floor = await openLoop(port, null, RATE, Math.min(SECONDS, 10));
  const floorSorted = Float64Array.from(floor.latencies).sort();
  const run = await openLoop(port, codes, RATE, SECONDS);
  const answered = warm.redirected + run.redirected;

  // Every click answered must be stored: wait for the writer to drain, then count.
  let stored = await storedClicks(url);
  for (let i = 0; i < 40 && stored.rows < answered; i++) {
    await sleep(250);
    stored = await storedClicks(url);
  }
  await stopServer(server); // SIGTERM: the server flushes what is still queued before it exits
  server = undefined;
  stored = await storedClicks(url);

  const sorted = Float64Array.from(run.latencies).sort();
  const failures = Object.entries(run.failures).concat(Object.entries(warm.failures));
  const result = {
    db,
    loadAverage: round(os.loadavg()[0], 1),
    rate: RATE,
    seconds: round(run.seconds, 1),
    achievedRate: round(run.sent / run.seconds, 1),
    requests: run.sent,
    p50: round(percentile(sorted, 0.5)),
    p95: round(percentile(sorted, 0.95)),
    p99: round(percentile(sorted, 0.99)),
    max: round(sorted[sorted.length - 1] ?? NaN),
    failed: failures.reduce((t, [, n]) => t + n, 0),
    pingFloor: { p50: round(percentile(floorSorted, 0.5)), p95: round(percentile(floorSorted, 0.95)), p99: round(percentile(floorSorted, 0.99)) },
    clicksAnswered: answered,
    clicksStored: stored.rows,
    rollupSum: stored.rolled,
    // A request the client gave up on may still have been served and recorded: stored may exceed answered, but
    // never the requests sent, and never fall short of the clicks answered.
    sent: warm.sent + run.sent,
    lost: Math.max(0, answered - stored.rows),
    overcounted: Math.max(0, stored.rows - (warm.sent + run.sent)),
  };
  console.log(
    `[${db}] ${result.requests} requests in ${result.seconds} s (${result.achievedRate}/s): p50 ${result.p50} ms · p95 ${result.p95} ms · p99 ${result.p99} ms · max ${result.max} ms; ` +
      `failed ${result.failed}${failures.length ? ` (${failures.map(([k, n]) => `${k}: ${n}`).join(", ")})` : ""}; ` +
      `clicks sent ${result.sent}, answered ${answered} (warm-up included), stored ${stored.rows}, rollup ${stored.rolled}, lost ${result.lost}` +
      `  ${result.p99 < TARGET_P99_MS ? "✓" : "✗"} p99 target < ${TARGET_P99_MS} ms` +
      `\n[${db}] framework floor now (GET /api/ping, same rate): p50 ${result.pingFloor.p50} ms · p95 ${result.pingFloor.p95} ms · p99 ${result.pingFloor.p99} ms`,
  );
  if (result.lost !== 0 || result.overcounted !== 0 || stored.rolled !== stored.rows) console.log(`[${db}] server log tail:\n${tail(logFile)}`);
  await cleanup();
  return result;
}

/** One process per database: the app's modules read their configuration once per process. */
function eachDatabaseApart(): number {
  const args = process.argv.slice(2).filter((a, i, all) => a !== "--db" && all[i - 1] !== "--db" && a !== "--build");
  let code = 0;
  for (const db of DBS) {
    const r = spawnSync(process.execPath, [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), fileURLToPath(import.meta.url), "--db", db, ...args], { stdio: "inherit" });
    code ||= r.status ?? 1;
  }
  return code;
}

async function main(): Promise<number> {
  const buildId = await buildIfNeeded(flag("--build"));
  if (DBS.length > 1) return eachDatabaseApart();
  const newer = newestSourceAfterBuild();
  if (newer) console.log(`WARNING: the production build is older than ${newer}: the numbers are for the old code; pass --build to rebuild.`);
  console.log(`redirect bench: ${RATE} req/s open loop, ${SECONDS} s (+${WARMUP} s warm-up), ${CODES} codes, build ${buildId}, ${os.cpus().length} CPUs, node ${process.version}`);
  const load = os.loadavg()[0];
  console.log(`load average now: ${load.toFixed(1)} on ${os.cpus().length} CPUs${load > os.cpus().length ? "  (WARNING: the machine is busy; latencies include waiting for a CPU — compare with the ping floor)" : ""}`);
  const results = [];
  for (const [i, db] of DBS.entries()) results.push(await benchOne(db, BASE_PORT + i));
  console.log(JSON.stringify(results));
  return results.every((r) => r.failed === 0 && r.lost === 0 && r.overcounted === 0 && r.rollupSum === r.clicksStored) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    void cleanup().finally(() => process.exit(1));
  },
);
