// Callback benchmark: the Meituan push path (POST /api/meituan/callback, half the pushes attributed three levels
// deep) against the framework's floor on the production server, in N alternating runs (floors, app, floors, app …
// at each concurrency), judged on the medians over the runs; then a check that every acknowledged push was stored.
//
// Two floors, both constant-reply routes: GET /api/ping (no body), and POST /api/ping with a push's body of the
// same shape and size, which it reads (lib/http/body.ts, as the callback does) before answering. The verdict is
// against the POST floor: receiving a POST body costs Next.js more than a GET (a web stream over the request, a
// Request object), and that cost is the framework's, not the push path's. The GET ratios are printed too.
//
//   npx tsx bench/callback.ts [--db sqlite|postgres] [--runs N] [--seconds N] [--warmup N] [--gc-trace]
//                             [--data-dir DIR | --database-url URL] [--out FILE] [--build] [--max-requests N] [--keep]
//   npm run bench:callback -- --db postgres --runs 5
//
// --data-dir / --database-url: push into an existing (seeded) database instead of a fresh one (bench/growth.ts);
// only this run's orders are read back. --gc-trace: the server loads bench/lib/server-diag.cjs (GC pauses, event
// loop delay, loop stalls) and each run's slowest 1 % is attributed to GC, busy or waiting stalls, or none.
//
// All runs share one server process, warmed up once: the production server is one long-lived process, a fresh one
// per pair would add JIT warm-up to every pair, and the floor and the app of a pair then see the same heap, page
// cache and machine. The pairs alternate so that the machine's noise (two cores shared with other work) falls on
// both alike; the per-pair ratios' median is the verdict.
//
// Targets (medians over the runs): callback req/s ÷ POST floor req/s at 50 senders ≥ 0.85 (SQLite) / ≥ 0.8 (PostgreSQL);
// callback p99 ≤ 1.5 × floor p99 at 10 senders and ≤ 2 × at 50 senders. Target misses are reported, not fatal.
// Exit 1 only when a request failed or an acknowledged push is missing. Results: bench/results/callback-<db>.json.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import {
  argValue, buildIfNeeded, commCpuByPid, commCpuDelta, comparePushes, createPgDb, dropPgDb, flag, freePort, median, newestSourceAfterBuild, numArg, OK_BODY, pad,
  percentile, pgBackendCpuSeconds, pgDbNameOf, procCpuSeconds, PushMix, readPushState, registerChain, ROOT, round, sendOnce, sleep, startServer,
  stopServer, stopServerOnExit, systemCpuSeconds, tail, type Push, type Server,
} from "./lib/common";
import { diagEnv, diagSnapshot, tailCauses, type TailCauses } from "./lib/diag";

// ---------------------------------------------------------------------------------------------- options

const SECRET = "bench_secret";
const PING_BODY = JSON.stringify({ ok: true });
const CONCURRENCIES = [50, 10] as const;

const SECONDS = numArg("--seconds", 10);
const WARMUP_SECONDS = numArg("--warmup", 5);
const RUNS = Math.floor(numArg("--runs", 5));
const MAX_REQUESTS = Math.floor(numArg("--max-requests", 500_000));
const FORCE_BUILD = flag("--build");
const KEEP = flag("--keep");
const GC_TRACE = flag("--gc-trace");
const OUT = argValue("--out");
const DATA_DIR_ARG = argValue("--data-dir");
const DATABASE_URL_ARG = argValue("--database-url");
const dbArg = argValue("--db");
const DB: "sqlite" | "postgres" =
  dbArg === "postgres" || dbArg === "pg" || (!dbArg && (DATABASE_URL_ARG || process.env.BENCH_DATABASE_URL)) ? "postgres" : "sqlite";
