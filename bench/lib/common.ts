// Shared helpers for the bench/ scripts: options, signing and the push mix, starting/stopping `next start`,
// cookies and next-auth login, keep-alive HTTP, percentiles, RSS and CPU sampling, PostgreSQL scratch databases,
// checking that acknowledged pushes were stored.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash, randomInt } from "node:crypto";
import { closeSync, existsSync, openSync, readFileSync, readdirSync, statSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import pg from "pg";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const NEXT_BIN = path.join(ROOT, "node_modules/next/dist/bin/next");
export const OK_BODY = JSON.stringify({ errcode: "0", errmsg: "ok" });
export const PG_BASE_URL = process.env.BENCH_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
export const round = (n: number, d = 2) => (Number.isFinite(n) ? Math.round(n * 10 ** d) / 10 ** d : n);

export function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  if (i >= 0) return process.argv[i + 1];
  const eq = process.argv.find((a) => a.startsWith(name + "="));
  return eq?.slice(name.length + 1);
}
export const flag = (name: string) => process.argv.includes(name);
export function numArg(name: string, fallback: number): number {
  const v = argValue(name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got ${v}`);
  return n;
}

/** A table cell: right-aligned in `w` columns, or left-aligned. */
export const pad = (s: string | number, w: number, left = false) => (left ? String(s).padEnd(w) : String(s).padStart(w));

// Union MD5 sign, written independently of lib/meituan/sign.ts: secret + k1v1 + … + knvn + secret over every
// key except `sign`, keys in default .sort() order (UTF-16 code units), MD5 lowercase hex. The sorted key list
// is cached per key set: signing is on a load generator's hot path.
const sortedKeysCache = new Map<string, string[]>();
export function unionSign(params: Record<string, string>, secret: string): string {
  const raw = Object.keys(params);
  const cacheKey = raw.join(",");
  let keys = sortedKeysCache.get(cacheKey);
  if (!keys) sortedKeysCache.set(cacheKey, (keys = raw.filter((k) => k !== "sign").sort()));
  let s = secret;
  for (const k of keys) s += k + params[k];
  return createHash("md5").update(s + secret, "utf8").digest("hex");
}

export type Step = "1" | "8" | "9";
export const STEP_STATUS: Record<Step, string> = { "1": "paid", "8": "completed", "9": "refunded" };
export const STATUS_RANK: Record<string, number> = { unknown: 0, paid: 1, completed: 2, refunded: 3, risk: 3 };

/** A signed push body for one state of one order; later steps carry a later modTime. */
export function buildPush(orderId: string, seq: number, step: Step, sid: string, secret: string): Buffer {
  const payTime = 1714550400 + (seq % 1_000_000);
  const modTime = payTime + (step === "1" ? 1 : step === "8" ? 86_400 : 2 * 86_400);
  const pay = (1000 + (seq % 5000)) / 100;
  const params: Record<string, string> = {
    orderid: orderId, sid, appkey: "demo_appkey", uid: String(100200 + (seq % 1000)), smstitle: "美团外卖-测试店铺",
    quantity: "1", paytime: String(payTime), ordertime: String(payTime - 10), modTime: String(modTime), status: step,
    businessLine: "2", subBusinessLine: "1", actId: "33", total: (pay + 6.7).toFixed(2), payPrice: pay.toFixed(2),
    direct: pay.toFixed(2), ratio: "0.05",
  };
  if (step === "9") params.refundType = "1";
  params.sign = unionSign(params, secret);
  return Buffer.from(JSON.stringify(params), "utf8");
}

export interface Push {
  orderId: string;
  seq: number;
  step: Step;
  body: Buffer;
}

/**
 * About half new orders (status 1) and half status updates (8 completed, then 9 refunded) of orders whose
 * previous push was already acknowledged, each with a later modTime, so every update must be applied. The
 * orders take the `sids` in turn.
 */
export class PushMix {
  /** `prefix`: the first digit of the order ids, one per bench. */
  constructor(private readonly sids: string[], private readonly secret: string, private readonly prefix: string) {}
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
    return `${this.prefix}${this.runId}${String(seq).padStart(9, "0")}`; // 18 digits, unique per run
  }

  /** Every order id this mix can make, as an inclusive range (for reading back only this run's rows). */
  orderIdRange(): OrderIdRange {
    return { from: this.orderId(0), to: `${this.prefix}${this.runId}999999999` };
  }

  next(): Push {
    this.counter++;
    this.sent++;
    let seq: number;
    let step: Step;
    if (this.counter % 2 === 0 && this.head < this.pending.length) {
      ({ seq, step } = this.pending[this.head++]);
      if (this.head > 4096 && this.head * 2 > this.pending.length) {
        this.pending = this.pending.slice(this.head);
        this.head = 0;
      }
    } else {
      this.newSent++;
      seq = this.seq++;
      step = "1";
    }
    const orderId = this.orderId(seq);
    return { orderId, seq, step, body: buildPush(orderId, seq, step, this.sids[seq % this.sids.length], this.secret) };
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
}

// ---------------------------------------------------------------------------------------------- HTTP

export type Reply = { status: number; body: string; setCookie: string[] } | Error;

/** Requests retried because a kept-alive socket was closed by the server while idle (see send). */
export const staleSocketRetries = { n: 0 };

/**
 * One request. A request written to a reused keep-alive socket that the server closed while it sat idle (the
 * server's keep-alive timeout racing the next request) fails with ECONNRESET before the server read it; as
 * Node's documentation recommends, that case is retried once on a new socket and counted in staleSocketRetries.
 */
export async function send(
  agent: http.Agent | false, port: number, method: string, urlPath: string,
  headers: http.OutgoingHttpHeaders = {}, body?: Buffer | string, timeoutMs = 30_000,
): Promise<Reply> {
  const first = await sendOnce(agent, port, method, urlPath, headers, body, timeoutMs);
  if (first instanceof Error && (first as Error & { reusedSocket?: boolean }).reusedSocket && (first as NodeJS.ErrnoException).code === "ECONNRESET") {
    staleSocketRetries.n++;
    return sendOnce(agent, port, method, urlPath, headers, body, timeoutMs);
  }
  return first;
}

/** One request, never retried: for a load generator that counts every failure (bench/callback.ts). */
export function sendOnce(
  agent: http.Agent | false, port: number, method: string, urlPath: string,
  headers: http.OutgoingHttpHeaders = {}, body?: Buffer | string, timeoutMs = 30_000,
): Promise<Reply> {
  return new Promise((resolve) => {
    const req = http.request({ agent, host: "127.0.0.1", port, method, path: urlPath, headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (text += c));
      res.on("end", () => {
        const sc = res.headers["set-cookie"];
        resolve({ status: res.statusCode ?? 0, body: text, setCookie: Array.isArray(sc) ? sc : sc ? [sc] : [] });
      });
      res.on("error", resolve);
    });
    req.on("error", (e) => resolve(Object.assign(e, { reusedSocket: req.reusedSocket })));
    req.setTimeout(timeoutMs, () => req.destroy(new Error("client timeout")));
    req.end(body);
  });
}

/** A browser-like client with a cookie jar, logged in through next-auth's credentials provider. */
export class Client {
  jar = new Map<string, string>();
  constructor(public port: number, public agent: http.Agent | false = false) {}
  cookie() {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join("; ");
  }
  storeCookies(setCookie: string[]) {
    for (const c of setCookie) {
      const [pair] = c.split(";");
      const i = pair.indexOf("=");
      this.jar.set(pair.slice(0, i).trim(), pair.slice(i + 1));
    }
  }
  async req(method: string, urlPath: string, json?: unknown, extra: http.OutgoingHttpHeaders = {}, rawBody?: string) {
    const headers: http.OutgoingHttpHeaders = { cookie: this.cookie(), ...extra };
    let body: string | undefined = rawBody;
    if (json !== undefined) {
      body = JSON.stringify(json);
      headers["content-type"] = "application/json";
    }
    if (body !== undefined) headers["content-length"] = Buffer.byteLength(body);
    const r = await send(this.agent, this.port, method, urlPath, headers, body);
    if (r instanceof Error) throw r;
    this.storeCookies(r.setCookie);
    let data: any;
    try {
      data = JSON.parse(r.body);
    } catch {
      /* not JSON */
    }
    return { status: r.status, text: r.body, data };
  }
  async login(username: string, password: string) {
    const csrf = await this.req("GET", "/api/auth/csrf");
    const form = new URLSearchParams({ csrfToken: csrf.data?.csrfToken ?? "", username, password, json: "true" });
    const r = await this.req("POST", "/api/auth/callback/credentials", undefined, { "content-type": "application/x-www-form-urlencoded" }, form.toString());
    if (![...this.jar.keys()].some((k) => k.includes("session-token"))) throw new Error(`login failed for ${username} on :${this.port}: HTTP ${r.status} ${r.text.slice(0, 200)}`);
  }
}

/** Registers A, B invited by A, C invited by B on `port`; returns the bottom member's credentials and sid. */
export async function registerChain(port: number, tag: string) {
  let inviteCode: string | undefined;
  const members: { username: string; password: string; sid: string; id: string }[] = [];
  for (const name of ["a", "b", "c"]) {
    const username = `${tag}-${name}-${Date.now()}@example.com`;
    const password = "Bench-Pass-123";
    const r = await new Client(port).req("POST", "/api/register", { username, agreed: true, password, inviteCode });
    if (r.status !== 201) throw new Error(`register ${name}: HTTP ${r.status} ${r.text.slice(0, 200)}`);
    inviteCode = r.data.inviteCode;
    members.push({ username, password, sid: r.data.sid, id: r.data.id });
  }
  return members;
}

export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

// ---------------------------------------------------------------------------------------------- server

/**
 * A free TCP port: any the kernel picks, or with BENCH_PORTS=LO-HI (machines shared by several runs, each given its
 * own range) the first free one in that range from a random start.
 */
export async function freePort(): Promise<number> {
  const range = /^(\d+)-(\d+)$/.exec(process.env.BENCH_PORTS ?? "");
  if (!range) return kernelPort();
  const [lo, hi] = [Number(range[1]), Number(range[2])];
  const first = randomInt(0, hi - lo + 1);
  for (let i = 0; i <= hi - lo; i++) {
    const port = lo + ((first + i) % (hi - lo + 1));
    const free = await new Promise<boolean>((resolve) => {
      const srv = net.createServer();
      srv.unref();
      srv.on("error", () => resolve(false));
      srv.listen(port, "127.0.0.1", () => srv.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error(`BENCH_PORTS=${process.env.BENCH_PORTS}: no free port in the range`);
}

function kernelPort(): Promise<number> {
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

export function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no server log)";
  }
}

export interface Server {
  child: ChildProcess;
  port: number;
  logFile: string;
  exited: Promise<number | null>;
}

export async function startServer(port: number, env: NodeJS.ProcessEnv, logFile: string, readyTimeoutMs = 120_000): Promise<Server> {
  const fd = openSync(logFile, "a");
  const child = spawn(process.execPath, [NEXT_BIN, "start", "-p", String(port)], { cwd: ROOT, env, stdio: ["ignore", fd, fd] });
  closeSync(fd);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code, signal) => resolve(code ?? (signal ? -1 : null))));
  let gone = false;
  void exited.then(() => (gone = true));
  const until = Date.now() + readyTimeoutMs;
  const server: Server = { child, port, logFile, exited };
  for (;;) {
    if (gone) throw new Error(`server :${port} exited before answering /api/ping; log ${logFile}:\n${tail(logFile)}`);
    const r = await send(false, port, "GET", "/api/ping", {}, undefined, 2000);
    if (!(r instanceof Error) && r.status === 200) return server;
    // Next keeps the process alive when the instrumentation hook (start-up) throws, answering nothing useful.
    const log = tail(logFile, 200);
    const failed = /Failed to prepare server|error occurred while loading instrumentation hook/.exec(log);
    if (failed || Date.now() > until) {
      await stopServer(server); // never leave a half-started server behind
      const firstError = log.split("\n").find((l) => l.includes("instrumentation hook")) ?? "";
      throw new Error(failed ? `server :${port} start-up failed: ${firstError.trim().slice(0, 300)}` : `server :${port} did not answer /api/ping within ${readyTimeoutMs / 1000} s`);
    }
    await sleep(250);
  }
}

export async function stopServer(s: Server | undefined) {
  if (!s || s.child.exitCode !== null || s.child.signalCode !== null) return;
  try {
    process.kill(s.child.pid!, "SIGTERM");
  } catch {
    return;
  }
  const stopped = await Promise.race([s.exited.then(() => true), sleep(8000).then(() => false)]);
  if (!stopped) {
    try {
      process.kill(s.child.pid!, "SIGKILL");
    } catch {
      /* gone */
    }
    await Promise.race([s.exited, sleep(3000)]);
  }
}

/**
 * Whatever happens, the server must not outlive the bench: SIGKILL at exit; SIGINT/SIGTERM run `cleanup`
 * (which stops it) and exit 130.
 */
export function stopServerOnExit(server: () => Server | undefined, cleanup: () => Promise<void>) {
  process.stdout.on("error", () => {}); // e.g. EPIPE when piped into head: keep going and clean up
  process.on("exit", () => {
    const s = server();
    if (s && s.child.exitCode === null && s.child.signalCode === null) {
      try {
        process.kill(s.child.pid!, "SIGKILL");
      } catch {
        /* already gone */
      }
    }
  });
  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    process.on(sig, () => {
      console.error(`\n${sig}: stopping the server`);
      void cleanup().finally(() => process.exit(130));
    });
  }
}

/**
 * The process and all its descendants (next start may fork a worker), by parent pid from /proc/<pid>/stat:
 * /proc/<pid>/task/<tid>/children is missing on kernels built without CONFIG_PROC_CHILDREN.
 */
export function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid)!.push(Number(name));
    } catch {
      /* gone */
    }
  }
  const out: number[] = [];
  const visit = (p: number) => {
    out.push(p);
    for (const c of children.get(p) ?? []) visit(c);
  };
  visit(pid);
  return out;
}

/** VmRSS in MiB, summed over the server's process tree, rounded to `digits`; null if unreadable. */
export function rssMiB(pid: number | undefined, digits = 1): number | null {
  if (!pid) return null;
  let kb = 0;
  let seen = false;
  for (const p of processTree(pid)) {
    try {
      const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${p}/status`, "utf8"));
      if (m) {
        kb += Number(m[1]);
        seen = true;
      }
    } catch {
      /* gone */
    }
  }
  return seen ? round(kb / 1024, digits) : null;
}

