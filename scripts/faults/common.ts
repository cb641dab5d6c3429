// Shared pieces of the fault-injection suite (scripts/faults/run.ts): the production server as a child process
// that can be SIGKILLed, signed Meituan pushes, direct database access for the checks, a TCP proxy in front of
// PostgreSQL that can refuse, cut or stall connections, and the check/result bookkeeping.
// Written independently of lib/ (signing, expectations), so that a bug there is not mirrored here.
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { appendFileSync, closeSync, openSync, readdirSync, readFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import Database from "better-sqlite3";
import pg from "pg";

// Shared with the benchmarks rather than written again.
import { NEXT_BIN, ROOT, sleep, unionSign as benchUnionSign } from "../../bench/lib/common";
export { freePort, NEXT_BIN, OK_BODY, pad, ROOT, sleep } from "../../bench/lib/common";
export const SECRET = "faults_callback_secret";

// ------------------------------------------------------------------------------------------------ randomness

/** mulberry32: the suite prints its seed so a run's choices (not its timing) can be repeated with --seed. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, between: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)) };
}
export type Rand = ReturnType<typeof prng>;

// ------------------------------------------------------------------------------------------------ signing

/** Union MD5 (bench/lib/common.ts), with this suite's secret by default. */
export const unionSign = (params: Record<string, string>, secret = SECRET) => benchUnionSign(params, secret);

export const md5 = (b: Buffer | Uint8Array | string) => createHash("md5").update(b).digest("hex");

// ------------------------------------------------------------------------------------------------ http

export type Reply = { ok: true; status: number; body: string; ms: number } | { ok: false; error: string; ms: number };

/** One request on a fresh connection (like Meituan's pusher), with a client-side timeout. */
export function request(port: number, method: string, urlPath: string, body?: Buffer | string, timeoutMs = 15_000, headers: http.OutgoingHttpHeaders = {}): Promise<Reply> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: Reply) => {
      if (!settled) {
        settled = true;
        resolve(r);
      }
    };
    const data = typeof body === "string" ? Buffer.from(body) : body;
    const req = http.request(
      {
        host: "127.0.0.1", port, method, path: urlPath, agent: false,
        headers: { connection: "close", ...(data ? { "content-type": "application/json", "content-length": data.length } : {}), ...headers },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (text += c));
        res.on("end", () => done({ ok: true, status: res.statusCode ?? 0, body: text, ms: performance.now() - t0 }));
        res.on("error", (e) => done({ ok: false, error: `response: ${(e as NodeJS.ErrnoException).code ?? e.message}`, ms: performance.now() - t0 }));
      },
    );
    req.on("error", (e) => done({ ok: false, error: (e as NodeJS.ErrnoException).code ?? e.message, ms: performance.now() - t0 }));
    req.setTimeout(timeoutMs, () => req.destroy(new Error("client timeout")));
    req.end(data);
  });
}


// ------------------------------------------------------------------------------------------------ processes

/** Every process whose parent chain leads to `pid` (Linux /proc). */
export function descendants(pid: number): number[] {
  const parent = new Map<number, number>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      parent.set(Number(name), Number(f[1]));
    } catch {
      /* gone */
    }
  }
  const out: number[] = [];
  const visit = (p: number) => {
    for (const [child, pp] of parent) if (pp === p) {
      out.push(child);
      visit(child);
    }
  };
  visit(pid);
  return out;
}

export function processTitle(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean).join(" ");
  } catch {
    return "";
  }
}

/** Every process this suite starts, so that an interrupted run leaves none behind (killed by pid only). */
export const startedProcesses = new Set<ChildProcess>();

export function killTracked() {
  for (const c of startedProcesses) {
    if (c.exitCode === null && c.signalCode === null && c.pid) {
      for (const d of descendants(c.pid)) try { process.kill(d, "SIGKILL"); } catch { /* gone */ }
      try { process.kill(c.pid, "SIGKILL"); } catch { /* gone */ }
    }
  }
}

/** `next start` as a child process; `kill9` SIGKILLs the real next-server process (and anything it forked). */
export class AppServer {
  child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  starts = 0;
  kills = 0;
  lastStartMs = 0;

  constructor(
    readonly port: number,
    readonly env: NodeJS.ProcessEnv,
    readonly logFile: string,
    /** The project directory `next start` runs in (a private snapshot of the build, see run.ts). */
    readonly cwd = ROOT,
  ) {}

  get pid() {
    return this.child?.pid;
  }