if (dbArg && !["sqlite", "postgres", "pg"].includes(dbArg)) throw new Error(`--db must be sqlite or postgres, got ${dbArg}`);
if (DB === "postgres" && DATA_DIR_ARG) throw new Error("--data-dir is for SQLite; on PostgreSQL pass --database-url");
if (DB === "sqlite" && DATABASE_URL_ARG) throw new Error("--database-url is for PostgreSQL (--db postgres)");
const TARGETS = { throughputRatio: DB === "sqlite" ? 0.85 : 0.8, p99Ratio10: 1.5, p99Ratio50: 2 } as const;

// ---------------------------------------------------------------------------------------------- load generator

interface RunResult {
  scenario: ScenarioName;
  phase: "warmup" | "measure";
  /** 1…RUNS for measured runs, 0 for warm-ups. */
  run: number;
  concurrency: number;
  requests: number;
  ok: number;
  errors: number;
  errorKinds: Record<string, number>;
  seconds: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
  /** CPU used during the run, in % of one core: the server process and this load generator. */
  serverCpuPct: number | null;
  generatorCpuPct: number;
  /** PostgreSQL: this database's backends, and every postgres process (background writers and other databases too). */
  pgCpuPct: number | null;
  pgAllCpuPct: number;
  /** CPU used by everything else on the machine (not the server, generator or any postgres), % of one core. */
  otherCpuPct: number | null;
  loadAverage1: number;
  /** With --gc-trace: what the slowest 1 % overlapped (bench/lib/diag.ts). */
  tail: TailCauses | null;
}

/** ping: GET /api/ping; post: POST /api/ping with a push-sized body; callback: the push path. */
type ScenarioName = "ping" | "post" | "callback";
type FloorName = Exclude<ScenarioName, "callback">;
const VERDICT_FLOOR: FloorName = "post";

interface Scenario<T> {
  name: ScenarioName;
  make: () => { method: string; path: string; headers?: http.OutgoingHttpHeaders; body?: Buffer; ctx: T };
  expect: string;
  onOk?: (ctx: T) => void;
}

async function runLoad<T>(port: number, s: Scenario<T>, concurrency: number, seconds: number, phase: RunResult["phase"], run: number): Promise<RunResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency, maxFreeSockets: concurrency });
  const cap = MAX_REQUESTS;
  const lat = new Float64Array(cap);
  const starts = new Float64Array(cap);
  const errorKinds: Record<string, number> = {};
  let issued = 0;
  let done = 0;
  let ok = 0;
  if (diagFile && server) await diagSnapshot(server.child.pid!, diagFile); // resets the server's counters
  const loadAverage1 = round(os.loadavg()[0], 2);
  const serverCpu0 = procCpuSeconds(server?.child.pid);
  const sysCpu0 = systemCpuSeconds();
  const pg0 = pgDbName ? pgBackendCpuSeconds(pgDbName) : null;
  const pgAll0 = commCpuByPid("postgres");
  const genCpu0 = process.cpuUsage();
  const start = performance.now();
  const deadline = start + seconds * 1000;

  async function sender() {
    while (issued < cap && performance.now() < deadline) {
      issued++;
      const r = s.make();
      const t0 = performance.now();
      const reply = await sendOnce(agent, port, r.method, r.path, r.headers, r.body);
      starts[done] = performance.timeOrigin + t0;
      lat[done++] = performance.now() - t0;
      let kind: string | null = null;
      if (reply instanceof Error) kind = `network: ${(reply as NodeJS.ErrnoException).code ?? reply.message}`;
      else if (reply.status !== 200) kind = `HTTP ${reply.status}: ${reply.body.slice(0, 80)}`;
      else if (reply.body !== s.expect) kind = `HTTP 200 unexpected body: ${reply.body.slice(0, 80)}`;
      if (kind === null) {
        ok++;
        s.onOk?.(r.ctx);
      } else errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
    }
  }
  await Promise.all(Array.from({ length: concurrency }, sender));
  const elapsed = (performance.now() - start) / 1000;
  const serverCpu1 = procCpuSeconds(server?.child.pid);
  const sysCpu1 = systemCpuSeconds();
  const genCpu = process.cpuUsage(genCpu0);
  const pg1 = pgDbName ? pgBackendCpuSeconds(pgDbName) : null;
  const pgAll = commCpuDelta(pgAll0, commCpuByPid("postgres"));
  agent.destroy();
  const snap = diagFile && server ? await diagSnapshot(server.child.pid!, diagFile) : null;

  const sorted = lat.slice(0, done).sort();
  let sum = 0;
  for (let i = 0; i < done; i++) sum += sorted[i];
  const p99 = percentile(sorted, 0.99);
  const pct = (cpuSeconds: number) => round((100 * cpuSeconds) / elapsed, 0);
  const gen = (genCpu.user + genCpu.system) / 1e6;
  return {
    scenario: s.name, phase, run, concurrency, requests: done, ok, errors: done - ok, errorKinds,
    seconds: round(elapsed, 3), rps: round(done / elapsed, 1),
    p50: round(percentile(sorted, 0.5), 2), p90: round(percentile(sorted, 0.9), 2), p99: round(p99, 2),
    max: round(done ? sorted[done - 1] : NaN, 2), mean: round(done ? sum / done : NaN, 2),
    serverCpuPct: serverCpu0 !== null && serverCpu1 !== null ? pct(serverCpu1 - serverCpu0) : null,
    generatorCpuPct: pct(gen),
    pgCpuPct: pg0 !== null && pg1 !== null ? pct(pg1 - pg0) : null,
    pgAllCpuPct: pct(pgAll),
    otherCpuPct:
      serverCpu0 !== null && serverCpu1 !== null && sysCpu0 !== null && sysCpu1 !== null
        ? Math.max(0, pct(sysCpu1 - sysCpu0 - (serverCpu1 - serverCpu0) - gen - pgAll))
        : null,
    loadAverage1,
    tail: snap ? tailCauses(snap, starts, lat, done, p99) : null,
  };
}

