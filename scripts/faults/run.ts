// Fault injection for the promise "every acknowledged Meituan push is kept and processed exactly once", on the
// production server (next start) and both databases:
//   1. kill -9 while pushes stream: the server is SIGKILLed K times at random moments and restarted on the same
//      data; senders retry what was not acknowledged, like Meituan; then the database is checked directly.
//   2. database unavailable: SQLite locked by another process (BEGIN EXCLUSIVE), PostgreSQL refused/cut and
//      stalled (open connections, nothing forwarded) through a TCP proxy run here: pushes must be refused (503,
//      errcode 1) within ~10 s, never acknowledged, and everything must recover by itself; the same when the
//      server (re)starts while the database is unavailable. A processing failure (a trigger that raises) leaves a
//      failed inbox row that the retry job applies once the fault is gone.
//   3. jobs killed mid-run: settlement and reconciliation (against the fake Meituan) in a child process that is
//      SIGKILLed and run again: no double effects, reconciliation resumes from its checkpoint; the notification
//      delivery job SIGKILLed mid-send: every notification reaches the member's WeChat once, none lost.
//   4. a flood of forged pushes (naming the genuine orders), oversized bodies and junk on kept-alive connections
//      while genuine pushes stream: nothing forged acknowledged, no connection reset, no genuine push lost, and
//      every genuine push listed on its order's admin page among the signature-valid ones, the forged apart.
//
//   npm run test:faults -- [--db sqlite|postgres|both] [--kills 5] [--senders 4] [--seed N] [--only kill,outage,jobs,flood] [--keep]
//
// The server is `node node_modules/next/dist/bin/next start` on a private copy of the existing .next build (built
// only when there is none), with INBOX_RETRY_SECONDS=1; each scenario gets a fresh temp DATA_DIR (SQLite) or a
// fresh PostgreSQL database (FAULTS_DATABASE_URL or postgresql://postgres@127.0.0.1:5432/postgres for the admin
// connection), dropped at the end (--keep keeps temp dirs and logs). The system PostgreSQL is never stopped.
// Exit 1 when anything acknowledged was lost or duplicated, or any check failed. Ends with "N passed, N failed".
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import {
  AppServer, createPgDb, createdPgDbs, descendants, dropPgDb, freePort, killTracked, md5, NEXT_BIN, num, pad, pgQ, pgReachable, pgUrlFor,
  processTitle, prng, registerChain, Report, request, ROOT, sample, SECRET, sleep, sqliteQ, startedProcesses, tail, TcpProxy, truthy,
  type FaultRow, type Member, type Q, type Rand,
} from "./common";
import { PushStream, verifyPushes, type SendRecord } from "./pushes";
import { ForgedFlood } from "./flood";
import { Client } from "../../bench/lib/common";
import { DETAIL_REFUSED_PUSHES } from "../../lib/orders/pushes";

// ------------------------------------------------------------------------------------------------ options

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  if (i >= 0) return process.argv[i + 1];
  return process.argv.find((a) => a.startsWith(name + "="))?.slice(name.length + 1);
}
const KILLS = Number(argValue("--kills") ?? 5);
const SENDERS = Number(argValue("--senders") ?? 4);
const SEED = Number(argValue("--seed") ?? Math.floor(Math.random() * 1e9));
const KEEP = process.argv.includes("--keep");
const ONLY = new Set((argValue("--only") ?? "kill,outage,jobs,flood").split(",").map((s) => s.trim()));
const DB_ARG = argValue("--db");
if (DB_ARG && !["sqlite", "postgres", "pg", "both"].includes(DB_ARG)) throw new Error(`--db must be sqlite, postgres or both, got ${DB_ARG}`);

const LOCK_MS = 8000; // how long SQLite stays locked (longer than the app's ~4.4 s busy retry, so refusals show)
const PG_DOWN_MS = 5000; // how long PostgreSQL refuses and cuts connections
const STALL_MS = 12_000; // PostgreSQL network stall (no RST)
const MAX_REFUSE_MS = 10_500; // "not a hang beyond ~10 s"
const DELIVER_NOTIFICATIONS = 300;
const SETTLE_ORDERS = 4000; // × 3 levels = 12 000 due rows, 24 settlement batches of 500
const SYNC_ORDERS = 300;
const FLOOD_MS = 15_000;
const FLOOD_CLIENTS = 8;
const SYNC_DAYS = 5;

type Kind = "sqlite" | "pg";
const report = new Report();
const tmpDirs: string[] = [];
let APP_DIR = ROOT;
const t0All = Date.now();

// ------------------------------------------------------------------------------------------------ environment

function appEnv(port: number, dataDir: string, dbUrl?: string, logLevel = "info"): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith("MEITUAN_") || k.startsWith("ADMIN_") || k.startsWith("NEXTAUTH_")) delete env[k];
  for (const k of ["DATABASE_URL", "INBOX_RETRY_SECONDS", "SETTLEMENT_SECONDS", "RECONCILE_SECONDS", "RECONCILE_DAYS", "PORT", "NODE_ENV", "LOG_LEVEL"]) delete env[k];
  Object.assign(env, {
    DATA_DIR: dataDir,
    MEITUAN_CALLBACK_SECRET: SECRET,
    NEXTAUTH_URL: `http://127.0.0.1:${port}`,
    NEXT_TELEMETRY_DISABLED: "1",
    LOG_LEVEL: logLevel,
    INBOX_RETRY_SECONDS: "1",
    SETTLEMENT_SECONDS: "86400", // settlement is exercised on its own (scenario 3); keep it out of the push checks
    REGISTER_LIMIT_PER_HOUR: "1000",
  });
  if (dbUrl) env.DATABASE_URL = dbUrl;
  return env;
}

/** A fresh database for one scenario: a temp DATA_DIR, and on PostgreSQL a new database. */
async function freshDb(kind: Kind, tag: string) {
  const dir = mkdtempSync(path.join(os.tmpdir(), `mt-cps-faults-${kind}-${tag}-`));
  tmpDirs.push(dir);
  const dataDir = path.join(dir, "data");
  mkdirSync(dataDir);
  let pgName: string | undefined;
  if (kind === "pg") {
    pgName = `faults_${tag}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
    await createPgDb(pgName);
  }
  return {
    dir, dataDir, pgName,
    dbUrl: pgName ? pgUrlFor(pgName) : undefined,
    sqliteFile: path.join(dataDir, "app.db"),
    open: (): Promise<Q> => (pgName ? pgQ(pgUrlFor(pgName)) : Promise.resolve(sqliteQ(path.join(dataDir, "app.db")))),
    drop: async () => {
      if (pgName) await dropPgDb(pgName);
    },
  };
}

const dbLabel = (k: Kind) => (k === "pg" ? "postgres" : "sqlite");

async function waitFor(what: () => Promise<boolean>, timeoutMs: number, stepMs = 200): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await what()) return true;
    if (Date.now() > until) return false;
    await sleep(stepMs);
  }
}

async function countFailedRows(q: Q): Promise<number> {
  const [r] = await q.all(`SELECT count(*) AS n FROM inbox_pushes WHERE "outcome" IN ('failed', 'received')`);
  return num(r.n);
}

function logHints(file: string): string {
  const lines = tail(file, 400, /"level":"(error|warn)"|Error|error/).split("\n").filter(Boolean);
  const seen = new Map<string, number>();
  for (const l of lines) {
    const k = l.replace(/"t":"[^"]*",?/, "").slice(0, 300);
    seen.set(k, (seen.get(k) ?? 0) + 1);
  }
  const uniq = [...seen.entries()].slice(-6).map(([l, n]) => (n > 1 ? `${n}× ${l}` : l));
  return uniq.length ? `\n      server log (${file}), last errors/warnings:\n        ${uniq.join("\n        ")}` : "";
}

function recordChecks(kind: Kind, scenario: string, checks: { name: string; ok: boolean; detail: string }[], logFile?: string) {
  for (const c of checks) report.check(dbLabel(kind), scenario, c.name, c.ok, c.ok ? c.detail : c.detail + (logFile ? logHints(logFile) : ""));
}

// ------------------------------------------------------------------------------------------------ 1. kill -9 while pushes stream

async function scenarioKill(kind: Kind, rand: Rand) {
  const sc = "kill -9 while streaming";
  console.log(`\n[${dbLabel(kind)}] ${sc}: ${KILLS} SIGKILLs, ${SENDERS} senders`);
  const d = await freshDb(kind, "kill");
  const port = await freePort();
  const logFile = path.join(d.dir, "server.log");
  const server = new AppServer(port, appEnv(port, d.dataDir, d.dbUrl), logFile, APP_DIR);
  try {
    await server.start();
    const title = processTitle(server.pid!);
    const kids = descendants(server.pid!);
    console.log(`  server pid ${server.pid} (${title}), up in ${(server.lastStartMs / 1000).toFixed(1)} s${kids.length ? `, children ${kids.join(",")}` : ""}; log ${logFile}`);
    // A wrapper (npm, sh) would have the server as its child; the server's own helpers (the read pool's esbuild
    // service while it bundles, which exits with its parent) are not servers.
    const servers = kids.filter((k) => /next-server|next start/.test(processTitle(k)));
    report.check(dbLabel(kind), sc, "the spawned pid is the next-server process itself (SIGKILL hits the real server)", /next-server|next start/.test(title) && servers.length === 0, `cmdline "${title}", children [${kids.map((k) => `${k} ${processTitle(k)}`).join(", ")}]`);
    const chain = await registerChain(port, `kill${kind}`);
    const stream = new PushStream([chain.c.sid, "unknownsid000000"], rand);
    let stop = false;
    const sending = stream.senders(SENDERS, () => port, () => stop);
    const kills: string[] = [];
    let restartMax = 0;
    for (let k = 1; k <= KILLS; k++) {
      await sleep(rand.between(1200, 3500));
      const before = stream.stats();
      const inflight = stream.inflight;
      await server.kill9();
      const down = rand.between(0, 700);
      await sleep(down);
      await server.start();
      restartMax = Math.max(restartMax, server.lastStartMs);
      kills.push(`#${k}: ${inflight} in flight, ${before.acks} acks so far, restart after ${down} ms + ${(server.lastStartMs / 1000).toFixed(1)} s`);
      console.log(`  kill ${kills.at(-1)}`);
    }
    await sleep(2000);
    stop = true;
    await sending;
    await stream.drain(SENDERS, () => port, 60_000);
    const s = stream.stats();
    report.check(dbLabel(kind), sc, `server SIGKILLed ${KILLS}× and restarted on the same data`, server.kills === KILLS && server.alive(), `${server.kills} kills, slowest restart ${(restartMax / 1000).toFixed(1)} s`);
    report.check(dbLabel(kind), sc, "after the last restart every push is eventually acknowledged (Meituan's retries end)", s.neverAcked.length === 0, s.neverAcked.length ? `never acknowledged: ${sample(s.neverAcked.map((p) => `${p.orderId}/${p.step}`))}` : "");
    const q = await d.open();
    try {
      const failedBefore = await countFailedRows(q);
      const cleared = await waitFor(async () => (await countFailedRows(q)) === 0, 20_000, 250);
      report.check(dbLabel(kind), sc, "the retry job (INBOX_RETRY_SECONDS=1) leaves no failed/received inbox row", cleared, `${failedBefore} failed/received rows when streaming ended${cleared ? "" : `, ${await countFailedRows(q)} still after 20 s`}`);
      const v = await verifyPushes(q, [stream], { a: chain.a, b: chain.b, c: chain.c });
      recordChecks(kind, sc, v.checks, logFile);
      const errs = Object.entries(stream.errorKinds).sort((a, b) => b[1] - a[1]).slice(0, 4).map(([k, n]) => `${n}× ${k}`).join("; ");
      console.log(`  ${s.requests} requests, ${s.distinctSent} distinct pushes, ${s.acks} ok replies; refused/failed replies: ${errs || "none"}\n  ${v.info}`);
      report.row(dbLabel(kind), { fault: `kill -9 ×${KILLS} while streaming`, sent: v.sent, acked: v.acked, stored: v.stored, lost: v.lost, duplicated: v.duplicated, note: `${s.requests} requests` });
    } finally {
      await q.close();
    }
  } finally {
    await server.stop();
    await d.drop();
  }
}

