// Callback benchmark: the Meituan push path (POST /api/meituan/callback) against the framework's floor
// (GET /api/ping) on the production server, then a check that every acknowledged push was stored.
//
//   npx tsx bench/callback.ts [--seconds N] [--warmup N] [--db sqlite|postgres] [--build] [--max-requests N] [--keep]
//   npm run bench:callback -- --db postgres
//
// Targets: callback req/s ÷ ping req/s at 50 senders ≥ 0.6; callback p99 ÷ ping p99 at 10 senders < 2.
// Target misses are reported, not fatal. Exit 1 only when a request failed or an acknowledged push is missing.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash, randomInt } from "node:crypto";
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import pg from "pg";

// ---------------------------------------------------------------------------------------------- options

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const NEXT_BIN = path.join(ROOT, "node_modules/next/dist/bin/next");
const SECRET = "bench_secret";
const OK_BODY = JSON.stringify({ errcode: "0", errmsg: "ok" });
const PING_BODY = JSON.stringify({ ok: true });
const CONCURRENCIES = [50, 10] as const;
const REQUEST_TIMEOUT_MS = 30_000;

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  if (i >= 0) return process.argv[i + 1];
  const eq = process.argv.find((a) => a.startsWith(name + "="));
  return eq?.slice(name.length + 1);
}
const flag = (name: string) => process.argv.includes(name);
function numArg(name: string, fallback: number): number {
  const v = argValue(name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got ${v}`);
  return n;
}

const SECONDS = numArg("--seconds", 10);
const WARMUP_SECONDS = numArg("--warmup", 5);
const MAX_REQUESTS = Math.floor(numArg("--max-requests", 500_000));
const FORCE_BUILD = flag("--build");
const KEEP = flag("--keep");
const dbArg = argValue("--db");
const DB: "sqlite" | "postgres" = dbArg === "postgres" || dbArg === "pg" || (!dbArg && process.env.BENCH_DATABASE_URL) ? "postgres" : "sqlite";
if (dbArg && !["sqlite", "postgres", "pg"].includes(dbArg)) throw new Error(`--db must be sqlite or postgres, got ${dbArg}`);
const PG_BASE_URL = process.env.BENCH_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";

// ---------------------------------------------------------------------------------------------- signing

// Union MD5 sign, written independently of lib/meituan/sign.ts: secret + k1v1 + … + knvn + secret over every
// key except `sign`, keys in default .sort() order (UTF-16 code units), values as strings, MD5 lowercase hex.
const sortedKeysCache = new Map<string, string[]>();
function unionSign(params: Record<string, string | unknown[]>, secret: string): string {
  const raw = Object.keys(params);
  const cacheKey = raw.join(",");
  let keys = sortedKeysCache.get(cacheKey);
  if (!keys) sortedKeysCache.set(cacheKey, (keys = raw.filter((k) => k !== "sign").sort()));
  let s = secret;
  for (const k of keys) {
    const v = params[k];
    s += k + (typeof v === "string" ? v : JSON.stringify(v));
  }
  return createHash("md5").update(s + secret, "utf8").digest("hex");
}

// ---------------------------------------------------------------------------------------------- push mix

type Step = "1" | "8" | "9";
const STEP_STATUS: Record<Step, string> = { "1": "paid", "8": "completed", "9": "refunded" };
const STATUS_RANK: Record<string, number> = { unknown: 0, paid: 1, completed: 2, refunded: 3, risk: 3 };

interface Push {
  orderId: string;
  seq: number;
  step: Step;
  body: Buffer;
  headers: http.OutgoingHttpHeaders;
}

/**
 * About half new orders (status 1) and half status updates (8 completed, then 9 refunded) of orders whose
 * previous push was already acknowledged, each with a later modTime, so every update must be applied.
 */
class PushMix {
  /** Half the orders belong to a member at the bottom of a three-level chain (so the commission ledger is
   * written at three levels), half carry an unknown sid (stored unattributed). */
  constructor(private readonly sids: string[]) {}
  readonly runId = String(Date.now() % 1e6).padStart(6, "0") + String(randomInt(0, 100)).padStart(2, "0");
  private seq = 0;
  private counter = 0;
  private pending: { seq: number; step: Step }[] = [];
  private head = 0;
  newSent = 0;
  sent = 0;
  /** orderid → acknowledged pushes and the highest acknowledged step. */
  readonly acked = new Map<string, { count: number; last: Step }>();
  ackedTotal = 0;
  ackedNew = 0;

  orderId(seq: number) {
    return `6${this.runId}${String(seq).padStart(9, "0")}`; // 18 digits, unique per run
  }

  next(): Push {
    this.counter++;
    this.sent++;
    if (this.counter % 2 === 0 && this.head < this.pending.length) {
      const u = this.pending[this.head++];
      if (this.head > 4096 && this.head * 2 > this.pending.length) {
        this.pending = this.pending.slice(this.head);
        this.head = 0;
      }
      return this.build(u.seq, u.step);
    }
    this.newSent++;
    return this.build(this.seq++, "1");
  }

  ok(p: Push) {
    this.ackedTotal++;
    const a = this.acked.get(p.orderId);
    if (!a) this.acked.set(p.orderId, { count: 1, last: p.step });
    else {
      a.count++;
      if (Number(p.step) > Number(a.last)) a.last = p.step;
    }
    if (p.step === "1") {
      this.ackedNew++;
      this.pending.push({ seq: p.seq, step: "8" });
    } else if (p.step === "8") this.pending.push({ seq: p.seq, step: "9" });
  }

  private build(seq: number, step: Step): Push {
    const orderId = this.orderId(seq);
    const payTime = 1714550400 + (seq % 1_000_000);
    const modTime = payTime + (step === "1" ? 1 : step === "8" ? 86_400 : 2 * 86_400);
    const pay = (1000 + (seq % 5000)) / 100;
    const params: Record<string, string> = {
      orderid: orderId,
      sid: this.sids[seq % this.sids.length],
      appkey: "demo_appkey",
      uid: String(100200 + (seq % 1000)),
      smstitle: "美团外卖-测试店铺",
      quantity: "1",
      paytime: String(payTime),
      ordertime: String(payTime - 10),
      modTime: String(modTime),
      status: step,
      businessLine: "2",
      subBusinessLine: "1",
      actId: "33",
      total: (pay + 6.7).toFixed(2),
      payPrice: pay.toFixed(2),
      direct: pay.toFixed(2),
      ratio: "0.05",
    };
    if (step === "9") params.refundType = "1";
    params.sign = unionSign(params, SECRET);
    const body = Buffer.from(JSON.stringify(params), "utf8");
    return { orderId, seq, step, body, headers: { "content-type": "application/json", "content-length": body.length } };
  }
}

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

type Reply = { status: number; body: string } | Error;

function send(agent: http.Agent, port: number, method: string, urlPath: string, headers: http.OutgoingHttpHeaders | undefined, body?: Buffer): Promise<Reply> {
  return new Promise((resolve) => {
    const req = http.request({ agent, host: "127.0.0.1", port, method, path: urlPath, headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      res.on("error", resolve);
    });
    req.on("error", resolve);
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error("client timeout")));
    req.end(body);
  });
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

interface Scenario<T> {
  name: "ping" | "callback";
  make: () => { method: string; path: string; headers?: http.OutgoingHttpHeaders; body?: Buffer; ctx: T };
  expect: string;
  onOk?: (ctx: T) => void;
}

/** utime + stime of a process in seconds, from /proc (Linux); null elsewhere. */
function procCpuSeconds(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(f[11]) + Number(f[12])) / CLOCK_TICKS;
  } catch {
    return null;
  }
}
/** Busy CPU seconds of the whole machine, summed over cores, from /proc/stat; null elsewhere. */
function systemCpuSeconds(): number | null {
  try {
    const f = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, , , irq, softirq, steal] = f;
    return (user + nice + system + irq + softirq + (steal ?? 0)) / CLOCK_TICKS;
  } catch {
    return null;
  }
}
const CLOCK_TICKS = (() => {
  const r = spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" });
  return Number(r.stdout?.trim()) || 100;
})();

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
      const reply = await send(agent, port, r.method, r.path, r.headers, r.body);
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

const round = (n: number, d: number) => (Number.isFinite(n) ? Math.round(n * 10 ** d) / 10 ** d : n);

// ---------------------------------------------------------------------------------------------- server

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function tail(file: string, lines = 40): string {
  try {
    const all = readFileSync(file, "utf8").trimEnd().split("\n");
    return all.slice(-lines).join("\n");
  } catch {
    return "(no server log)";
  }
}

interface Server {
  child: ChildProcess;
  port: number;
  logFile: string;
  exited: Promise<number | null>;
}

async function startServer(port: number, env: NodeJS.ProcessEnv, logFile: string): Promise<Server> {
  const fd = openSync(logFile, "a");
  const child = spawn(process.execPath, [NEXT_BIN, "start", "-p", String(port)], { cwd: ROOT, env, stdio: ["ignore", fd, fd] });
  closeSync(fd);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code, signal) => resolve(code ?? (signal ? -1 : null))));
  const server: Server = { child, port, logFile, exited };
  let gone = false;
  void exited.then(() => (gone = true));
  const until = Date.now() + 90_000;
  for (;;) {
    if (gone) throw new Error(`server exited before answering /api/ping (exit ${child.exitCode ?? child.signalCode})`);
    const reply = await new Promise<Reply>((resolve) => {
      const req = http.get({ host: "127.0.0.1", port, path: "/api/ping", agent: false }, (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (text += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on("error", resolve);
      req.setTimeout(2000, () => req.destroy(new Error("timeout")));
    });
    if (!(reply instanceof Error) && reply.status === 200) return server;
    if (Date.now() > until) throw new Error("server did not answer GET /api/ping with 200 within 90 s");
    await sleep(200);
  }
}

async function stopServer(server: Server | undefined) {
  if (!server || server.child.exitCode !== null || server.child.signalCode !== null) return;
  const pid = server.child.pid!;
  try {
    process.kill(pid, "SIGTERM");
  } catch {
    return;
  }
  const stopped = await Promise.race([server.exited.then(() => true), sleep(8000).then(() => false)]);
  if (!stopped) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      /* already gone */
    }
    await Promise.race([server.exited, sleep(3000)]);
  }
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

interface DbReader {
  validByOrder(): Promise<Map<string, number>>;
  count(sql: string): Promise<number>;
  orderStatuses(): Promise<Map<string, string>>;
  outcomes(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

function sqliteReader(file: string): DbReader {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  return {
    async validByOrder() {
      const rows = db.prepare(`SELECT "orderId" AS o, count(*) AS n FROM inbox_pushes WHERE "signatureValid" = 1 GROUP BY "orderId"`).all() as { o: string; n: number }[];
      return new Map(rows.map((r) => [r.o, Number(r.n)]));
    },
    async count(sql) {
      return Number((db.prepare(sql).get() as { n: number }).n);
    },
    async orderStatuses() {
      const rows = db.prepare(`SELECT "orderId" AS o, "status" AS s FROM orders`).all() as { o: string; s: string }[];
      return new Map(rows.map((r) => [r.o, r.s]));
    },
    async outcomes() {
      const rows = db.prepare(`SELECT "outcome" AS k, count(*) AS n FROM inbox_pushes GROUP BY "outcome"`).all() as { k: string; n: number }[];
      return Object.fromEntries(rows.map((r) => [r.k, Number(r.n)]));
    },
    async close() {
      db.close();
    },
  };
}

async function pgReader(url: string): Promise<DbReader> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    async validByOrder() {
      const { rows } = await client.query(`SELECT "orderId" AS o, count(*) AS n FROM inbox_pushes WHERE "signatureValid" GROUP BY "orderId"`);
      return new Map(rows.map((r: { o: string; n: string }) => [r.o, Number(r.n)]));
    },
    async count(sql) {
      const { rows } = await client.query(sql);
      return Number(rows[0].n);
    },
    async orderStatuses() {
      const { rows } = await client.query(`SELECT "orderId" AS o, "status" AS s FROM orders`);
      return new Map(rows.map((r: { o: string; s: string }) => [r.o, r.s]));
    },
    async outcomes() {
      const { rows } = await client.query(`SELECT "outcome" AS k, count(*) AS n FROM inbox_pushes GROUP BY "outcome"`);
      return Object.fromEntries(rows.map((r: { k: string; n: string }) => [r.k, Number(r.n)]));
    },
    async close() {
      await client.end();
    },
  };
}

async function verify(reader: DbReader, mix: PushMix): Promise<Verification> {
  const validTrue = DB === "sqlite" ? `"signatureValid" = 1` : `"signatureValid"`;
  const storedValid = await reader.count(`SELECT count(*) AS n FROM inbox_pushes WHERE ${validTrue}`);
  const ordersStored = await reader.count(`SELECT count(*) AS n FROM orders`);
  const commissionRows = await reader.count(`SELECT count(*) AS n FROM commissions`);
  const byOrder = await reader.validByOrder();
  const statuses = await reader.orderStatuses();
  let missingPushes = 0;
  let ordersMissingPushes = 0;
  let missingOrders = 0;
  let statusBehind = 0;
  for (const [orderId, a] of mix.acked) {
    const stored = byOrder.get(orderId) ?? 0;
    if (stored < a.count) {
      missingPushes += a.count - stored;
      ordersMissingPushes++;
    }
    const status = statuses.get(orderId);
    if (status === undefined) missingOrders++;
    else if ((STATUS_RANK[status] ?? 0) < STATUS_RANK[STEP_STATUS[a.last]]) statusBehind++;
  }
  return {
    acknowledged: mix.ackedTotal, storedValid, missingPushes, ordersMissingPushes,
    newOrdersSent: mix.newSent, newOrdersAcknowledged: mix.ackedNew, ordersStored, missingOrders, statusBehind, commissionRows,
    inboxOutcomes: await reader.outcomes(),
  };
}

// ---------------------------------------------------------------------------------------------- report

function pad(s: string | number, w: number, left = false) {
  const t = String(s);
  return left ? t.padEnd(w) : t.padStart(w);
}

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

async function dropPgDb() {
  if (!pgDbName) return;
  const name = pgDbName;
  pgDbName = undefined;
  const admin = new pg.Client({ connectionString: PG_BASE_URL });
  try {
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } catch (e) {
    console.error(`could not drop database ${name}: ${e instanceof Error ? e.message : e}`);
  } finally {
    await admin.end().catch(() => {});
  }
}

function cleanup(keepTmp: boolean): Promise<void> {
  cleaning ??= (async () => {
    await stopServer(server);
    await dropPgDb();
    if (tmpDir && !keepTmp) rmSync(tmpDir, { recursive: true, force: true });
    else if (tmpDir) console.log(`temp dir kept: ${tmpDir}`);
  })();
  return cleaning;
}

// Whatever happens, the server must not outlive the bench.
process.stdout.on("error", () => {}); // e.g. EPIPE when piped into head: keep going and clean up
process.on("uncaughtException", (e) => {
  console.error(`\nbench failed: ${e instanceof Error ? e.stack ?? e.message : e}`);
  void cleanup(true).finally(() => process.exit(1));
});
process.on("exit", () => {
  if (server && server.child.exitCode === null && server.child.signalCode === null) {
    try {
      process.kill(server.child.pid!, "SIGKILL");
    } catch {
      /* already gone */
    }
  }
});
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.on(sig, () => {
    console.error(`\n${sig}: stopping the server`);
    void cleanup(true).finally(() => process.exit(130));
  });
}

/** The most recently modified source file the production build is made from. */
function newestSource(): { file: string; mtimeMs: number } | null {
  let best: { file: string; mtimeMs: number } | null = null;
  const visit = (p: string) => {
    let st;
    try {
      st = statSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      for (const name of readdirSync(p)) if (!name.startsWith(".") && name !== "node_modules") visit(path.join(p, name));
    } else if (/\.(ts|tsx|js|mjs|css|prisma|sql)$/.test(p) && (!best || st.mtimeMs > best.mtimeMs)) best = { file: p, mtimeMs: st.mtimeMs };
  };
  for (const p of ["app", "lib", "components", "prisma", "generated", "instrumentation.ts", "proxy.ts", "next.config.js"]) visit(path.join(ROOT, p));
  return best;
}

/** Registers A, B invited by A, C invited by B; returns C's sid. */
async function registerChain(port: number): Promise<string> {
  let inviteCode: string | undefined;
  let sid = "";
  for (const name of ["a", "b", "c"]) {
    const res = await fetch(`http://127.0.0.1:${port}/api/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: `bench-${name}-${Date.now()}@example.com`, password: "Bench-Pass-123", inviteCode }),
    });
    if (res.status !== 201) throw new Error(`register ${name}: HTTP ${res.status} ${await res.text()}`);
    const data = (await res.json()) as { sid: string; inviteCode: string };
    inviteCode = data.inviteCode;
    sid = data.sid;
  }
  return sid;
}