// ---------------------------------------------------------------------------------------------- verification

interface Verification {
  acknowledged: number;
  storedValid: number;
  missingPushes: number;
  ordersMissingPushes: number;
  newOrdersSent: number;
  newOrdersAcknowledged: number;
  commissionRows: number;
  ordersStored: number;
  missingOrders: number;
  statusBehind: number;
  inboxOutcomes: Record<string, number>;
}

async function verify(mix: PushMix, sqliteFile: string | null, pgUrl: string | null): Promise<Verification> {
  const state = await readPushState(sqliteFile, pgUrl, mix.orderIdRange());
  const c = comparePushes(mix, state);
  return {
    acknowledged: mix.ackedTotal, storedValid: [...state.byOrder.values()].reduce((a, b) => a + b, 0), missingPushes: c.missingPushes,
    ordersMissingPushes: c.ordersMissingPushes, newOrdersSent: mix.newSent, newOrdersAcknowledged: mix.ackedNew, ordersStored: state.statuses.size,
    missingOrders: c.missingOrders, statusBehind: c.statusBehind, commissionRows: state.commissionRows, inboxOutcomes: state.outcomes,
  };
}

// ---------------------------------------------------------------------------------------------- report

const cpuCell = (v: number | null) => (v === null ? "-" : `${v}%`);

function printTable(runs: RunResult[]) {
  const head = [pad("run", 3), pad("scenario", 10, true), pad("senders", 7), pad("requests", 9), pad("req/s", 9), pad("p50 ms", 8), pad("p90 ms", 8), pad("p99 ms", 8), pad("max ms", 8), pad("errors", 6), pad("srv cpu", 7), pad("gen cpu", 7), pad("pg cpu", 6), pad("other", 6), pad("load1", 5)];
  console.log(head.join("  "));
  console.log("-".repeat(head.join("  ").length));
  for (const r of runs) {
    console.log(
      [pad(r.run, 3), pad(r.scenario, 10, true), pad(r.concurrency, 7), pad(r.requests, 9), pad(r.rps.toFixed(1), 9), pad(r.p50.toFixed(2), 8), pad(r.p90.toFixed(2), 8), pad(r.p99.toFixed(2), 8), pad(r.max.toFixed(1), 8), pad(r.errors, 6), pad(cpuCell(r.serverCpuPct), 7), pad(`${r.generatorCpuPct}%`, 7), pad(DB === "postgres" ? cpuCell(r.pgCpuPct) : "-", 6), pad(cpuCell(r.otherCpuPct), 6), pad(r.loadAverage1.toFixed(2), 5)].join("  "),
    );
  }
}

