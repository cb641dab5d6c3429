// Callback benchmark: the Meituan push path (POST /api/meituan/callback) against the framework's floor
// (GET /api/ping) on the production server, then a check that every acknowledged push was stored.
//
//   npx tsx bench/callback.ts [--seconds N] [--warmup N] [--db sqlite|postgres] [--build] [--max-requests N] [--keep]
//   npm run bench:callback -- --db postgres
//
// Targets: callback req/s ÷ ping req/s at 50 senders ≥ 0.6; callback p99 ÷ ping p99 at 10 senders < 2.
// Target misses are reported, not fatal. Exit 1 only when a request failed or an acknowledged push is missing.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import {
  argValue, buildIfNeeded, comparePushes, createPgDb, dropPgDb, flag, freePort, newestSourceAfterBuild, numArg, OK_BODY, pad, percentile,
  procCpuSeconds, PushMix, readPushState, registerChain, ROOT, round, sendOnce, sleep, startServer, stopServer, stopServerOnExit,
  systemCpuSeconds, tail, type Push, type Server,
} from "./lib/common";

// ---------------------------------------------------------------------------------------------- options

const SECRET = "bench_secret";
const PING_BODY = JSON.stringify({ ok: true });
const CONCURRENCIES = [50, 10] as const;

const SECONDS = numArg("--seconds", 10);
const WARMUP_SECONDS = numArg("--warmup", 5);
const MAX_REQUESTS = Math.floor(numArg("--max-requests", 500_000));
const FORCE_BUILD = flag("--build");
const KEEP = flag("--keep");
const dbArg = argValue("--db");
const DB: "sqlite" | "postgres" = dbArg === "postgres" || dbArg === "pg" || (!dbArg && process.env.BENCH_DATABASE_URL) ? "postgres" : "sqlite";
if (dbArg && !["sqlite", "postgres", "pg"].includes(dbArg)) throw new Error(`--db must be sqlite or postgres, got ${dbArg}`);

// ---------------------------------------------------------------------------------------------- load generator

interface RunResult {
  scenario: "ping" | "callback";
  phase: "warmup" | "measure";
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
  /** CPU used by everything else on the machine (PostgreSQL included), % of one core: noise or the database. */
  otherCpuPct: number | null;
}

interface Scenario<T> {
  name: "ping" | "callback";
  make: () => { method: string; path: string; headers?: http.OutgoingHttpHeaders; body?: Buffer; ctx: T };
  expect: string;
  onOk?: (ctx: T) => void;
}