  alive() {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  async start(timeoutMs = 90_000) {
    this.spawn();
    await this.waitReady(timeoutMs);
  }

  /** Starts the process without waiting for it to answer. */
  spawn() {
    this.starts++;
    appendFileSync(this.logFile, `\n===== fault suite: server start #${this.starts} at ${new Date().toISOString()} =====\n`);
    const fd = openSync(this.logFile, "a");
    const child = spawn(process.execPath, [NEXT_BIN, "start", "-p", String(this.port)], { cwd: this.cwd, env: this.env, stdio: ["ignore", fd, fd] });
    closeSync(fd);
    startedProcesses.add(child);
    this.child = child;
    this.exited = new Promise((resolve) => child.once("exit", () => resolve()));
    this.spawnedAt = Date.now();
  }

  spawnedAt = 0;

  /** Waits until GET /api/ping answers 200; throws when the process exits or the time is up. */
  async waitReady(timeoutMs = 90_000) {
    const child = this.child!;
    const t0 = this.spawnedAt;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`server exited before answering /api/ping (exit ${child.exitCode ?? child.signalCode}); log ${this.logFile}:\n${tail(this.logFile, 30)}`);
      }
      const r = await request(this.port, "GET", "/api/ping", undefined, 2000);
      if (r.ok && r.status === 200) break;
      if (Date.now() - t0 > timeoutMs) throw new Error(`server did not answer /api/ping within ${timeoutMs / 1000} s; log ${this.logFile}`);
      await sleep(100);
    }
    this.lastStartMs = Date.now() - t0;
  }

  /** SIGKILL, no warning: the process and every process it forked. */
  async kill9() {
    if (!this.child || !this.alive()) return;
    const pid = this.child.pid!;
    const kids = descendants(pid);
    try { process.kill(pid, "SIGKILL"); } catch { /* gone */ }
    for (const k of kids) try { process.kill(k, "SIGKILL"); } catch { /* gone */ }
    this.kills++;
    appendFileSync(this.logFile, `\n===== fault suite: SIGKILL pid ${pid}${kids.length ? ` (+${kids.join(",")})` : ""} at ${new Date().toISOString()} =====\n`);
    await this.exited;
  }

  async stop() {
    if (!this.child || !this.alive()) return;
    try { process.kill(this.child.pid!, "SIGTERM"); } catch { return; }
    const stopped = await Promise.race([this.exited.then(() => true), sleep(8000).then(() => false)]);
    if (!stopped) await this.kill9();
  }
}