function printTails(runs: RunResult[]) {
  const head = [pad("run", 3), pad("scenario", 10, true), pad("senders", 7), pad("p99 ms", 8), pad("slow", 5), pad("GC %", 5), pad("busy %", 6), pad("desched %", 9), pad("blocked %", 9), pad("other %", 7), pad("GC ms", 6), pad("majors", 6), pad("stall cpu/runq/blocked ms", 25), pad("loop p99", 8), pad("loop max", 8)];
  console.log(head.join("  "));
  console.log("-".repeat(head.join("  ").length));
  for (const r of runs) {
    const t = r.tail;
    if (!t) continue;
    console.log(
      [pad(r.run, 3), pad(r.scenario, 10, true), pad(r.concurrency, 7), pad(r.p99.toFixed(1), 8), pad(t.slow, 5), pad(t.gcPct, 5), pad(t.busyPct, 6), pad(t.deschedPct, 9), pad(t.blockedPct, 9), pad(t.otherPct, 7), pad(t.gcPauseMsTotal, 6), pad(t.gcMajor, 6), pad(`${t.stallCpuMs}/${t.stallRunqMs}/${t.stallBlockedMs}`, 25), pad(t.eventLoopDelayP99Ms.toFixed(1), 8), pad(t.eventLoopDelayMaxMs.toFixed(1), 8)].join("  "),
    );
  }
  console.log(
    `(slow = requests at or above the run's p99; the % columns = share of their time the server was in GC pauses, or in event-loop stalls ≥ 20 ms ` +
      `where its main thread mostly was on the CPU (busy: its own work — queries, SQLite checkpoints, GC), runnable but without a core (desched: ` +
      `other processes had the cores), or blocked in a system call (blocked: fsync, disk reads); other = none of these (a queue, the database, ` +
      `the load generator). GC pauses are stalls too. GC ms and stall ms = the run's totals; loop = event loop delay.)`,
  );
}

interface PairSummary {
  concurrency: number;
  perRun: { run: number; rpsRatio: number; p99App: number; p99Floor: number; p99Ratio: number }[];
  median: { rpsRatio: number; p99App: number; p99Floor: number; p99Ratio: number; rpsApp: number; rpsFloor: number };
}

function pairs(runs: RunResult[], floorName: FloorName): PairSummary[] {
  return CONCURRENCIES.map((c) => {
    const perRun: PairSummary["perRun"] = [];
    for (let i = 1; i <= RUNS; i++) {
      const floor = runs.find((r) => r.run === i && r.concurrency === c && r.scenario === floorName)!;
      const app = runs.find((r) => r.run === i && r.concurrency === c && r.scenario === "callback")!;
      perRun.push({ run: i, rpsRatio: round(app.rps / floor.rps, 3), p99App: app.p99, p99Floor: floor.p99, p99Ratio: round(app.p99 / floor.p99, 3) });
    }
    const m = (f: (x: (typeof perRun)[number]) => number) => round(median(perRun.map(f)), 3);
    const rpsOf = (sc: string) => round(median(runs.filter((r) => r.concurrency === c && r.scenario === sc).map((r) => r.rps)), 1);
    return {
      concurrency: c, perRun,
      median: { rpsRatio: m((x) => x.rpsRatio), p99App: m((x) => x.p99App), p99Floor: m((x) => x.p99Floor), p99Ratio: m((x) => x.p99Ratio), rpsApp: rpsOf("callback"), rpsFloor: rpsOf(floorName) },
    };
  });
}

// ---------------------------------------------------------------------------------------------- main