async function runLoad<T>(port: number, s: Scenario<T>, concurrency: number, seconds: number, phase: RunResult["phase"]): Promise<RunResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency, maxFreeSockets: concurrency });
  const cap = MAX_REQUESTS;
  const lat = new Float64Array(cap);
  const errorKinds: Record<string, number> = {};
  let issued = 0;
  let done = 0;
  let ok = 0;
  const serverCpu0 = procCpuSeconds(server?.child.pid);
  const sysCpu0 = systemCpuSeconds();
  const genCpu0 = process.cpuUsage();
  const start = performance.now();
  const deadline = start + seconds * 1000;

  async function sender() {
    while (issued < cap && performance.now() < deadline) {
      issued++;
      const r = s.make();
      const t0 = performance.now();
      const reply = await sendOnce(agent, port, r.method, r.path, r.headers, r.body);
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
  agent.destroy();

  const sorted = lat.subarray(0, done).sort();
  let sum = 0;
  for (let i = 0; i < done; i++) sum += sorted[i];
  return {
    scenario: s.name, phase, concurrency, requests: done, ok, errors: done - ok, errorKinds,
    seconds: round(elapsed, 3), rps: round(done / elapsed, 1),
    p50: round(percentile(sorted, 0.5), 2), p90: round(percentile(sorted, 0.9), 2), p99: round(percentile(sorted, 0.99), 2),
    max: round(done ? sorted[done - 1] : NaN, 2), mean: round(done ? sum / done : NaN, 2),
    serverCpuPct: serverCpu0 !== null && serverCpu1 !== null ? round((100 * (serverCpu1 - serverCpu0)) / elapsed, 0) : null,
    generatorCpuPct: round((100 * (genCpu.user + genCpu.system)) / 1e6 / elapsed, 0),
    otherCpuPct:
      serverCpu0 !== null && serverCpu1 !== null && sysCpu0 !== null && sysCpu1 !== null
        ? Math.max(0, round((100 * (sysCpu1 - sysCpu0 - (serverCpu1 - serverCpu0) - (genCpu.user + genCpu.system) / 1e6)) / elapsed, 0))
        : null,
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
  const state = await readPushState(sqliteFile, pgUrl);
  const c = comparePushes(mix, state);
  return {
    acknowledged: mix.ackedTotal, storedValid: [...state.byOrder.values()].reduce((a, b) => a + b, 0), missingPushes: c.missingPushes,
    ordersMissingPushes: c.ordersMissingPushes, newOrdersSent: mix.newSent, newOrdersAcknowledged: mix.ackedNew, ordersStored: state.statuses.size,
    missingOrders: c.missingOrders, statusBehind: c.statusBehind, commissionRows: state.commissionRows, inboxOutcomes: state.outcomes,
  };
}

// ---------------------------------------------------------------------------------------------- report

function printTable(runs: RunResult[]) {
  const head = [pad("scenario", 10, true), pad("senders", 7), pad("requests", 9), pad("req/s", 9), pad("p50 ms", 8), pad("p90 ms", 8), pad("p99 ms", 8), pad("max ms", 8), pad("errors", 7), pad("srv cpu", 7), pad("gen cpu", 7), pad("other", 6)];
  console.log(head.join("  "));
  console.log("-".repeat(head.join("  ").length));
  for (const r of runs) {
    console.log(
      [pad(r.scenario, 10, true), pad(r.concurrency, 7), pad(r.requests, 9), pad(r.rps.toFixed(1), 9), pad(r.p50.toFixed(2), 8), pad(r.p90.toFixed(2), 8), pad(r.p99.toFixed(2), 8), pad(r.max.toFixed(1), 8), pad(r.errors, 7), pad(r.serverCpuPct === null ? "-" : `${r.serverCpuPct}%`, 7), pad(`${r.generatorCpuPct}%`, 7), pad(r.otherCpuPct === null ? "-" : `${r.otherCpuPct}%`, 6)].join("  "),
    );
  }
}

// ---------------------------------------------------------------------------------------------- main

let server: Server | undefined;
let pgDbName: string | undefined;
let tmpDir: string | undefined;
let cleaning: Promise<void> | undefined;

function cleanup(keepTmp: boolean): Promise<void> {
  cleaning ??= (async () => {
    await stopServer(server);
    if (pgDbName) await dropPgDb(pgDbName);
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
  const dataDir = path.join(tmpDir, "data");
  mkdirSync(dataDir);
  const logFile = path.join(tmpDir, "server.log");
  const port = await freePort();

  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ["DATABASE_URL", "NEXTAUTH_SECRET", "ADMIN_USERNAME", "ADMIN_PASSWORD", "INBOX_RETRY_SECONDS", "PORT", "NODE_ENV"]) delete env[k];
  Object.assign(env, {
    DATA_DIR: dataDir,
    MEITUAN_CALLBACK_SECRET: SECRET,
    NEXTAUTH_URL: `http://127.0.0.1:${port}`,
    NEXT_TELEMETRY_DISABLED: "1",
    LOG_LEVEL: "warn",
  });
  let serverDbUrl: string | undefined;
  if (DB === "postgres") {
    const d = await createPgDb("bench_cb");
    pgDbName = d.name;
    serverDbUrl = d.url;
    env.DATABASE_URL = serverDbUrl;
  }

  console.log(`callback bench: db=${DB}${pgDbName ? ` (${pgDbName})` : ""}, ${SECONDS} s per run, ${WARMUP_SECONDS} s warm-up, build ${buildId}, ${os.cpus().length} CPUs, node ${process.version}`);
  const idle0 = systemCpuSeconds();
  const own0 = process.cpuUsage();
  await sleep(1000);
  const idle1 = systemCpuSeconds();
  const own = process.cpuUsage(own0);
  if (idle0 !== null && idle1 !== null) {
    const busy = Math.max(0, Math.round(100 * (idle1 - idle0 - (own.user + own.system) / 1e6)));
    console.log(`CPU already in use before start: ${busy}% of one core${busy > 20 ? "  (WARNING: the machine is busy; numbers will be noisy)" : ""}`);
  }
  console.log(`server: next start -p ${port}, DATA_DIR=${dataDir}, log ${logFile}`);
  const t0 = Date.now();
  server = await startServer(port, env, logFile);
  console.log(`server up (pid ${server.child.pid}) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const ping: Scenario<null> = { name: "ping", make: () => ({ method: "GET", path: "/api/ping", ctx: null }), expect: PING_BODY };
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
  const step = async <T>(s: Scenario<T>, c: number, secs: number, phase: RunResult["phase"]) => {
    const r = await runLoad(port, s, c, secs, phase);
    (phase === "warmup" ? warmups : runs).push(r);
    const errs = Object.entries(r.errorKinds).map(([k, n]) => `${n}× ${k}`).join("; ");
    console.log(`  ${phase.padEnd(7)} ${s.name.padEnd(8)} ×${String(c).padStart(2)}: ${r.requests} req, ${r.rps.toFixed(1)} req/s, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms${r.errors ? `, ERRORS: ${errs}` : ""}`);
    if (server && (server.child.exitCode !== null || server.child.signalCode !== null)) throw new Error("the server exited during the run");
    await sleep(500);
  };

  // Warm-ups at the higher concurrency: a cold server needs a few thousand requests before it is at speed.
  await step(ping, 50, WARMUP_SECONDS, "warmup");
  for (const c of CONCURRENCIES) await step(ping, c, SECONDS, "measure");
  await step(callback, 50, WARMUP_SECONDS, "warmup");
  for (const c of CONCURRENCIES) await step(callback, c, SECONDS, "measure");

  // Verify while the server still runs (the SQLite WAL and its index are in place).
  const v = await verify(mix, DB === "sqlite" ? path.join(dataDir, "app.db") : null, serverDbUrl ?? null);

  const find = (s: string, c: number) => runs.find((r) => r.scenario === s && r.concurrency === c)!;
  const throughputRatio = round(find("callback", 50).rps / find("ping", 50).rps, 3);
  const p99Ratio = round(find("callback", 10).p99 / find("ping", 10).p99, 3);
  const throughputPass = throughputRatio >= 0.6;
  const p99Pass = p99Ratio < 2;
  const allRuns = [...warmups, ...runs];
  const totalErrors = allRuns.reduce((n, r) => n + r.errors, 0);
  const lost = v.missingPushes + v.missingOrders + v.statusBehind;

  console.log(`\n=== callback bench — ${DB}, ${SECONDS} s per run, keep-alive senders ===\n`);
  printTable(runs);
  console.log(`(CPU in % of one core, ${os.cpus().length} cores in all: srv = the Next.js server, gen = this load generator, other = everything else${DB === "postgres" ? ", PostgreSQL included" : ""})`);
  const noisy = runs.filter((r) => DB === "sqlite" || r.scenario === "ping").filter((r) => (r.otherCpuPct ?? 0) > 15);
  if (noisy.length) {
    console.log(
      `WARNING: other processes used CPU during ${noisy.map((r) => `${r.scenario} ×${r.concurrency} (${r.otherCpuPct}%)`).join(", ")}: ` +
        `the machine was not quiet, the ratios below are unreliable; run again.`,
    );
  }
  console.log(`\ntargets:`);
  console.log(`  callback req/s ÷ ping req/s @50 senders = ${throughputRatio.toFixed(3)}  (target ≥ 0.6)  ${throughputPass ? "PASS" : "FAIL"}`);
  console.log(`  callback p99 ÷ ping p99 @10 senders     = ${p99Ratio.toFixed(3)}  (target < 2)    ${p99Pass ? "PASS" : "FAIL"}`);
  console.log(`\nerrors (warm-ups included): ${totalErrors}`);
  for (const r of allRuns) for (const [k, n] of Object.entries(r.errorKinds)) console.log(`  ${r.phase} ${r.scenario} ×${r.concurrency}: ${n}× ${k}`);
  console.log(`\nverification (warm-up pushes included):`);
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
    at: new Date().toISOString(), db: DB, loadAverageAtEnd: os.loadavg(), seconds: SECONDS, warmupSeconds: WARMUP_SECONDS, buildId, node: process.version,
    cpus: os.cpus().length, runs, warmups,
    targets: { throughputRatio, throughputTarget: ">= 0.6", throughputPass, p99Ratio, p99Target: "< 2", p99Pass },
    verification: v, totalErrors, noisyRuns: noisy.map((r) => `${r.scenario}x${r.concurrency}`),
  };
  const outDir = path.join(ROOT, "bench/results");
  mkdirSync(outDir, { recursive: true });
  const outFile = path.join(outDir, `callback-${DB}.json`);
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