export function tail(file: string, lines = 40, filter?: RegExp): string {
  try {
    let all = readFileSync(file, "utf8").trimEnd().split("\n");
    if (filter) all = all.filter((l) => filter.test(l));
    return all.slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

// ------------------------------------------------------------------------------------------------ members

export interface Member {
  id: string;
  sid: string;
  inviteCode: string;
}

/** A registers, B with A's invite code, C with B's: an order of C's earns at levels 0 (C), 1 (B), 2 (A). */
export async function registerChain(port: number, tag: string): Promise<{ a: Member; b: Member; c: Member }> {
  const out: Member[] = [];
  let inviteCode: string | undefined;
  for (const name of ["a", "b", "c"]) {
    const body = JSON.stringify({ username: `faults-${tag}-${name}-${Date.now()}@example.com`, password: "Faults-Pass-123", inviteCode, agreed: true });
    const r = await request(port, "POST", "/api/register", body, 30_000);
    if (!r.ok || r.status !== 201) throw new Error(`register ${name}: ${r.ok ? `HTTP ${r.status} ${r.body.slice(0, 200)}` : r.error}`);
    const data = JSON.parse(r.body) as Member;
    if (!data.id || !data.sid || !data.inviteCode) throw new Error(`register ${name}: unexpected reply ${r.body.slice(0, 200)}`);
    out.push(data);
    inviteCode = data.inviteCode;
  }
  return { a: out[0], b: out[1], c: out[2] };
}

// ------------------------------------------------------------------------------------------------ database

export type Row = Record<string, unknown>;
export interface Q {
  kind: "sqlite" | "pg";
  all(sql: string, params?: unknown[]): Promise<Row[]>;
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

/** The app's stored timestamp format on SQLite (Prisma's ISO text with +00:00). */
export const sqliteTime = (d: Date) => d.toISOString().replace("Z", "+00:00");
export const truthy = (v: unknown) => v === true || v === 1 || v === 1n || v === "1" || v === "t";
export const num = (v: unknown) => Number(v);

export function sqliteQ(file: string): Q {
  const db = new Database(file, { timeout: 10_000, fileMustExist: true });
  const conv = (v: unknown) => (v instanceof Date ? sqliteTime(v) : typeof v === "boolean" ? (v ? 1 : 0) : v);
  return {
    kind: "sqlite",
    async all(sql, params = []) {
      const stmt = db.prepare(sql);
      const p = params.map(conv);
      if (stmt.reader) return stmt.all(...p) as Row[];
      stmt.run(...p);
      return [];
    },
    async exec(sql) {
      db.exec(sql);
    },
    async close() {
      db.close();
    },
  };
}

export async function pgQ(url: string): Promise<Q> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  client.on("error", () => {});
  const toPg = (sql: string) => {
    let n = 0;
    return sql.replace(/\?/g, () => `$${++n}`);
  };
  return {
    kind: "pg",
    async all(sql, params = []) {
      const r = await client.query(toPg(sql), params.map((v) => (v instanceof Date ? v.toISOString() : v)));
      return r.rows as Row[];
    },
    async exec(sql) {
      await client.query(sql);
    },
    async close() {
      await client.end().catch(() => {});
    },
  };
}

export const PG_BASE_URL = process.env.FAULTS_DATABASE_URL || process.env.BENCH_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";

export function pgUrlFor(dbName: string, port?: number): string {
  const u = new URL(PG_BASE_URL);
  u.pathname = "/" + dbName;
  if (port) {
    u.hostname = "127.0.0.1";
    u.port = String(port);
  }
  return u.toString();
}

export async function pgReachable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: PG_BASE_URL, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}

export const createdPgDbs = new Set<string>();

export async function createPgDb(name: string) {
  const c = new pg.Client({ connectionString: PG_BASE_URL });
  await c.connect();
  try {
    await c.query(`CREATE DATABASE "${name}"`);
    createdPgDbs.add(name);
  } finally {
    await c.end();
  }
}

export async function dropPgDb(name: string) {
  const c = new pg.Client({ connectionString: PG_BASE_URL });
  try {
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    createdPgDbs.delete(name);
  } catch (e) {
    console.error(`could not drop database ${name}: ${e instanceof Error ? e.message : e}`);
  } finally {
    await c.end().catch(() => {});
  }
}

// ------------------------------------------------------------------------------------------------ TCP proxy

/**
 * A TCP proxy between the app and PostgreSQL: "up" forwards; "down" stops listening (new connections are
 * refused) and cuts every open one (the app sees its connections reset); "stall" keeps every connection open but
 * forwards nothing (a network partition without RST, a frozen database host) until `up` again.
 */
export class TcpProxy {
  private server: net.Server | undefined;
  private pairs = new Set<{ client: net.Socket; upstream: net.Socket; held: { toUp: Buffer[]; toClient: Buffer[] } }>();
  mode: "up" | "down" | "stall" = "up";
  port = 0;
  accepted = 0;
  cut = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async listen(port = 0) {
    const server = net.createServer((c) => this.onConnection(c));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve());
    });
    this.server = server;
    this.port = (server.address() as net.AddressInfo).port;
  }

  private onConnection(client: net.Socket) {
    this.accepted++;
    const upstream = net.connect(this.targetPort, this.targetHost);
    const pair = { client, upstream, held: { toUp: [] as Buffer[], toClient: [] as Buffer[] } };
    this.pairs.add(pair);
    const end = () => {
      client.destroy();
      upstream.destroy();
      this.pairs.delete(pair);
    };
    client.on("data", (d: Buffer) => (this.mode === "stall" ? pair.held.toUp.push(d) : upstream.write(d)));
    upstream.on("data", (d: Buffer) => (this.mode === "stall" ? pair.held.toClient.push(d) : client.write(d)));
    client.on("error", end);
    upstream.on("error", end);
    client.on("close", end);
    upstream.on("close", end);
  }

  /** Refuse new connections and reset the open ones. */
  async down() {
    this.mode = "down";
    const server = this.server;
    this.server = undefined;
    if (server) server.close();
    for (const p of [...this.pairs]) {
      this.cut++;
      p.client.resetAndDestroy();
      p.upstream.destroy();
      this.pairs.delete(p);
    }
  }

  stall() {
    this.mode = "stall";
  }

  async up() {
    const wasDown = this.mode === "down";
    this.mode = "up";
    for (const p of this.pairs) {
      for (const d of p.held.toUp.splice(0)) p.upstream.write(d);
      for (const d of p.held.toClient.splice(0)) p.client.write(d);
    }
    if (wasDown || !this.server) await this.listen(this.port);
  }

  async close() {
    await this.down();
  }
}

// ------------------------------------------------------------------------------------------------ checks

export interface Check {
  db: string;
  scenario: string;
  name: string;
  ok: boolean;
  detail: string;
}

export interface FaultRow {
  fault: string;
  sent: number | string;
  acked: number | string;
  stored: number | string;
  lost: number;
  duplicated: number;
  note?: string;
}

export class Report {
  checks: Check[] = [];
  rows = new Map<string, FaultRow[]>();

  constructor(private readonly verbose = true) {}

  check(db: string, scenario: string, name: string, ok: boolean, detail = "") {
    this.checks.push({ db, scenario, name, ok, detail });
    if (this.verbose) console.log(`    ${ok ? "PASS" : "FAIL"}  ${name}${detail ? ` — ${detail}` : ""}`);
    return ok;
  }

  row(db: string, r: FaultRow) {
    if (!this.rows.has(db)) this.rows.set(db, []);
    this.rows.get(db)!.push(r);
  }
}

export function sample<T>(xs: T[], n = 5): string {
  return xs.slice(0, n).map((x) => (typeof x === "string" ? x : JSON.stringify(x))).join(", ") + (xs.length > n ? ` … (+${xs.length - n})` : "");
}