// ------------------------------------------------------------------------------------------------ 2. database unavailable

interface Window {
  label: string;
  start: number;
  end: number;
}

/** Checks the replies of requests sent while the database was unavailable, and the recovery after. */
function outageChecks(kind: Kind, sc: string, records: SendRecord[], w: Window, recoverGraceMs: number, recoverUntil: number) {
  const db = dbLabel(kind);
  // Every request that overlapped the outage, including those already waiting when it began.
  const touched = records.filter((r) => r.start < w.end && r.end > w.start);
  // An ok finishing right after the lock was taken may be a commit that happened just before it.
  const okInside = touched.filter((r) => r.kind === "ok" && r.end > w.start + 250 && r.end < w.end);
  const refused = touched.filter((r) => r.kind === "503-err");
  const other = touched.filter((r) => r.kind === "other");
  const slow = touched.filter((r) => r.reply.ms > MAX_REFUSE_MS);
  const maxMs = Math.max(0, ...touched.map((r) => r.reply.ms));
  console.log(`  ${w.label}: ${touched.length} requests overlapped the outage: ${refused.length} × 503/errcode 1, ${touched.filter((r) => r.kind === "ok").length} ok (${okInside.length} answered while still unavailable), ${other.length} other; slowest reply ${(maxMs / 1000).toFixed(1)} s`);
  const rel = (t: number) => `${t >= w.start ? "+" : ""}${((t - w.start) / 1000).toFixed(1)} s`;
  const describe = (r: SendRecord) => `${r.reply.ok ? `HTTP ${r.reply.status} ${r.reply.body.slice(0, 60)}` : r.reply.error} (push ${r.push.orderId}/status ${r.push.step}, sent ${rel(r.start)}, answered ${rel(r.end)} from the outage start)`;
  report.check(db, sc, `${w.label}: pushes are refused with HTTP 503 + errcode 1`, refused.length > 0 && other.length === 0, `${refused.length} refused${other.length ? `; other replies: ${sample(other.map(describe))}` : ""}`);
  report.check(db, sc, `${w.label}: nothing is acknowledged while the database is unavailable`, okInside.length === 0, okInside.length ? `${okInside.length} ok: ${sample(okInside.map((r) => `${r.push.orderId} after ${((r.end - w.start) / 1000).toFixed(1)} s`))}` : "");
  report.check(db, sc, `${w.label}: no reply takes longer than ~10 s`, slow.length === 0, `slowest ${(maxMs / 1000).toFixed(1)} s${slow.length ? `; ${slow.length} replies over ${MAX_REFUSE_MS / 1000} s (${sample(slow.map((r) => `${(r.reply.ms / 1000).toFixed(1)} s ${r.kind}`))})` : ""}`);
  // Only requests answered before the next fault begins (its SIGKILL resets the requests in flight).
  const after = records.filter((r) => r.start >= w.end + recoverGraceMs && r.end <= recoverUntil);
  const afterBad = after.filter((r) => r.kind !== "ok");
  const firstOk = records.filter((r) => r.start >= w.end && r.kind === "ok").sort((a, b) => a.end - b.end)[0];
  report.check(
    db, sc, `${w.label}: recovers by itself (pushes sent ≥ ${recoverGraceMs / 1000} s after are acknowledged)`,
    after.length > 0 && afterBad.length === 0,
    `${after.length} sent, ${afterBad.length} not ok${firstOk ? `; first ok ${((firstOk.end - w.end) / 1000).toFixed(1)} s after restore` : ""}${afterBad.length ? `: ${sample(afterBad.map((r) => (r.reply.ok ? `HTTP ${r.reply.status}` : r.reply.error)))}` : ""}`,
  );
  const refusedPushes = new Set(refused.map((r) => r.push));
  const neverOk = [...refusedPushes].filter((p) => p.acks === 0);
  return { refusedPushes, neverOk };
}

/** Another process holds SQLite's write lock (BEGIN EXCLUSIVE) until `release()`. */
function lockSqlite(file: string, maxHoldMs: number) {
  const locker = spawn(process.execPath, [path.join(ROOT, "scripts/faults/sqlite-lock.mjs"), file, String(maxHoldMs)], { cwd: ROOT, stdio: ["pipe", "pipe", "inherit"] });
  startedProcesses.add(locker);
  const lines = readline.createInterface({ input: locker.stdout! });
  const said = (word: string) => new Promise<void>((resolve) => lines.on("line", (l) => l.trim() === word && resolve()));
  const locked = said("locked");
  const released = said("released");
  return {
    locker,
    locked,
    release: async () => {
      locker.stdin!.end("release\n");
      await released;
    },
  };
}

const RESTART_DOWN_MS = 8000;

/**
 * The server starts while the database is unavailable (both coming back after a host restart, or a crash during
 * an outage): pushes must not be acknowledged meanwhile, and the server must work by itself once the database is
 * back. When it does not, the operator's restart is simulated so the rest of the scenario can run.
 */