let server: Server | undefined;
let pgDbName: string | undefined;
let createdPgDb: string | undefined;
let tmpDir: string | undefined;
let diagFile: string | undefined;
let cleaning: Promise<void> | undefined;

function cleanup(keepTmp: boolean): Promise<void> {
  cleaning ??= (async () => {
    await stopServer(server);
    if (createdPgDb) await dropPgDb(createdPgDb);
    if (tmpDir && !keepTmp) rmSync(tmpDir, { recursive: true, force: true });
    else if (tmpDir) console.log(`temp dir kept: ${tmpDir}`);
  })();
  return cleaning;
}

stopServerOnExit(() => server, () => cleanup(true));
process.on("uncaughtException", (e) => {
  console.error(`\nbench failed: ${e instanceof Error ? e.stack ?? e.message : e}`);
  void cleanup(true).finally(() => process.exit(1));
});

async function main(): Promise<number> {
  const buildId = await buildIfNeeded(FORCE_BUILD);
  const newer = newestSourceAfterBuild();
  if (newer) console.log(`WARNING: the production build is older than ${newer}: the numbers are for the old code; pass --build to rebuild.`);

  tmpDir = mkdtempSync(path.join(os.tmpdir(), "mt-cps-bench-"));
  let dataDir = path.join(tmpDir, "data");
  mkdirSync(dataDir);
  if (DATA_DIR_ARG) {
    dataDir = path.resolve(DATA_DIR_ARG);
    if (!existsSync(path.join(dataDir, "app.db"))) throw new Error(`${dataDir}/app.db does not exist`);
  }
  const logFile = path.join(tmpDir, "server.log");
  const port = await freePort();

  let env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ["DATABASE_URL", "NEXTAUTH_SECRET", "ADMIN_USERNAME", "ADMIN_PASSWORD", "INBOX_RETRY_SECONDS", "PORT", "NODE_ENV"]) delete env[k];
  Object.assign(env, {
    DATA_DIR: dataDir,
    MEITUAN_CALLBACK_SECRET: SECRET,
    NEXTAUTH_URL: `http://127.0.0.1:${port}`,
    NEXT_TELEMETRY_DISABLED: "1",
    LOG_LEVEL: "warn",
    REGISTER_LIMIT_PER_HOUR: "100000", // the chain is registered on every run, into the same database with --data-dir
  });
  let serverDbUrl: string | undefined;
  if (DB === "postgres") {
    if (DATABASE_URL_ARG) serverDbUrl = DATABASE_URL_ARG;
    else {
      const d = await createPgDb("bench_cb");
      createdPgDb = d.name;
      serverDbUrl = d.url;
    }
    pgDbName = pgDbNameOf(serverDbUrl);
    env.DATABASE_URL = serverDbUrl;
  }
  if (GC_TRACE) {
    diagFile = path.join(tmpDir, "diag.jsonl");
    env = diagEnv(env, diagFile);
  }

  const where = DB === "postgres" ? pgDbName : DATA_DIR_ARG ? `${dataDir}/app.db` : "fresh";
  console.log(`callback bench: db=${DB} (${where}), ${RUNS} alternating runs × ${SECONDS} s at ${CONCURRENCIES.join(" and ")} senders, ${WARMUP_SECONDS} s warm-up, build ${buildId}, ${os.cpus().length} CPUs, node ${process.version}${GC_TRACE ? ", --gc-trace" : ""}`);
  const idle0 = systemCpuSeconds();
  const own0 = process.cpuUsage();
  await sleep(1000);
  const idle1 = systemCpuSeconds();
  const own = process.cpuUsage(own0);
  let busyBeforePct: number | null = null;
  if (idle0 !== null && idle1 !== null) {
    busyBeforePct = Math.max(0, Math.round(100 * (idle1 - idle0 - (own.user + own.system) / 1e6)));
    console.log(`CPU already in use before start: ${busyBeforePct}% of one core, load average ${os.loadavg().map((x) => x.toFixed(2)).join(" ")}${busyBeforePct > 20 ? "  (WARNING: the machine is busy; numbers will be noisy)" : ""}`);
  }
  console.log(`server: next start -p ${port}, DATA_DIR=${dataDir}, log ${logFile}`);
  const t0 = Date.now();
  // Generous with an existing database: the server applies pending migrations on start.
  server = await startServer(port, env, logFile, DATA_DIR_ARG || DATABASE_URL_ARG ? 15 * 60_000 : 120_000);
  console.log(`server up (pid ${server.child.pid}) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const ping: Scenario<null> = { name: "ping", make: () => ({ method: "GET", path: "/api/ping", ctx: null }), expect: PING_BODY };
  // Bodies like the callback's (never acknowledged as pushes, so never checked for): the POST floor.
  const floorBodies = new PushMix(["floorsid00000000"], SECRET, "7");
  const post: Scenario<null> = {
    name: "post",
    make: () => {
      const body = floorBodies.next().body;
      return { method: "POST", path: "/api/ping", headers: { "content-type": "application/json", "content-length": body.length }, body, ctx: null };
    },
    expect: PING_BODY,
  };
  const memberSid = (await registerChain(port, "bench"))[2].sid;
  console.log(`members: a three-level invite chain registered; half of the orders go to sid ${memberSid}`);
  // Half the orders belong to a member at the bottom of a three-level chain (so the commission ledger is written
  // at three levels), half carry an unknown sid (stored unattributed).
  const mix = new PushMix([memberSid, "unknownsid000000"], SECRET, "6");
  const callback: Scenario<Push> = {
    name: "callback",
    make: () => {
      const p = mix.next();
      return { method: "POST", path: "/api/meituan/callback", headers: { "content-type": "application/json", "content-length": p.body.length }, body: p.body, ctx: p };
    },
    expect: OK_BODY,
    onOk: (p) => mix.ok(p),
  };

  const warmups: RunResult[] = [];
  const runs: RunResult[] = [];
  const step = async <T>(s: Scenario<T>, c: number, secs: number, phase: RunResult["phase"], run: number) => {
    const r = await runLoad(port, s, c, secs, phase, run);
    (phase === "warmup" ? warmups : runs).push(r);
    const errs = Object.entries(r.errorKinds).map(([k, n]) => `${n}× ${k}`).join("; ");
    const tailNote = r.tail ? `; slowest 1 %: GC ${r.tail.gcPct}%, busy ${r.tail.busyPct}%, desched ${r.tail.deschedPct}%, blocked ${r.tail.blockedPct}%, other ${r.tail.otherPct}%` : "";
    console.log(
      `  ${phase === "warmup" ? "warm-up" : `run ${run}/${RUNS}`} ${s.name.padEnd(8)} ×${String(c).padStart(2)}: ${r.requests} req, ${r.rps.toFixed(1)} req/s, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, ` +
        `cpu srv ${cpuCell(r.serverCpuPct)} gen ${r.generatorCpuPct}%${DB === "postgres" ? ` pg ${cpuCell(r.pgCpuPct)}` : ""} other ${cpuCell(r.otherCpuPct)}, load ${r.loadAverage1}${tailNote}${r.errors ? `, ERRORS: ${errs}` : ""}`,
    );
    if (server && (server.child.exitCode !== null || server.child.signalCode !== null)) throw new Error("the server exited during the run");
    await sleep(500);
  };

  // Warm-ups at the higher concurrency: a cold server needs a few thousand requests before it is at speed.
  await step(ping, 50, WARMUP_SECONDS, "warmup", 0);
  await step(post, 50, WARMUP_SECONDS, "warmup", 0);
  await step(callback, 50, WARMUP_SECONDS, "warmup", 0);
  for (let run = 1; run <= RUNS; run++) {
    for (const c of CONCURRENCIES) {
      await step(ping, c, SECONDS, "measure", run);
      await step(post, c, SECONDS, "measure", run);
      await step(callback, c, SECONDS, "measure", run);
    }
  }

  // Verify while the server still runs (the SQLite WAL and its index are in place).
  const v = await verify(mix, DB === "sqlite" ? path.join(dataDir, "app.db") : null, serverDbUrl ?? null);

  const summary = pairs(runs, VERDICT_FLOOR);
  const summaryGet = pairs(runs, "ping");
  const at = (c: number) => summary.find((s) => s.concurrency === c)!.median;
  const throughputRatio = at(50).rpsRatio;
  const p99Ratio = at(10).p99Ratio;
  const p99Ratio50 = at(50).p99Ratio;
  const throughputPass = throughputRatio >= TARGETS.throughputRatio;
  const p99Pass = p99Ratio <= TARGETS.p99Ratio10;
  const p99Pass50 = p99Ratio50 <= TARGETS.p99Ratio50;
  const allRuns = [...warmups, ...runs];
  const totalErrors = allRuns.reduce((n, r) => n + r.errors, 0);
  const lost = v.missingPushes + v.missingOrders + v.statusBehind;

  console.log(`\n=== callback bench — ${DB}, ${RUNS} alternating runs × ${SECONDS} s, keep-alive senders ===\n`);
  printTable(runs);
  console.log(`(CPU in % of one core, ${os.cpus().length} cores in all: srv = the Next.js server, gen = this load generator, pg = this database's PostgreSQL backends, other = everything else (other postgres work included); load1 = 1-minute load average at the run's start)`);
  const noisy = runs.filter((r) => (r.otherCpuPct ?? 0) > 15);
  if (noisy.length) {
    console.log(
      `WARNING: other processes used > 15 % of a core during ${noisy.length}/${runs.length} runs (${noisy.map((r) => `${r.run}:${r.scenario}×${r.concurrency} ${r.otherCpuPct}%`).join(", ")}): ` +
        `the machine was not quiet; the medians below absorb some of it.`,
    );
  }
  if (GC_TRACE) {
    console.log(`\ntail causes (--gc-trace):\n`);
    printTails(runs);
  }
  console.log(`\nper run (app = callback, floor = POST /api/ping with a push-sized body):\n`);
  const head = [pad("senders", 7), pad("run", 3), pad("req/s ratio", 11), pad("p99 app", 8), pad("p99 floor", 9), pad("p99 ratio", 9)];
  console.log(head.join("  "));
  console.log("-".repeat(head.join("  ").length));
  for (const s of summary) {
    for (const r of s.perRun) console.log([pad(s.concurrency, 7), pad(r.run, 3), pad(r.rpsRatio.toFixed(3), 11), pad(r.p99App.toFixed(1), 8), pad(r.p99Floor.toFixed(1), 9), pad(r.p99Ratio.toFixed(3), 9)].join("  "));
    const m = s.median;
    console.log([pad(s.concurrency, 7), pad("med", 3), pad(m.rpsRatio.toFixed(3), 11), pad(m.p99App.toFixed(1), 8), pad(m.p99Floor.toFixed(1), 9), pad(m.p99Ratio.toFixed(3), 9)].join("  ") + `   (median req/s: app ${m.rpsApp}, floor ${m.rpsFloor})`);
  }
  const getAt = (c: number) => summaryGet.find((s) => s.concurrency === c)!.median;
  console.log(`\nagainst GET /api/ping (no body), medians: req/s ratio @50 ${getAt(50).rpsRatio.toFixed(3)}, p99 ratio @10 ${getAt(10).p99Ratio.toFixed(3)}, @50 ${getAt(50).p99Ratio.toFixed(3)}` +
    ` (GET floor ${getAt(50).rpsFloor} req/s @50; POST floor ${at(50).rpsFloor} req/s)`);
  console.log(`\ntargets (medians over ${RUNS} runs of the per-run ratios, against the POST floor):`);
  console.log(`  callback req/s ÷ floor req/s @50 senders = ${throughputRatio.toFixed(3)}  (target ≥ ${TARGETS.throughputRatio})  ${throughputPass ? "PASS" : "FAIL"}`);
  console.log(`  callback p99 ÷ floor p99 @10 senders     = ${p99Ratio.toFixed(3)}  (target ≤ ${TARGETS.p99Ratio10})   ${p99Pass ? "PASS" : "FAIL"}`);
  console.log(`  callback p99 ÷ floor p99 @50 senders     = ${p99Ratio50.toFixed(3)}  (target ≤ ${TARGETS.p99Ratio50})     ${p99Pass50 ? "PASS" : "FAIL"}`);
  console.log(`  nothing lost                             = ${lost === 0 ? "yes" : `NO (${lost})`}                ${lost === 0 ? "PASS" : "FAIL"}`);
  console.log(`\nerrors (warm-ups included): ${totalErrors}`);
  for (const r of allRuns) for (const [k, n] of Object.entries(r.errorKinds)) console.log(`  ${r.phase} ${r.run} ${r.scenario} ×${r.concurrency}: ${n}× ${k}`);
  console.log(`\nverification (warm-up pushes included; this run's orders only):`);
  console.log(`  pushes acknowledged "ok":          ${v.acknowledged}  (sent ${mix.sent})`);
  console.log(`  valid pushes stored in inbox:      ${v.storedValid}`);
  console.log(`  acknowledged but missing:          ${v.missingPushes}${v.missingPushes ? ` (in ${v.ordersMissingPushes} orders)` : ""}`);
  console.log(`  new orders sent / acknowledged:    ${v.newOrdersSent} / ${v.newOrdersAcknowledged}`);
  console.log(`  orders stored:                     ${v.ordersStored}  (acknowledged orders missing: ${v.missingOrders})`);
  console.log(`  orders behind an acked update:     ${v.statusBehind}`);
  console.log(`  commission rows written:           ${v.commissionRows}  (three levels for each attributed order)`);
  console.log(`  inbox outcomes:                    ${JSON.stringify(v.inboxOutcomes)}`);
  console.log(`  verdict:                           ${lost === 0 ? "nothing lost" : "ACKNOWLEDGED PUSHES LOST"}`);

  const result = {
    at: new Date().toISOString(), db: DB, database: where, loadAverageAtEnd: os.loadavg(), cpuBusyBeforePct: busyBeforePct, seconds: SECONDS,
    warmupSeconds: WARMUP_SECONDS, runCount: RUNS, gcTrace: GC_TRACE, buildId, node: process.version, cpus: os.cpus().length, runs, warmups,
    floor: VERDICT_FLOOR, pairs: summary, pairsAgainstGet: summaryGet,
    targets: {
      throughputRatio, throughputTarget: `>= ${TARGETS.throughputRatio}`, throughputPass, p99Ratio, p99Target: `<= ${TARGETS.p99Ratio10}`, p99Pass,
      p99Ratio50, p99Target50: `<= ${TARGETS.p99Ratio50}`, p99Pass50, nothingLost: lost === 0,
    },
    verification: v, totalErrors, noisyRuns: noisy.map((r) => `${r.run}:${r.scenario}x${r.concurrency}`),
  };
  const outFile = OUT ? path.resolve(OUT) : path.join(ROOT, "bench/results", `callback-${DB}.json`);
  mkdirSync(path.dirname(outFile), { recursive: true });
  writeFileSync(outFile, JSON.stringify(result, null, 2) + "\n");
  console.log(`\nresults written to ${path.relative(ROOT, outFile)}`);

  const failed = totalErrors > 0 || lost > 0;
  if (failed) console.log(`\nserver log tail (${logFile}):\n${tail(logFile, 40)}`);
  return failed ? 1 : 0;
}

main()
  .then(async (code) => {
    await cleanup(KEEP || code !== 0);
    process.exit(code);
  })
  .catch(async (e) => {
    console.error(`\nbench failed: ${e instanceof Error ? e.stack ?? e.message : e}`);
    if (tmpDir) console.error(`\nserver log tail (${path.join(tmpDir, "server.log")}):\n${tail(path.join(tmpDir, "server.log"), 40)}`);
    await cleanup(true);
    process.exit(1);
  });