async function main(): Promise<number> {
  const buildIdFile = path.join(ROOT, ".next/BUILD_ID");
  if (FORCE_BUILD || !existsSync(buildIdFile)) {
    console.log(FORCE_BUILD ? "--build: running next build…" : "No production build (.next/BUILD_ID missing): running next build…");
    const b = spawnSync(process.execPath, [NEXT_BIN, "build"], { cwd: ROOT, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
    if (b.status !== 0) throw new Error(`next build failed (exit ${b.status})`);
  }
  const buildId = readFileSync(buildIdFile, "utf8").trim();
  const newer = newestSource();
  if (newer && newer.mtimeMs > statSync(buildIdFile).mtimeMs) {
    console.log(`WARNING: the production build is older than ${path.relative(ROOT, newer.file)}: the numbers are for the old code; pass --build to rebuild.`);
  }

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
    pgDbName = `bench_cb_${Date.now()}_${randomInt(0, 1e6)}`;
    const admin = new pg.Client({ connectionString: PG_BASE_URL });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE "${pgDbName}"`);
    } finally {
      await admin.end();
    }
    const u = new URL(PG_BASE_URL);
    u.pathname = "/" + pgDbName;
    serverDbUrl = u.toString();
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
  const memberSid = await registerChain(port);
  console.log(`members: a three-level invite chain registered; half of the orders go to sid ${memberSid}`);
  const mix = new PushMix([memberSid, "unknownsid000000"]);
  const callback: Scenario<Push> = {
    name: "callback",
    make: () => {
      const p = mix.next();
      return { method: "POST", path: "/api/meituan/callback", headers: p.headers, body: p.body, ctx: p };
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
  const reader = DB === "sqlite" ? sqliteReader(path.join(dataDir, "app.db")) : await pgReader(serverDbUrl!);
  let v: Verification;
  try {
    v = await verify(reader, mix);
  } finally {
    await reader.close();
  }

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
  if (failed) console.log(`\nserver log tail (${logFile}):\n${tail(logFile)}`);
  return failed ? 1 : 0;
}

main()
  .then(async (code) => {
    await cleanup(KEEP || code !== 0);
    process.exit(code);
  })
  .catch(async (e) => {
    console.error(`\nbench failed: ${e instanceof Error ? e.stack ?? e.message : e}`);
    if (tmpDir) console.error(`\nserver log tail (${path.join(tmpDir, "server.log")}):\n${tail(path.join(tmpDir, "server.log"))}`);
    await cleanup(true);
    process.exit(1);
  });