async function restartDuringOutage(kind: Kind, sc: string, server: AppServer, stream: PushStream, unavailable: () => Promise<() => Promise<void>>) {
  const db = dbLabel(kind);
  const label = kind === "sqlite" ? `server restarted while SQLite is locked ${RESTART_DOWN_MS / 1000} s` : `server restarted while PostgreSQL is down ${RESTART_DOWN_MS / 1000} s`;
  await server.kill9();
  const restore = await unavailable();
  const start = Date.now();
  server.spawn();
  await sleep(RESTART_DOWN_MS);
  await restore();
  const end = Date.now();
  const recovered = await waitFor(async () => stream.records.some((r) => r.start > end && r.kind === "ok"), 30_000, 250);
  const touched = stream.records.filter((r) => r.start < end && r.end > start);
  const kinds: Record<string, number> = {};
  for (const r of touched) {
    const k = r.kind === "ok" ? "ok" : r.reply.ok ? `HTTP ${r.reply.status}${r.kind === "503-err" ? " errcode 1" : ""}` : r.reply.error;
    kinds[k] = (kinds[k] ?? 0) + 1;
  }
  const okInside = touched.filter((r) => r.kind === "ok" && r.end < end);
  const afterEnd = stream.records.filter((r) => r.start > end);
  const afterKinds: Record<string, number> = {};
  for (const r of afterEnd) {
    const k = r.kind === "ok" ? "ok" : r.reply.ok ? `HTTP ${r.reply.status} ${r.reply.body.slice(0, 40)}` : r.reply.error;
    afterKinds[k] = (afterKinds[k] ?? 0) + 1;
  }
  const ping = await request(server.port, "GET", "/api/ping", undefined, 5000);
  console.log(`  ${label}: replies to requests overlapping the outage ${JSON.stringify(kinds)}; to requests sent after ${JSON.stringify(afterKinds)}; /api/ping ${ping.ok ? ping.status : ping.error}`);
  report.check(db, sc, `${label}: nothing is acknowledged while the database is unavailable`, okInside.length === 0, okInside.length ? `${okInside.length} ok` : JSON.stringify(kinds));
  const hook = tail(server.logFile, 400).includes("An error occurred while loading instrumentation hook");
  report.check(
    db, sc, `${label}: the server works by itself once the database is back (a push acknowledged within 30 s)`, recovered,
    recovered
      ? `first ok ${((stream.records.filter((r) => r.start > end && r.kind === "ok").sort((a, b) => a.end - b.end)[0].end - end) / 1000).toFixed(1)} s after restore`
      : `still not after 30 s: replies ${JSON.stringify(afterKinds)}, GET /api/ping ${ping.ok ? `HTTP ${ping.status} ${ping.body.slice(0, 40)}` : ping.error}, process ${server.alive() ? "alive" : "exited"}${hook ? '; server log: "An error occurred while loading instrumentation hook: connect ECONNREFUSED" (startServer() → ready() failed once; Next.js keeps the failed hook for the life of the process)' : ""}${logHints(server.logFile)}`,
  );
  if (!recovered) {
    console.log(`  (simulating the operator: restarting the server so the scenario can continue)`);
    await server.kill9();
    await server.start();
  }
}

async function scenarioOutage(kind: Kind, rand: Rand) {
  const sc = "database unavailable";
  console.log(`\n[${dbLabel(kind)}] ${sc}`);
  const d = await freshDb(kind, "outage");
  const logFile = path.join(d.dir, "server.log");
  const port = await freePort();
  let proxy: TcpProxy | undefined;
  let appUrl = d.dbUrl;
  if (kind === "pg") {
    const base = new URL(pgUrlFor("x"));
    proxy = new TcpProxy(base.hostname, Number(base.port || 5432));
    await proxy.listen();
    appUrl = pgUrlFor(d.pgName!, proxy.port);
  }
  const server = new AppServer(port, appEnv(port, d.dataDir, appUrl), logFile, APP_DIR);
  let locker: ChildProcess | undefined;
  try {
    await server.start();
    console.log(`  server pid ${server.pid}${proxy ? `, PostgreSQL through proxy :${proxy.port}` : ""}; log ${logFile}`);
    const chain = await registerChain(port, `out${kind}`);
    const stream = new PushStream([chain.c.sid, "unknownsid000000"], rand);
    let stop = false;
    // More senders than in the kill test: many pushes should meet the outage.
    const sending = stream.senders(SENDERS * 2, () => port, () => stop);
    await sleep(1500);
    const windows: { w: Window; recoverUntil: number }[] = [];
    if (kind === "sqlite") {
      const lock = lockSqlite(d.sqliteFile, LOCK_MS + 20_000);
      locker = lock.locker;
      await lock.locked;
      const start = Date.now();
      await sleep(LOCK_MS);
      await lock.release();
      const end = Date.now();
      await sleep(4000);
      windows.push({ w: { label: `SQLite write lock ${LOCK_MS / 1000} s (BEGIN EXCLUSIVE, another process)`, start, end }, recoverUntil: Date.now() });
      await restartDuringOutage(kind, sc, server, stream, async () => {
        const l = lockSqlite(d.sqliteFile, RESTART_DOWN_MS + 20_000);
        await l.locked;
        return l.release;
      });
    } else {
      const p = proxy!;
      let start = Date.now();
      await p.down();
      await sleep(PG_DOWN_MS);
      await p.up();
      let end = Date.now();
      await sleep(4000);
      windows.push({ w: { label: `PostgreSQL refused + cut ${PG_DOWN_MS / 1000} s (proxy)`, start, end }, recoverUntil: Date.now() });
      start = Date.now();
      p.stall();
      await sleep(STALL_MS);
      await p.up();
      end = Date.now();
      await sleep(4000);
      windows.push({ w: { label: `PostgreSQL network stall ${STALL_MS / 1000} s (no RST)`, start, end }, recoverUntil: Date.now() });
      await restartDuringOutage(kind, sc, server, stream, async () => {
        await p.down();
        return () => p.up();
      });
    }
    stop = true;
    await sending;
    await stream.drain(SENDERS, () => port, 45_000);
    const outcomes = windows.map(({ w, recoverUntil }) => outageChecks(kind, sc, stream.records, w, 2000, recoverUntil));
    const neverOk = outcomes.flatMap((o) => o.neverOk);
    const refusedCount = outcomes.reduce((s, o) => s + o.refusedPushes.size, 0);
    report.check(dbLabel(kind), sc, "every refused push is acknowledged when Meituan retries it after recovery", neverOk.length === 0, `${refusedCount} pushes refused${neverOk.length ? `, never acknowledged: ${sample(neverOk.map((p) => p.orderId))}` : ""}`);
    const q = await d.open();
    try {
      await waitFor(async () => (await countFailedRows(q)) === 0, 20_000, 250);
      const v = await verifyPushes(q, [stream], { a: chain.a, b: chain.b, c: chain.c });
      recordChecks(kind, sc, v.checks, logFile);
      const s = stream.stats();
      console.log(`  ${s.requests} requests, ${s.distinctSent} distinct pushes; replies not ok: ${Object.entries(stream.errorKinds).map(([k, n]) => `${n}× ${k}`).slice(0, 4).join("; ") || "none"}\n  ${v.info}`);
      report.row(dbLabel(kind), {
        fault: kind === "sqlite" ? `SQLite locked ${LOCK_MS / 1000} s; restart while locked` : `PG refused+cut, stall, restart while down`,
        sent: v.sent, acked: v.acked, stored: v.stored, lost: v.lost, duplicated: v.duplicated, note: `${refusedCount} refused (503)`,
      });
      await triggerFailure(kind, q, port, chain, rand, logFile);
    } finally {
      await q.close();
    }
  } finally {
    if (locker && locker.exitCode === null) locker.kill("SIGKILL");
    await server.stop();
    await proxy?.close();
    await d.drop();
  }
}

/** A processing failure (a trigger on orders raises) leaves a failed inbox row; the retry job applies it once the fault is gone. */
async function triggerFailure(kind: Kind, q: Q, port: number, chain: { a: Member; b: Member; c: Member }, rand: Rand, logFile: string) {
  const sc = "processing failure → retry job";
  console.log(`\n[${dbLabel(kind)}] ${sc}`);
  const stream = new PushStream([chain.c.sid], rand, 0);
  const seq = stream.newOrderSeq();
  const db = dbLabel(kind);
  const create = async (when: "INSERT" | "UPDATE", orderId: string) => {
    if (kind === "sqlite") {
      await q.exec(`CREATE TRIGGER fault_${when.toLowerCase()} BEFORE ${when} ON orders WHEN NEW."orderId" = '${orderId}' BEGIN SELECT RAISE(ABORT, 'fault injected by test:faults'); END`);
    } else {
      await q.exec(`CREATE OR REPLACE FUNCTION fault_raise() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'fault injected by test:faults'; END $$`);
      await q.exec(`CREATE TRIGGER fault_${when.toLowerCase()} BEFORE ${when} ON orders FOR EACH ROW WHEN (NEW."orderId" = '${orderId}') EXECUTE FUNCTION fault_raise()`);
    }
  };
  const drop = (when: "INSERT" | "UPDATE") => q.exec(kind === "sqlite" ? `DROP TRIGGER IF EXISTS fault_${when.toLowerCase()}` : `DROP TRIGGER IF EXISTS fault_${when.toLowerCase()} ON orders`);
  const inboxRow = async (hash: string) => {
    const rows = await q.all(`SELECT "id", "outcome", "error", "attempts", "body" FROM inbox_pushes WHERE "orderId" = ? ORDER BY "id"`, [stream.orderId(seq)]);
    return rows.find((r) => md5Of(r.body) === hash);
  };
  for (const [when, step] of [["INSERT", "1"], ["UPDATE", "8"]] as const) {
    const p = stream.build(seq, step);
    const label = `${when === "INSERT" ? "new order" : "status update"} (trigger BEFORE ${when} raises)`;
    await create(when, p.orderId);
    try {
      const rec = await stream.send(p, false, port);
      report.check(db, sc, `${label}: the push is still acknowledged (stored before processing)`, rec.kind === "ok", rec.reply.ok ? `HTTP ${rec.reply.status} ${rec.reply.body.slice(0, 60)}` : rec.reply.error);
      const row = await inboxRow(p.hash);
      report.check(db, sc, `${label}: the inbox row is 'failed' with the error`, row?.outcome === "failed" && /fault injected/.test(String(row?.error)), row ? `#${row.id} ${row.outcome}: ${String(row.error ?? "").slice(0, 100)}` : "no inbox row");
      await sleep(2500);
      const again = await inboxRow(p.hash);
      report.check(db, sc, `${label}: while the fault lasts the retry job keeps trying, the row stays failed`, again?.outcome === "failed" && num(again?.attempts) >= 2, again ? `attempts ${again.attempts}, ${again.outcome}` : "no row");
    } finally {
      await drop(when);
    }
    const t = Date.now();
    const fixed = await waitFor(async () => (await inboxRow(p.hash))?.outcome === "applied", 10_000, 100);
    const row = await inboxRow(p.hash);
    report.check(db, sc, `${label}: after the fault is gone the retry job applies it`, fixed, `${row?.outcome} after ${((Date.now() - t) / 1000).toFixed(1)} s, attempts ${row?.attempts}`);
    const [o] = await q.all(`SELECT "id", "status" FROM orders WHERE "orderId" = ?`, [p.orderId]);
    const want = step === "1" ? "paid" : "completed";
    report.check(db, sc, `${label}: the order shows the retried state`, o?.status === want, o ? `order ${p.orderId} ${o.status}` : `order ${p.orderId} missing`);
  }
  const v = await verifyPushes(q, [stream], { a: chain.a, b: chain.b, c: chain.c });
  recordChecks(kind, sc, v.checks.map((c) => ({ ...c, name: `trigger order: ${c.name}` })), logFile);
  report.row(db, { fault: "processing failure (trigger) → retry", sent: v.sent, acked: v.acked, stored: v.stored, lost: v.lost, duplicated: v.duplicated });
}