export const CLOCK_TICKS = (() => Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout?.trim()) || 100)();
/** utime + stime in seconds, summed over the process tree. */
export function procCpuSeconds(pid: number | undefined): number | null {
  if (!pid) return null;
  let total = 0;
  let seen = false;
  for (const p of processTree(pid)) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      total += (Number(f[11]) + Number(f[12])) / CLOCK_TICKS;
      seen = true;
    } catch {
      /* gone */
    }
  }
  return seen ? total : null;
}

/** Least-squares slope of y over x. */
export function slope(xs: number[], ys: number[]): number {
  const n = xs.length;
  if (n < 2) return NaN;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return den ? num / den : NaN;
}

// ---------------------------------------------------------------------------------------------- build

export const BUILD_ID_FILE = path.join(ROOT, ".next/BUILD_ID");

function runNextBuild() {
  const b = spawnSync(process.execPath, [NEXT_BIN, "build"], { cwd: ROOT, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (b.status !== 0) throw new Error(`next build failed (exit ${b.status})`);
}

/** Runs next build when `force` (--build) or when there is no build (after `beforeBuild`); returns the build id. */
export async function buildIfNeeded(force: boolean, beforeBuild?: () => Promise<unknown>): Promise<string> {
  if (force || !existsSync(BUILD_ID_FILE)) {
    await beforeBuild?.();
    console.log(force ? "--build: running next build…" : "No production build (.next/BUILD_ID missing): running next build…");
    runNextBuild();
  }
  return readFileSync(BUILD_ID_FILE, "utf8").trim();
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

/** newestSource relative to ROOT, if it is newer than the build. */
export function newestSourceAfterBuild(): string | null {
  const newest = newestSource();
  return newest && newest.mtimeMs > statSync(BUILD_ID_FILE).mtimeMs ? path.relative(ROOT, newest.file) : null;
}

export function ensureBuild(): string {
  const f = BUILD_ID_FILE;
  if (!existsSync(f)) {
    const others = spawnSync("pgrep", ["-af", "next build"], { encoding: "utf8" }).stdout.trim();
    if (others) throw new Error(`.next/BUILD_ID is missing and another next build is running:\n${others}`);
    console.log("No production build: running next build…");
    runNextBuild();
  }
  const built = statSync(f).mtimeMs;
  const newer = spawnSync("find", ["app", "lib", "components", "prisma", "instrumentation.ts", "proxy.ts", "-newer", f, "-type", "f", "-name", "*.ts*"], { cwd: ROOT, encoding: "utf8" }).stdout.trim().split("\n").filter(Boolean);
  if (newer.length) console.log(`WARNING: .next (built ${new Date(built).toISOString()}) is older than ${newer.length} source file(s), e.g. ${newer.slice(0, 3).join(", ")}: the numbers are for the built code.`);
  return readFileSync(f, "utf8").trim();
}

// ---------------------------------------------------------------------------------------------- PostgreSQL

export async function createPgDb(prefix: string): Promise<{ name: string; url: string }> {
  const name = `${prefix}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new pg.Client({ connectionString: PG_BASE_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const u = new URL(PG_BASE_URL);
  u.pathname = "/" + name;
  return { name, url: u.toString() };
}

export async function dropPgDb(name: string) {
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

// ---------------------------------------------------------------------------------------------- verification

/** What the database holds of the pushes: valid inbox pushes per order, each order's status, ledger rows, inbox outcomes. */
export interface OrderIdRange {
  from: string;
  to: string;
}

export interface PushState {
  byOrder: Map<string, number>;
  statuses: Map<string, string>;
  commissionRows: number;
  outcomes: Record<string, number>;
}

/**
 * Reads back the pushes' rows: all of them, or with `range` only those of one run's order ids (a bench against a
 * seeded database of millions of orders must not read them all).
 */
export async function readPushState(sqliteFile: string | null, pgUrl: string | null, range?: OrderIdRange): Promise<PushState> {
  const inRange = (col: string, a: string, b: string) => (range ? `${col} BETWEEN ${a} AND ${b}` : "1 = 1");
  const inbox = (valid: string, ph: [string, string]) => `SELECT "orderId" AS o, count(*) AS n FROM inbox_pushes WHERE ${valid} AND ${inRange(`"orderId"`, ...ph)} GROUP BY "orderId"`;
  const orders = (ph: [string, string]) => `SELECT "orderId" AS o, "status" AS s FROM orders WHERE ${inRange(`"orderId"`, ...ph)}`;
  const commissions = (ph: [string, string]) =>
    range ? `SELECT count(*) AS n FROM commissions c JOIN orders o ON o."id" = c."orderRef" WHERE ${inRange(`o."orderId"`, ...ph)}` : `SELECT count(*) AS n FROM commissions`;
  const outcomes = (ph: [string, string]) => `SELECT "outcome" AS k, count(*) AS n FROM inbox_pushes WHERE ${inRange(`"orderId"`, ...ph)} GROUP BY "outcome"`;
  const params = range ? [range.from, range.to] : [];
  if (sqliteFile) {
    const db = new Database(sqliteFile, { readonly: true, fileMustExist: true });
    const ph: [string, string] = ["?", "?"];
    try {
      return {
        byOrder: new Map((db.prepare(inbox(`"signatureValid" = 1`, ph)).all(...params) as { o: string; n: number }[]).map((r) => [r.o, Number(r.n)])),
        statuses: new Map((db.prepare(orders(ph)).all(...params) as { o: string; s: string }[]).map((r) => [r.o, r.s])),
        commissionRows: Number((db.prepare(commissions(ph)).get(...params) as { n: number }).n),
        outcomes: Object.fromEntries((db.prepare(outcomes(ph)).all(...params) as { k: string; n: number }[]).map((r) => [r.k, Number(r.n)])),
      };
    } finally {
      db.close();
    }
  }
  const c = new pg.Client({ connectionString: pgUrl! });
  await c.connect();
  const ph: [string, string] = ["$1", "$2"];
  try {
    return {
      byOrder: new Map((await c.query(inbox(`"signatureValid"`, ph), params)).rows.map((r) => [r.o, Number(r.n)])),
      statuses: new Map((await c.query(orders(ph), params)).rows.map((r) => [r.o, r.s])),
      commissionRows: Number((await c.query(commissions(ph), params)).rows[0].n),
      outcomes: Object.fromEntries((await c.query(outcomes(ph), params)).rows.map((r) => [r.k, Number(r.n)])),
    };
  } finally {
    await c.end();
  }
}

/** Acknowledged pushes missing from the inbox (and in how many orders), acknowledged orders missing, orders behind their last acknowledged push. */
export function comparePushes(mix: PushMix, state: PushState) {
  let missingPushes = 0;
  let ordersMissingPushes = 0;
  let missingOrders = 0;
  let statusBehind = 0;
  for (const [orderId, a] of mix.acked) {
    const stored = state.byOrder.get(orderId) ?? 0;
    if (stored < a.count) {
      missingPushes += a.count - stored;
      ordersMissingPushes++;
    }
    const status = state.statuses.get(orderId);
    if (status === undefined) missingOrders++;
    else if ((STATUS_RANK[status] ?? 0) < STATUS_RANK[STEP_STATUS[a.last]]) statusBehind++;
  }
  return { missingPushes, ordersMissingPushes, missingOrders, statusBehind };
}

export function baseEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ["DATABASE_URL", "DATA_DIR", "NEXTAUTH_SECRET", "NEXTAUTH_URL", "ADMIN_USERNAME", "ADMIN_PASSWORD", "INBOX_RETRY_SECONDS", "SETTLEMENT_SECONDS", "PORT", "NODE_ENV", "MEITUAN_APP_KEY", "MEITUAN_API_SECRET"]) delete env[k];
  return Object.assign(env, { NEXT_TELEMETRY_DISABLED: "1", LOG_LEVEL: "warn", REGISTER_LIMIT_PER_HOUR: "100000", ...extra });
}

/** Theil–Sen slope: the median of all pairwise slopes; a single GC drop or spike does not move it. */
export function robustSlope(xs: number[], ys: number[]): number {
  const ss: number[] = [];
  for (let i = 0; i < xs.length; i++) for (let j = i + 1; j < xs.length; j++) if (xs[j] !== xs[i]) ss.push((ys[j] - ys[i]) / (xs[j] - xs[i]));
  if (!ss.length) return NaN;
  ss.sort((a, b) => a - b);
  return ss.length % 2 ? ss[(ss.length - 1) / 2] : (ss[ss.length / 2 - 1] + ss[ss.length / 2]) / 2;
}
export function median(v: number[]): number {
  if (!v.length) return NaN;
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** CPU seconds of every process whose command name is `comm` (e.g. all postgres backends), from /proc. */
export function commCpuSeconds(comm: string): number {
  let total = 0;
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      if (name !== comm) continue;
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      total += (Number(f[11]) + Number(f[12])) / CLOCK_TICKS;
    } catch {
      /* gone */
    }
  }
  return total;
}
/** Busy CPU seconds of the whole machine, summed over cores. */
export function systemCpuSeconds(): number | null {
  try {
    const f = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, , , irq, softirq, steal] = f;
    return (user + nice + system + irq + softirq + (steal ?? 0)) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/**
 * Opens a Server-Sent Events stream and resolves with the first event `match` accepts (or null after `timeoutMs`),
 * then closes the connection. `opened` resolves once the stream's first bytes arrived (it is listening).
 */
export function awaitEvent(port: number, urlPath: string, cookie: string, match: (event: string, data: string) => boolean, timeoutMs: number) {
  let opened!: () => void;
  const listening = new Promise<void>((r) => (opened = r));
  const event = new Promise<{ event: string; data: string; ms: number } | null>((resolve) => {
    const started = Date.now();
    const req = http.get({ host: "127.0.0.1", port, path: urlPath, headers: { cookie, accept: "text/event-stream" } }, (res) => {
      let buffer = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        opened();
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const ev = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1] ?? "";
          if (ev && match(ev, data)) {
            clearTimeout(timer);
            req.destroy();
            resolve({ event: ev, data, ms: Date.now() - started });
          }
        }
      });
    });
    req.on("error", () => resolve(null));
    const timer = setTimeout(() => {
      req.destroy();
      opened();
      resolve(null);
    }, timeoutMs);
  });
  return { listening, event };
}

/** CPU seconds of the PostgreSQL backends serving database `db` (their process title names it), from /proc. */
export function pgBackendCpuSeconds(db: string): number {
  let total = 0;
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      if (stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")) !== "postgres") continue;
      if (!readFileSync(`/proc/${d}/cmdline`, "utf8").includes(` ${db} `)) continue;
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      total += (Number(f[11]) + Number(f[12])) / CLOCK_TICKS;
    } catch {
      /* gone */
    }
  }
  return total;
}

/** The database name of a PostgreSQL URL. */
export const pgDbNameOf = (url: string) => decodeURIComponent(new URL(url).pathname.slice(1));

/** CPU seconds per live process whose command name is `comm`, by pid (for commCpuDelta). */
export function commCpuByPid(comm: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      if (stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")) !== comm) continue;
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      out.set(Number(d), (Number(f[11]) + Number(f[12])) / CLOCK_TICKS);
    } catch {
      /* gone */
    }
  }
  return out;
}

/**
 * CPU seconds those processes used between two commCpuByPid readings: a process that exited in between is lost
 * (its time is no longer in /proc), one started in between counts whole — never negative, unlike a difference of sums.
 */
export function commCpuDelta(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, s] of after) total += Math.max(0, s - (before.get(pid) ?? 0));
  return total;
}