const md5Of = (b: unknown) => md5(Buffer.from(b as Uint8Array));

// ------------------------------------------------------------------------------------------------ 3. jobs killed mid-run

interface Job {
  child: ChildProcess;
  lines: string[];
  result: Promise<{ code: number | null; signal: string | null; result: Record<string, unknown> | null }>;
  onLine(f: (o: Record<string, unknown>) => void): void;
}

function startJob(env: NodeJS.ProcessEnv, logFile: string, args: string[]): Job {
  const fd = openSync(logFile, "a");
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts/faults/job-child.ts"), ...args], { cwd: ROOT, env, stdio: ["ignore", "pipe", fd] });
  closeSync(fd);
  startedProcesses.add(child);
  const lines: string[] = [];
  const listeners: ((o: Record<string, unknown>) => void)[] = [];
  let result: Record<string, unknown> | null = null;
  readline.createInterface({ input: child.stdout! }).on("line", (l) => {
    lines.push(l);
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(l);
    } catch {
      return;
    }
    if (o.result) result = o.result as Record<string, unknown>;
    for (const f of listeners) f(o);
  });
  return {
    child, lines,
    result: new Promise((resolve) => child.once("exit", (code, signal) => setTimeout(() => resolve({ code, signal, result }), 50))),
    onLine: (f) => listeners.push(f),
  };
}

function beijingDayStartOf(at: Date): Date {
  const day = new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  return new Date(`${day}T00:00:00+08:00`);
}

async function scenarioJobs(kind: Kind, rand: Rand) {
  const db = dbLabel(kind);
  console.log(`\n[${db}] jobs killed mid-run`);
  const d = await freshDb(kind, "jobs");
  const logFile = path.join(d.dir, "server.log");
  const jobLog = path.join(d.dir, "jobs.log");
  const port = await freePort();
  const server = new AppServer(port, appEnv(port, d.dataDir, d.dbUrl), logFile, APP_DIR);
  let chain: { a: Member; b: Member; c: Member };
  try {
    // The server migrates and registers the member chain; the jobs then run on their own.
    await server.start();
    chain = await registerChain(port, `jobs${kind}`);
  } finally {
    await server.stop();
  }
  const jobEnv = appEnv(port, d.dataDir, d.dbUrl, "warn");
  const q = await d.open();
  const { startFakeMeituan } = await import("../../e2e/fake-meituan/server");
  const fake = await startFakeMeituan({ appKey: "faults_app", apiSecret: "faults_api_secret", callbackSecret: SECRET });
  try {
    // First: the others write notifications of their own (settled money, reconciled orders) that it would send too.
    await deliveryKill(kind, q, jobEnv, jobLog, chain, rand);
    await settlementKill(kind, q, jobEnv, jobLog, chain, rand);
    await reconcileKill(kind, q, jobEnv, jobLog, chain, rand, fake);
  } finally {
    await fake.close();
    await q.close();
    await d.drop();
  }
}

/**
 * The notification delivery job SIGKILLed while it sends to a (slow) WeChat: every notification reaches the member
 * once — what the killed run had claimed is sent again after its lease, and WeChat's client_msg_id keeps that a
 * single message — and none is lost.
 */
async function deliveryKill(kind: Kind, q: Q, baseEnv: NodeJS.ProcessEnv, logFile: string, chain: { a: Member; b: Member; c: Member }, rand: Rand) {
  const sc = "delivery SIGKILL mid-send";
  const db = dbLabel(kind);
  console.log(`  ${sc}`);
  const { startFakeWechat } = await import("../../e2e/fake-channels/wechat");
  const wx = await startFakeWechat({ appId: "wxfaults000000001", appSecret: "faults-app-secret-0123456789abcd" });
  wx.addTemplate("TPL_FAULTS", ["thing1", "amount2"]);
  wx.follow("oFAULTS_member");
  wx.sendDelayMs = 8;
  const env = { ...baseEnv, WECHAT_API_BASE: wx.base, NOTIFY_LEASE_SECONDS: "3" };
  try {
    const now = new Date();
    const templates = JSON.stringify({ order_tracked: { templateId: "TPL_FAULTS", fields: "thing1=title,amount2=amount" } });
    await q.all(`INSERT INTO wechat_config ("id", "appId", "appSecret", "templates", "enabled", "updatedAt") VALUES (1, ?, ?, ?, ?, ?)`, ["wxfaults000000001", "faults-app-secret-0123456789abcd", templates, kind === "sqlite" ? 1 : true, now]);
    await q.all(`INSERT INTO wechat_bindings ("userId", "appId", "openId", "createdAt") VALUES (?, ?, ?, ?)`, [chain.c.id, "wxfaults000000001", "oFAULTS_member", now]);
    for (let i = 0; i < DELIVER_NOTIFICATIONS; i++) {
      await q.all(`INSERT INTO notifications ("userId", "kind", "dedupeKey", "amountFen", "createdAt") VALUES (?, 'order_tracked', ?, 220, ?)`, [chain.c.id, `faults:${i}`, now]);
    }
    const killAt = rand.between(40, 200);
    const job = startJob(env, logFile, ["deliver"]);
    const finished = job.result.then(() => true);
    let killed = false;
    for (;;) {
      if (await Promise.race([finished, sleep(0).then(() => false)])) break;
      if (wx.messages.length >= killAt) {
        job.child.kill("SIGKILL");
        killed = true;
        break;
      }
      await sleep(5);
    }
    const r1 = await job.result;
    const atKill = wx.messages.length;
    const r2 = await startJob(env, logFile, ["deliver"]).result;
    const unique = new Set(wx.messages.map((m) => `${m.touser}:${(m as { client_msg_id?: string }).client_msg_id}`));
    const rows = await q.all(
      `SELECT d."status", count(*) AS n FROM notification_deliveries d JOIN notifications n ON n."id" = d."notificationId" WHERE n."dedupeKey" LIKE 'faults:%' GROUP BY d."status"`,
    );
    const byStatus = Object.fromEntries(rows.map((r) => [String(r.status), num(r.n)]));
    console.log(`    ${DELIVER_NOTIFICATIONS} notifications; run 1 ${killed ? `SIGKILLed at ${atKill} messages` : `finished (exit ${r1.code})`}; run 2 exit ${r2.code}; WeChat accepted ${wx.accepted} sends, kept ${wx.messages.length} messages`);
    report.check(db, sc, "run 1 was killed mid-send", killed && r1.signal === "SIGKILL" && atKill < DELIVER_NOTIFICATIONS, `${atKill}/${DELIVER_NOTIFICATIONS} delivered when killed`);
    report.check(db, sc, "every notification reached the member (none lost)", r2.code === 0 && unique.size === DELIVER_NOTIFICATIONS && byStatus.sent === DELIVER_NOTIFICATIONS, `${unique.size} distinct messages, deliveries ${JSON.stringify(byStatus)}${r2.code !== 0 ? `; ${tail(logFile, 5)}` : ""}`);
    report.check(db, sc, "no notification delivered twice to the member", wx.messages.length === unique.size, `${wx.messages.length} messages kept, ${wx.accepted - wx.messages.length} resends recognised by client_msg_id`);
    report.row(db, { fault: sc, sent: `${DELIVER_NOTIFICATIONS} notifications`, acked: "-", stored: unique.size, lost: DELIVER_NOTIFICATIONS - unique.size, duplicated: wx.messages.length - unique.size, note: `killed at ${atKill}` });
  } finally {
    await wx.close();
  }
}

async function settlementKill(kind: Kind, q: Q, env: NodeJS.ProcessEnv, logFile: string, chain: { a: Member; b: Member; c: Member }, rand: Rand) {
  const sc = "settlement SIGKILL mid-run";
  const db = dbLabel(kind);
  console.log(`  ${sc}`);
  const prefix = `5${rand.between(10_000_000, 99_999_999)}`;
  const completed = new Date(Date.now() - 30 * 86_400_000);
  const due = new Date(Date.now() - 86_400_000);
  // Due pending rows as the ledger leaves them (completed orders whose 15-day hold has passed), seeded in bulk.
  if (kind === "sqlite") {
    await q.all(
      `WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ?)
       INSERT INTO orders ("platform", "orderId", "sid", "memberId", "title", "status", "upstreamStatus", "occurredAt", "statusRank", "source", "rawPayload", "createdAt", "updatedAt", "completedAt", "commissionFen", "commissionSource", "payFen", "ratio", "businessLine")
       SELECT 'union', ? || printf('%09d', i), ?, ?, 'settlement fault test', 'completed', '8', ?, 2, 'push', '{}', ?, ?, ?, 1000, 'estimate', 20000, '0.05', 2 FROM s`,
      [SETTLE_ORDERS, prefix, chain.c.sid, chain.c.id, completed, completed, completed, completed],
    );
    await q.all(
      `INSERT INTO commissions ("orderRef", "beneficiaryId", "level", "key", "baseFen", "rateBps", "amountFen", "ruleVersion", "status", "availableAt", "createdAt", "updatedAt")
       SELECT o."id", m.b, m.l, 'earning', 1000, m.r, m.a, 1, 'pending', ?, ?, ? FROM orders o CROSS JOIN
       (SELECT 0 AS l, ? AS b, 5000 AS r, 500 AS a UNION ALL SELECT 1, ?, 1000, 100 UNION ALL SELECT 2, ?, 500, 50) m WHERE o."orderId" LIKE ?`,
      [due, completed, completed, chain.c.id, chain.b.id, chain.a.id, prefix + "%"],
    );
  } else {
    await q.all(
      `INSERT INTO orders ("platform", "orderId", "sid", "memberId", "title", "status", "upstreamStatus", "occurredAt", "statusRank", "source", "rawPayload", "createdAt", "updatedAt", "completedAt", "commissionFen", "commissionSource", "payFen", "ratio", "businessLine")
       SELECT 'union', ?::text || lpad(i::text, 9, '0'), ?, ?, 'settlement fault test', 'completed', '8', ?::timestamp, 2, 'push', '{}', ?::timestamp, ?::timestamp, ?::timestamp, 1000, 'estimate', 20000, '0.05', 2 FROM generate_series(1, ?::int) i`,
      [prefix, chain.c.sid, chain.c.id, completed, completed, completed, completed, SETTLE_ORDERS],
    );
    await q.all(
      `INSERT INTO commissions ("orderRef", "beneficiaryId", "level", "key", "baseFen", "rateBps", "amountFen", "ruleVersion", "status", "availableAt", "createdAt", "updatedAt")
       SELECT o."id", m.b, m.l, 'earning', 1000, m.r, m.a, 1, 'pending', ?::timestamp, ?::timestamp, ?::timestamp FROM orders o CROSS JOIN
       (VALUES (0, ?::text, 5000, 500), (1, ?::text, 1000, 100), (2, ?::text, 500, 50)) AS m(l, b, r, a) WHERE o."orderId" LIKE ?`,
      [due, completed, completed, chain.c.id, chain.b.id, chain.a.id, prefix + "%"],
    );
  }
  const seededSql = `FROM commissions c JOIN orders o ON o."id" = c."orderRef" WHERE o."orderId" LIKE ?`;
  const like = [prefix + "%"];
  const total = num((await q.all(`SELECT count(*) AS n ${seededSql} AND c."status" = 'pending'`, like))[0].n);
  const settledEvents = async () => num((await q.all(`SELECT count(*) AS n FROM commission_events ce JOIN orders o ON o."id" = ce."orderRef" WHERE o."orderId" LIKE ? AND ce."reason" = 'settled'`, like))[0].n);
  const available = async () => num((await q.all(`SELECT count(*) AS n ${seededSql} AND c."status" = 'available'`, like))[0].n);

  // Run 1, SIGKILLed once a few batches have committed.
  const killAt = rand.between(1000, 4000);
  const job = startJob(env, logFile, ["settle"]);
  let killed = false;
  let ready = false;
  job.onLine((o) => { if (o.ready) ready = true; });
  const finished = job.result.then(() => true);
  let doneEarly = false;
  for (;;) {
    if (await Promise.race([finished, sleep(0).then(() => false)])) {
      doneEarly = true;
      break;
    }
    if (ready && (await settledEvents()) >= killAt) {
      job.child.kill("SIGKILL");
      killed = true;
      break;
    }
    await sleep(ready ? 3 : 50);
  }
  const r1 = await job.result;
  const availAfterKill = await available();
  const evAfterKill = await settledEvents();
  console.log(`    ${total} due rows; run 1 ${killed ? `SIGKILLed after ≥ ${killAt} settled` : `finished (exit ${r1.code})`}: ${availAfterKill} available, ${evAfterKill} settled events`);
  report.check(db, sc, "run 1 was killed mid-run (some rows settled, not all)", killed && !doneEarly && r1.signal === "SIGKILL" && availAfterKill > 0 && availAfterKill < total, `${availAfterKill}/${total} settled when killed${doneEarly ? `; the run ended first: ${tail(logFile, 5)}` : ""}`);
  report.check(db, sc, "after the kill: settled rows = their 'settled' events (batches are all-or-nothing)", availAfterKill === evAfterKill, `${availAfterKill} available, ${evAfterKill} events`);

  // Run 2 finishes the job.
  const r2 = await startJob(env, logFile, ["settle"]).result;
  const settled2 = num(r2.result?.settled ?? NaN);
  const availEnd = await available();
  const perRow = await q.all(
    `SELECT c."id", c."status", (SELECT count(*) FROM commission_events ce WHERE ce."commissionId" = c."id" AND ce."reason" = 'settled') AS n ${seededSql}`,
    like,
  );
  const notSettled = perRow.filter((r) => r.status !== "available");
  const wrongEvents = perRow.filter((r) => num(r.n) !== 1);
  console.log(`    run 2: exit ${r2.code}, settled ${settled2}; ${availEnd}/${total} available`);
  report.check(db, sc, "run 2 completes: every due row is available", r2.code === 0 && notSettled.length === 0, `${notSettled.length} rows not available${notSettled.length ? `: ${sample(notSettled.map((r) => `#${r.id} ${r.status}`))}` : ""}${r2.code !== 0 ? `; exit ${r2.code}: ${tail(logFile, 5)}` : ""}`);
  report.check(db, sc, "each settled row has exactly one 'settled' commission_event", wrongEvents.length === 0, wrongEvents.length ? `${wrongEvents.length} rows: ${sample(wrongEvents.map((r) => `#${r.id}: ${r.n}`))}` : "");
  report.check(db, sc, "run 2 settles exactly what run 1 left (no row settled twice)", settled2 + availAfterKill === total, `${availAfterKill} + ${settled2} = ${availAfterKill + settled2} of ${total}`);
  const extra = wrongEvents.reduce((s, r) => s + Math.max(0, num(r.n) - 1), 0);
  report.row(db, { fault: "settlement SIGKILL mid-run", sent: `${total} rows`, acked: "-", stored: availEnd, lost: total - availEnd, duplicated: extra, note: `killed at ${availAfterKill}/${total}` });
}

async function reconcileKill(kind: Kind, q: Q, env: NodeJS.ProcessEnv, logFile: string, chain: { a: Member; b: Member; c: Member }, rand: Rand, fake: Awaited<ReturnType<typeof import("../../e2e/fake-meituan/server").startFakeMeituan>>) {
  const sc = "reconciliation SIGKILL mid-window";
  const db = dbLabel(kind);
  console.log(`  ${sc}`);
  const todayStart = beijingDayStartOf(new Date());
  const from = new Date(todayStart.getTime() - SYNC_DAYS * 86_400_000);
  const to = todayStart;
  const seed = rand.between(10_000, 99_999);
  const orders = fake.generateOrders(SYNC_ORDERS, {
    start: Math.floor(from.getTime() / 1000) + 60, end: Math.floor(to.getTime() / 1000) - 60,
    sids: [chain.c.sid, "unknownsid000000"], businessLines: ["2"], seed, idPrefix: "7",
  });
  const prefix = `7${String(seed).padStart(5, "0")}`;
  const cfg = JSON.stringify({ from: from.toISOString(), to: to.toISOString(), url: fake.url, appKey: "faults_app", apiSecret: "faults_api_secret", pageSize: 10, pageDelayMs: 25 });
  const killWindow = 2;
  const killPage = rand.between(1, 4);

  // Run 1: SIGKILL inside window `killWindow` (0-based), after a few of its pages were applied.
  const job = startJob(env, logFile, ["sync", cfg]);
  let killed = false;
  job.onLine((o) => {
    const pg = o.page as [number, number] | undefined;
    if (!killed && pg && pg[0] === killWindow && pg[1] === killPage) {
      killed = true;
      setTimeout(() => job.child.kill("SIGKILL"), rand.between(0, 40));
    }
  });
  const r1 = await job.result;
  const runs1 = await q.all(`SELECT * FROM sync_runs ORDER BY "id"`);
  const checkpointWant = new Date(from.getTime() + killWindow * 86_400_000);
  const ordersAfterKill = num((await q.all(`SELECT count(*) AS n FROM orders WHERE "orderId" LIKE ?`, [prefix + "%"]))[0].n);
  const run1 = runs1[0];
  console.log(`    run 1 ${r1.signal === "SIGKILL" ? `SIGKILLed in window ${killWindow} page ${killPage}` : `ended (exit ${r1.code}, ${JSON.stringify(r1.result)})`}: ${ordersAfterKill}/${SYNC_ORDERS} orders, sync_runs ${JSON.stringify(runs1.map((r) => ({ id: r.id, status: r.status, windowsDone: r.windowsDone, created: r.created })))}`);
  report.check(db, sc, "run 1 was killed mid-window", killed && r1.signal === "SIGKILL" && ordersAfterKill > 0 && ordersAfterKill < SYNC_ORDERS, `${ordersAfterKill}/${SYNC_ORDERS} orders when killed`);
  report.check(
    db, sc, "after the kill sync_runs shows the run unfinished with the last finished window as checkpoint",
    runs1.length === 1 && run1?.status === "running" && num(run1?.windowsDone) === killWindow && new Date(String(run1?.checkpointAt instanceof Date ? (run1.checkpointAt as Date).toISOString() : run1?.checkpointAt)).getTime() === checkpointWant.getTime(),
    run1 ? `status ${run1.status}, windowsDone ${run1.windowsDone}, checkpoint ${run1.checkpointAt instanceof Date ? (run1.checkpointAt as Date).toISOString() : run1.checkpointAt} (want ${checkpointWant.toISOString()})` : "no sync_runs row",
  );

  // Run 2 right away: the dead run's lease (120 s) still stands.
  const r2 = await startJob(env, logFile, ["sync", cfg]).result;
  const lease = await q.all(`SELECT "holder", "lockedUntil" FROM job_locks WHERE "name" = 'reconcile'`);
  console.log(`    run 2 (at once): ${JSON.stringify(r2.result)}; lease ${lease.length ? `held until ${lease[0].lockedUntil instanceof Date ? (lease[0].lockedUntil as Date).toISOString() : lease[0].lockedUntil}` : "free"}`);
  const r2status = (r2.result as { status?: string } | null)?.status;
  report.check(db, sc, "a run started while the dead run's lease stands neither runs concurrently nor fails (busy, or resumes)", r2status === "busy" || r2status === "done", `status ${r2status}${r2status === "busy" ? " — the killed run's lease blocks reconciliation until it expires (LEASE_SECONDS = 120)" : ""}`);

  // The lease runs out (simulated: lockedUntil moved into the past), run 3 resumes.
  if (r2status === "busy") await q.all(`UPDATE job_locks SET "lockedUntil" = ? WHERE "name" = 'reconcile'`, [new Date(Date.now() - 1000)]);
  fake.clearRequests();
  const r3 = await startJob(env, logFile, ["sync", cfg]).result;
  const res3 = (r3.result ?? {}) as Record<string, unknown>;
  const listReq = fake.requests.filter((r) => r.path === "/api/orderList");
  const minStart = Math.min(...listReq.map((r) => Number(r.query.startTime)));
  const checkpointSec = Math.ceil(checkpointWant.getTime() / 1000);
  console.log(`    run 3: ${JSON.stringify(res3)}; ${listReq.length} orderList requests from ${new Date(minStart * 1000).toISOString()}`);
  report.check(db, sc, "the next run resumes the same sync_runs row and finishes", res3.status === "done" && num(res3.runId) === num(run1?.id), `status ${res3.status}, runId ${res3.runId} (killed run ${run1?.id})`);
  report.check(db, sc, "it resumes from the checkpoint (windows before it are not fetched again)", listReq.length > 0 && minStart >= checkpointSec, `first window fetched starts ${Number.isFinite(minStart) ? new Date(minStart * 1000).toISOString() : "-"}, checkpoint ${checkpointWant.toISOString()}`);

  // The data: every fake order once, in Meituan's state, its ledger single.
  const dup = await q.all(`SELECT "orderId", count(*) AS n FROM orders WHERE "orderId" LIKE ? GROUP BY "orderId" HAVING count(*) > 1`, [prefix + "%"]);
  const stored = await q.all(`SELECT "id", "orderId", "status", "upstreamStatus", "refundType", "source", "sid", "commissionFen", "commissionSource" FROM orders WHERE "orderId" LIKE ?`, [prefix + "%"]);
  const byId = new Map(stored.map((o) => [String(o.orderId), o]));
  const missing = orders.filter((o) => !byId.has(o.orderid)).map((o) => o.orderid);
  const fen = (y: string | undefined) => (y ? Math.round(Number(y) * 100) : 0);
  const wrong: string[] = [];
  for (const o of orders) {
    const s = byId.get(o.orderid);
    if (!s) continue;
    if (s.upstreamStatus !== o.status || (s.refundType ?? undefined) !== o.refundType) wrong.push(`${o.orderid}: ${s.upstreamStatus}/${s.refundType} want ${o.status}/${o.refundType}`);
    if (s.source !== "sync") wrong.push(`${o.orderid}: source ${s.source}`);
    const base = Math.max(0, fen(o.profit) - fen(o.refundprofit));
    if (s.commissionSource !== "profit" || num(s.commissionFen) !== base) wrong.push(`${o.orderid}: commission ${s.commissionFen} (${s.commissionSource}) want ${base} (profit)`);
  }
  report.check(db, sc, "every fake order exists exactly once", missing.length === 0 && dup.length === 0, `${stored.length}/${orders.length} stored${missing.length ? `; missing ${sample(missing)}` : ""}${dup.length ? `; duplicated ${sample(dup.map((r) => `${r.orderId}×${r.n}`))}` : ""}`);
  report.check(db, sc, "each order is in Meituan's state with Meituan's commission", wrong.length === 0, wrong.length ? `${wrong.length}: ${sample(wrong)}` : "");
  const evCounts = await q.all(`SELECT o."orderId", count(e."id") AS n FROM orders o LEFT JOIN order_events e ON e."orderRef" = o."id" WHERE o."orderId" LIKE ? GROUP BY o."orderId"`, [prefix + "%"]);
  const badEv = evCounts.filter((r) => num(r.n) !== 1);
  report.check(db, sc, "each order has exactly one order_event (re-applied pages change nothing)", badEv.length === 0, badEv.length ? `${badEv.length}: ${sample(badEv.map((r) => `${r.orderId}: ${r.n}`))}` : "");
  const comms = await q.all(`SELECT c."id", c."orderRef", c."level", c."key", c."status", o."orderId", o."status" AS "orderStatus", o."sid" FROM commissions c JOIN orders o ON o."id" = c."orderRef" WHERE o."orderId" LIKE ?`, [prefix + "%"]);
  const commBy = new Map<string, typeof comms>();
  for (const c of comms) {
    const k = String(c.orderId);
    if (!commBy.has(k)) commBy.set(k, []);
    commBy.get(k)!.push(c);
  }
  const ledgerBad: string[] = [];
  let ledgerDup = 0;
  for (const s of stored) {
    const rows = commBy.get(String(s.orderId)) ?? [];
    const earns = s.sid === chain.c.sid && (s.status === "paid" || s.status === "completed");
    const levels = rows.filter((r) => r.key === "earning").map((r) => num(r.level)).sort().join(",");
    if (earns ? levels !== "0,1,2" : rows.length !== 0) ledgerBad.push(`${s.orderId} (${s.status}, ${s.sid === chain.c.sid ? "attributed" : "unattributed"}): earning levels [${levels}], ${rows.length} rows`);
    if (rows.length > 3) ledgerDup += rows.length - 3;
  }
  report.check(db, sc, "commission rows: one per (order, level) for attributed paid/completed orders, none otherwise", ledgerBad.length === 0, ledgerBad.length ? `${ledgerBad.length}: ${sample(ledgerBad)}` : `${comms.length} rows`);
  const cev = await q.all(
    `SELECT ce."commissionId", ce."fromStatus", ce."toStatus", ce."fromAmountFen", ce."toAmountFen", count(*) AS n FROM commission_events ce JOIN orders o ON o."id" = ce."orderRef" WHERE o."orderId" LIKE ?
     GROUP BY ce."commissionId", ce."fromStatus", ce."toStatus", ce."fromAmountFen", ce."toAmountFen" HAVING count(*) > 1`,
    [prefix + "%"],
  );
  const created = await q.all(
    `SELECT c."id", (SELECT count(*) FROM commission_events ce WHERE ce."commissionId" = c."id" AND ce."fromStatus" IS NULL) AS n FROM commissions c JOIN orders o ON o."id" = c."orderRef" WHERE o."orderId" LIKE ?`,
    [prefix + "%"],
  );
  const badCreated = created.filter((r) => num(r.n) !== 1);
  report.check(db, sc, "commission_events: one creation per row, no event repeated", cev.length === 0 && badCreated.length === 0, `${cev.length ? `repeated: ${sample(cev.map((r) => `#${r.commissionId} ${r.fromStatus}→${r.toStatus} ${r.fromAmountFen}→${r.toAmountFen} ×${r.n}`))}` : ""}${badCreated.length ? ` creation events ≠ 1: ${sample(badCreated.map((r) => `#${r.id}: ${r.n}`))}` : ""}`);

  const runs = await q.all(`SELECT * FROM sync_runs ORDER BY "id"`);
  const fin = runs.at(-1)!;
  report.check(db, sc, "sync_runs: one run for the range, done, every window", runs.length === 1 && fin.status === "done" && num(fin.windowsDone) === SYNC_DAYS && num(fin.windowsTotal) === SYNC_DAYS, `${runs.length} rows; ${fin.status}, windows ${fin.windowsDone}/${fin.windowsTotal}`);
  // "seen" counts reads, and the interrupted window is read again on resume, so only "created" must be exact.
  report.check(db, sc, "sync_runs counters after the resume: created = the fake's orders (all were created by reconciliation), seen ≥ that", num(fin.seen) >= SYNC_ORDERS && num(fin.created) === SYNC_ORDERS, `seen ${fin.seen}, created ${fin.created}, statusChanged ${fin.statusChanged}, moneyChanged ${fin.moneyChanged}; want ${SYNC_ORDERS} created (orders really created by reconciliation: ${stored.filter((s) => s.source === "sync").length})`);
  report.row(db, { fault: "reconciliation SIGKILL mid-window", sent: `${SYNC_ORDERS} orders`, acked: "-", stored: stored.length, lost: missing.length, duplicated: dup.reduce((s, r) => s + num(r.n) - 1, 0) + badEv.filter((r) => num(r.n) > 1).length + ledgerDup + cev.length, note: `killed at ${ordersAfterKill}/${SYNC_ORDERS}` });
}

// ------------------------------------------------------------------------------------------------ main

function ensureBuild() {
  const buildId = path.join(ROOT, ".next/BUILD_ID");
  if (!existsSync(buildId)) {
    const building = () => spawnSync("sh", ["-c", "ps aux | grep -E 'next build' | grep -v grep"], { encoding: "utf8" }).stdout.trim();
    if (building()) {
      console.log("Someone else is running next build; waiting for it…");
      const until = Date.now() + 10 * 60_000;
      while (building() && Date.now() < until) spawnSync("sleep", ["5"]);
    }
    if (!existsSync(buildId)) {
      console.log("No production build (.next/BUILD_ID missing): running next build…");
      const b = spawnSync(process.execPath, [NEXT_BIN, "build"], { cwd: ROOT, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
      if (b.status !== 0) throw new Error(`next build failed (exit ${b.status})`);
    }
  }
  let newest: { f: string; m: number } | null = null;
  const visit = (p: string) => {
    let st;
    try { st = statSync(p); } catch { return; }
    if (st.isDirectory()) { for (const n of readdirSync(p)) if (!n.startsWith(".") && n !== "node_modules") visit(path.join(p, n)); }
    else if (/\.(ts|tsx|sql|prisma)$/.test(p) && (!newest || st.mtimeMs > newest.m)) newest = { f: p, m: st.mtimeMs };
  };
  for (const p of ["app", "lib", "prisma", "instrumentation.ts", "proxy.ts"]) visit(path.join(ROOT, p));
  const built = statSync(buildId).mtimeMs;
  const n = newest as { f: string; m: number } | null;
  const id = spawnSync("cat", [buildId], { encoding: "utf8" }).stdout.trim();
  console.log(`build ${id} (${new Date(built).toISOString()})${n && n.m > built ? `; WARNING: older than ${path.relative(ROOT, n.f)} (${new Date(n.m).toISOString()}): the server runs the built code, the job child runs the current source` : ""}`);
}

/**
 * A private copy of the production build (without .next/cache) in a temp project directory whose other entries
 * link back to the project: others rebuilding .next while the suite runs cannot pull the build from under the
 * server (a rebuild deletes .next/build-manifest.json and the server answers 500 until it is back).
 */
function snapshotBuild(): string {
  const building = () => spawnSync("sh", ["-c", "ps aux | grep -E 'next build' | grep -v grep"], { encoding: "utf8" }).stdout.trim();
  for (let attempt = 0; ; attempt++) {
    while (building()) spawnSync("sleep", ["3"]);
    const dir = mkdtempSync(path.join(os.tmpdir(), "mt-cps-faults-app-"));
    tmpDirs.push(dir);
    const idBefore = readFileSync(path.join(ROOT, ".next/BUILD_ID"), "utf8");
    try {
      cpSync(path.join(ROOT, ".next"), path.join(dir, ".next"), { recursive: true, filter: (src) => src !== path.join(ROOT, ".next/cache") });
    } catch (e) {
      if (attempt < 3) continue;
      throw e;
    }
    const idAfter = existsSync(path.join(ROOT, ".next/BUILD_ID")) ? readFileSync(path.join(ROOT, ".next/BUILD_ID"), "utf8") : "";
    if ((idBefore !== idAfter || building() || !existsSync(path.join(dir, ".next/BUILD_ID"))) && attempt < 3) continue;
    for (const name of ["node_modules", "package.json", "next.config.js", "prisma", "generated", "public", "tsconfig.json"]) {
      if (existsSync(path.join(ROOT, name))) symlinkSync(path.join(ROOT, name), path.join(dir, name));
    }
    console.log(`server runs a private copy of build ${idBefore.trim()} in ${dir}`);
    return dir;
  }
}

// ------------------------------------------------------------------------------------------------ 4. forged flood

async function scenarioFlood(kind: Kind, rand: Rand) {
  const sc = "forged flood while streaming";
  const db = dbLabel(kind);
  console.log(`\n[${db}] ${sc}: ${FLOOD_CLIENTS} kept-alive flooding clients for ${FLOOD_MS / 1000} s, ${SENDERS} genuine senders`);
  const d = await freshDb(kind, "flood");
  const port = await freePort();
  const logFile = path.join(d.dir, "server.log");
  const admin = { username: "faults-admin@example.com", password: "Faults-Admin-123" };
  const server = new AppServer(port, { ...appEnv(port, d.dataDir, d.dbUrl, "warn"), ADMIN_USERNAME: admin.username, ADMIN_PASSWORD: admin.password }, logFile, APP_DIR);
  try {
    await server.start();
    const chain = await registerChain(port, `flood${kind}`);
    const stream = new PushStream([chain.c.sid, "unknownsid000000"], rand);
    let recent: string[] = [];
    const refresh = setInterval(() => (recent = [...stream.pushes.values()].slice(-200).map((p) => p.orderId)), 200);
    const flood = new ForgedFlood(() => recent, rand);
    let stop = false;
    const sending = stream.senders(SENDERS, () => port, () => stop);
    const flooding = flood.run(FLOOD_CLIENTS, () => port, () => stop);
    await sleep(FLOOD_MS);
    stop = true;
    await Promise.all([sending, flooding]);
    clearInterval(refresh);
    await stream.drain(SENDERS, () => port, 60_000);
    const s = stream.stats();
    const replies = Object.entries(flood.replies).sort((a, b) => b[1] - a[1]).map(([k, n]) => `${n}× ${k}`).join(", ");
    console.log(`  flood: ${flood.requests} requests (${JSON.stringify(flood.byKind)}), replies ${replies}; genuine: ${s.requests} requests, ${s.distinctSent} pushes, slowest ok ${(stream.maxOkMs / 1000).toFixed(2)} s`);
    report.check(db, sc, "the flood is refused: nothing forged, oversized or junk is acknowledged (200/413/503 with errcode 1)", flood.acknowledged === 0 && flood.unexpectedReplies().length === 0, `${flood.acknowledged} acknowledged; ${flood.unexpectedReplies().join(", ") || "all refused"}`);
    report.check(db, sc, "no kept-alive connection is reset: an oversized or refused body never costs the next request", flood.networkErrors.length === 0, flood.networkErrors.length ? `${flood.networkErrors.length}: ${sample(flood.networkErrors)}` : `${flood.requests} requests on ${FLOOD_CLIENTS} kept-alive clients`);
    report.check(db, sc, "every genuine push is acknowledged (Meituan's retries end)", s.neverAcked.length === 0, s.neverAcked.length ? `never acknowledged: ${sample(s.neverAcked.map((p) => `${p.orderId}/${p.step}`))}` : `${s.distinctAcked} pushes`);
    const q = await d.open();
    try {
      await waitFor(async () => (await countFailedRows(q)) === 0, 20_000, 250);
      const v = await verifyPushes(q, [stream], { a: chain.a, b: chain.b, c: chain.c }, { forgedAlongside: true });
      recordChecks(kind, sc, v.checks, logFile);
      console.log(`  ${v.info}`);
      report.row(db, { fault: "forged flood while streaming", sent: v.sent, acked: v.acked, stored: v.stored, lost: v.lost, duplicated: v.duplicated, note: `${flood.requests} flood requests` });
    } finally {
      await q.close();
    }
    await orderPagesShowGenuinePushes(kind, sc, port, admin, stream, flood);
  } finally {
    await server.stop();
    await d.drop();
  }
}

/** Every acknowledged push on its order's admin page, among the signature-valid pushes; the forged counted apart. */
async function orderPagesShowGenuinePushes(kind: Kind, sc: string, port: number, admin: { username: string; password: string }, stream: PushStream, flood: ForgedFlood) {
  const client = new Client(port);
  await client.login(admin.username, admin.password);
  const byOrder = new Map<string, Set<string>>();
  for (const p of stream.pushes.values()) if (p.acks > 0) byOrder.set(p.orderId, (byOrder.get(p.orderId) ?? new Set()).add(p.hash));
  const missing: string[] = [];
  const wrongCounts: string[] = [];
  const invalidListed: string[] = [];
  let forgedOnPages = 0;
  for (const [orderId, hashes] of byOrder) {
    const detail = await client.req("GET", `/api/admin/orders/${orderId}`);
    if (detail.status !== 200) {
      missing.push(`${orderId}: detail HTTP ${detail.status}`);
      continue;
    }
    const listed = new Set<string>();
    let listedRows = 0;
    let cursor: string | null = null;
    do {
      const page = await client.req("GET", `/api/admin/orders/${orderId}/pushes?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      for (const p of page.data?.items ?? []) {
        if (!p.signatureValid) invalidListed.push(`${orderId} #${p.id}`);
        listed.add(md5(Buffer.from(p.body, "utf8")));
        listedRows++;
      }
      cursor = page.data?.nextCursor ?? null;
    } while (cursor);
    const absent = [...hashes].filter((h) => !listed.has(h));
    if (absent.length) missing.push(`${orderId}: ${absent.length} of ${hashes.size} acknowledged pushes not listed`);
    // The detail lists Meituan's pushes first and then at most DETAIL_REFUSED_PUSHES refused ones, never mixed.
    const shown: { signatureValid: boolean }[] = detail.data.pushes;
    const firstRefused = shown.findIndex((p) => !p.signatureValid);
    const refusedShown = firstRefused < 0 ? [] : shown.slice(firstRefused);
    if (refusedShown.some((p) => p.signatureValid) || refusedShown.length > DETAIL_REFUSED_PUSHES) invalidListed.push(`${orderId}: detail`);
    const forged = flood.storedByOrder.get(orderId) ?? 0;
    forgedOnPages += detail.data.pushCounts.invalid;
    if (detail.data.pushCounts.invalid !== forged || detail.data.pushCounts.valid !== listedRows) {
      wrongCounts.push(`${orderId}: counts ${JSON.stringify(detail.data.pushCounts)}, ${forged} forged stored, ${listedRows} listed`);
    }
  }
  const db = dbLabel(kind);
  report.check(db, sc, "order pages: every acknowledged push is listed among its order's signature-valid pushes", missing.length === 0, missing.length ? sample(missing) : `${byOrder.size} orders`);
  report.check(db, sc, "order pages: no forged push among the signature-valid ones (the detail shows at most a few, after them); the forged counted apart, exactly", invalidListed.length === 0 && wrongCounts.length === 0, `${invalidListed.length ? `listed as valid: ${sample(invalidListed)}; ` : ""}${wrongCounts.length ? sample(wrongCounts) : `${forgedOnPages} forged pushes counted apart`}`);
}

function printTables() {
  for (const [db, rows] of report.rows) {
    console.log(`\n=== ${db} ===`);
    const head = [pad("fault injected", 40, true), pad("pushes sent", 12), pad("acknowledged", 12), pad("stored", 8), pad("lost", 5), pad("duplicated", 10), pad("checks", 7), "  note"];
    console.log(head.join("  "));
    console.log("-".repeat(head.join("  ").length + 20));
    for (const r of rows) {
      const scenarioKey = r.fault.startsWith("forged") ? "forged flood while streaming" : r.fault.startsWith("kill") ? "kill -9 while streaming" : r.fault.startsWith("processing") ? "processing failure → retry job" : r.fault.startsWith("settlement") ? "settlement SIGKILL mid-run" : r.fault.startsWith("reconciliation") ? "reconciliation SIGKILL mid-window" : r.fault.startsWith("delivery") ? "delivery SIGKILL mid-send" : "database unavailable";
      const cs = report.checks.filter((c) => c.db === db && c.scenario === scenarioKey);
      const cStr = `${cs.filter((c) => c.ok).length}/${cs.length}`;
      console.log([pad(r.fault, 40, true), pad(r.sent, 12), pad(r.acked, 12), pad(r.stored, 8), pad(r.lost, 5), pad(r.duplicated, 10), pad(cStr, 7), `  ${r.note ?? ""}`].join("  "));
    }
  }
}

async function cleanup() {
  killTracked();
  for (const name of [...createdPgDbs]) await dropPgDb(name);
  if (!KEEP) for (const d of tmpDirs) rmSync(d, { recursive: true, force: true });
  else if (tmpDirs.length) console.log(`temp dirs kept: ${tmpDirs.join(" ")}`);
}

let cleaning: Promise<void> | undefined;
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.on(sig, () => {
    console.error(`\n${sig}: stopping everything this suite started`);
    cleaning ??= cleanup();
    void cleaning.finally(() => process.exit(130));
  });
}
process.on("exit", () => killTracked());

async function main(): Promise<number> {
  ensureBuild();
  APP_DIR = snapshotBuild();
  const pgUp = await pgReachable();
  let kinds: Kind[];
  if (DB_ARG === "sqlite") kinds = ["sqlite"];
  else if (DB_ARG === "postgres" || DB_ARG === "pg") kinds = ["pg"];
  else if (DB_ARG === "both") kinds = ["sqlite", "pg"];
  else kinds = pgUp ? ["sqlite", "pg"] : ["sqlite"];
  if (kinds.includes("pg") && !pgUp) throw new Error(`PostgreSQL is not reachable at ${new URL(pgUrlFor("postgres")).host}`);
  if (!DB_ARG && !pgUp) console.log("PostgreSQL not reachable: SQLite only");
  console.log(`fault suite: db ${kinds.map(dbLabel).join(" + ")}, seed ${SEED} (--seed ${SEED} repeats the choices), ${KILLS} kills, ${SENDERS} senders, ${os.cpus().length} CPUs, node ${process.version}, load ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);
  const scenarios: [string, (k: Kind, r: Rand) => Promise<void>, string][] = [
    ["kill", scenarioKill, "kill -9 while streaming"],
    ["outage", scenarioOutage, "database unavailable"],
    ["jobs", scenarioJobs, "jobs"],
    ["flood", scenarioFlood, "forged flood while streaming"],
  ];
  for (const kind of kinds) {
    const rand = prng(SEED + (kind === "pg" ? 1 : 0));
    for (const [key, fn, name] of scenarios) {
      if (!ONLY.has(key)) continue;
      const t = Date.now();
      try {
        await fn(kind, rand);
      } catch (e) {
        report.check(dbLabel(kind), name, `${name}: scenario ran to the end`, false, e instanceof Error ? e.stack ?? e.message : String(e));
      }
      console.log(`  (${((Date.now() - t) / 1000).toFixed(0)} s)`);
    }
  }
  printTables();
  const failed = report.checks.filter((c) => !c.ok);
  const lostOrDup = [...report.rows.values()].flat().some((r) => r.lost > 0 || r.duplicated > 0);
  if (failed.length) {
    console.log(`\nFAILED CHECKS:`);
    for (const c of failed) console.log(`  [${c.db}] ${c.scenario}: ${c.name}\n      ${c.detail}`);
  }
  console.log(`\ntotal ${((Date.now() - t0All) / 1000).toFixed(0)} s`);
  console.log(`${report.checks.length - failed.length} passed, ${failed.length} failed`);
  return failed.length || lostOrDup ? 1 : 0;
}

main()
  .then(async (code) => {
    await cleanup();
    process.exit(code);
  })
  .catch(async (e) => {
    console.error(`\nfault suite crashed: ${e instanceof Error ? e.stack ?? e.message : e}`);
    await cleanup();
    console.log(`${report.checks.filter((c) => c.ok).length} passed, ${report.checks.filter((c) => !c.ok).length + 1} failed`);
    process.exit(1);
  });
