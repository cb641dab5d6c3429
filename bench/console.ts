// Console benchmark: the admin console and member portal read APIs on a large seeded database (npm run seed:large),
// against the production server, through next-auth sessions like a browser.
//
//   npm run bench:console -- --data-dir DIR                 # SQLite database already seeded at DIR/app.db
//   npm run bench:console -- --db postgres --database-url postgresql://…/db   # PostgreSQL already seeded
//   npm run bench:console -- --seed [--db postgres] [--orders N] [--members N]  # seed a fresh temp database first
//   npm run bench:console -- --data-dir DIR --only search --skip-export        # only the scenarios named "search…"
//
// Options: --requests N (50 sequential per endpoint), --warmup N (5), --concurrency N (4), --deep-pages N (200),
// --build (rebuild; also when .next/BUILD_ID is missing), --keep (keep the temp dir / database), --admin-user,
// --admin-password, --member-password, --skip-export, --only TEXT (only the scenarios whose name contains TEXT),
// --max-wait N (300: seconds to wait for other builds / benches to finish before measuring anyway), --out FILE.
//
// Targets (PASS/FAIL per row; the exit code is 0 whatever they say, 1 only when the bench itself fails):
//   p95 < 200 ms for every list and detail API, < 100 ms for the console search, < 500 ms for the dashboard,
//   export > 50,000 rows/s.
// An endpoint that answers 404 is reported as "missing" and skipped. Results: bench/results/console-<db>.json.
import { spawnSync } from "node:child_process";
import { randomBytes, randomInt } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import Database from "better-sqlite3";
import pg from "pg";
import {
  argValue, buildIfNeeded, Client, createPgDb, dropPgDb, flag, freePort, newestSourceAfterBuild, numArg, pad, percentile, procCpuSeconds,
  ROOT, round, rssMiB, sleep, startServer, stopServer, stopServerOnExit, systemCpuSeconds, tail, type Server,
} from "./lib/common";

// ---------------------------------------------------------------------------------------------- options

const REQUEST_TIMEOUT_MS = 120_000;

const REQUESTS = Math.floor(numArg("--requests", 50));
const WARMUP = Math.floor(numArg("--warmup", 5));
const CONCURRENCY = Math.floor(numArg("--concurrency", 4));
const DEEP_PAGES = Math.floor(numArg("--deep-pages", 200));
const FORCE_BUILD = flag("--build");
const KEEP = flag("--keep");
const SEED = flag("--seed");
const SKIP_EXPORT = flag("--skip-export");
const ONLY = argValue("--only");
const ADMIN_USER = argValue("--admin-user") ?? "admin@example.com";
const ADMIN_PASSWORD = argValue("--admin-password") ?? "Admin-Pass-123";
const MEMBER_PASSWORD = argValue("--member-password") ?? "Seed-Pass-123";
const dbArg = argValue("--db");
if (dbArg && !["sqlite", "postgres", "pg"].includes(dbArg)) throw new Error(`--db must be sqlite or postgres, got ${dbArg}`);
const DATABASE_URL_ARG = argValue("--database-url");
const DATA_DIR_ARG = argValue("--data-dir");
const DB: "sqlite" | "postgres" = dbArg === "postgres" || dbArg === "pg" || (!dbArg && DATABASE_URL_ARG) ? "postgres" : "sqlite";

// Targets, by kind of endpoint.
const TARGET_MS = { list: 200, detail: 200, search: 100, dashboard: 500 } as const;
const EXPORT_TARGET_ROWS_PER_S = 50_000;

// ---------------------------------------------------------------------------------------------- small helpers

const beijingDay = (at: Date) => new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
const daysAgo = (n: number) => beijingDay(new Date(Date.now() - n * 86_400_000));

/** This process and its ancestors (a bench that runs this one, e.g. bench/growth.ts, is not "another" run). */
function ancestors(): Set<number> {
  const out = new Set<number>();
  for (let pid = process.pid; pid > 1 && !out.has(pid); ) {
    out.add(pid);
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      pid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    } catch {
      break;
    }
  }
  return out;
}

/** Other builds, benchmarks or test runs on this machine (they would skew the numbers or fight over .next). */
function otherHeavyProcesses(): string[] {
  const r = spawnSync("ps", ["-eo", "pid,args"], { encoding: "utf8" });
  const mine = ancestors();
  return (r.stdout ?? "")
    .split("\n")
    .slice(1)
    .map((l) => l.trim())
    .filter((l) => /next build|(^|[\s/])bench\/[\w-]+\.ts|test-all|playwright/.test(l) && !/bench\/console\.ts/.test(l))
    .filter((l) => !mine.has(Number(l.split(/\s+/)[0])));
}

// ---------------------------------------------------------------------------------------------- HTTP client

interface Reply {
  status: number;
  ms: number;
  bytes: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

/** A logged-in client on a keep-alive agent that times its requests and can drop or stream the bodies. */
class TimedClient extends Client {
  constructor(port: number, sockets = 16) {
    super(port, new http.Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets }));
  }

  request(method: string, urlPath: string, body?: string, headers: http.OutgoingHttpHeaders = {}, keepBody = true): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const h: http.OutgoingHttpHeaders = { cookie: this.cookie(), ...headers };
      if (body !== undefined) h["content-length"] = Buffer.byteLength(body);
      const t0 = performance.now();
      const req = http.request({ agent: this.agent, host: "127.0.0.1", port: this.port, method, path: urlPath, headers: h }, (res) => {
        this.storeCookies(res.headers["set-cookie"] ?? []);
        const chunks: Buffer[] = [];
        let bytes = 0;
        res.on("data", (c: Buffer) => {
          bytes += c.length;
          if (keepBody) chunks.push(c);
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - t0, bytes, body: keepBody ? Buffer.concat(chunks).toString("utf8") : "", headers: res.headers }));
        res.on("error", reject);
      });
      req.on("error", reject);
      req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error(`client timeout after ${REQUEST_TIMEOUT_MS} ms: ${urlPath}`)));
      req.end(body);
    });
  }

  get(urlPath: string, keepBody = true) {
    return this.request("GET", urlPath, undefined, {}, keepBody);
  }

  /** Streams a response without keeping it: rows (newlines), bytes, time to first byte, total time. */
  stream(urlPath: string, onTick?: () => void): Promise<{ status: number; ms: number; ttfbMs: number; bytes: number; lines: number; head: string }> {
    return new Promise((resolve, reject) => {
      const t0 = performance.now();
      const req = http.request({ agent: this.agent, host: "127.0.0.1", port: this.port, method: "GET", path: urlPath, headers: { cookie: this.cookie() } }, (res) => {
        const ttfb = performance.now() - t0;
        let bytes = 0, lines = 0, head = "";
        let last = performance.now();
        res.on("data", (c: Buffer) => {
          bytes += c.length;
          if (head.length < 600) head += c.toString("utf8", 0, Math.min(c.length, 600));
          for (let i = c.indexOf(10); i !== -1; i = c.indexOf(10, i + 1)) lines++;
          const now = performance.now();
          if (onTick && now - last > 100) {
            last = now;
            onTick();
          }
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - t0, ttfbMs: ttfb, bytes, lines, head }));
        res.on("error", reject);
      });
      req.on("error", reject);
      req.setTimeout(30 * 60_000, () => req.destroy(new Error("export timeout")));
      req.end();
    });
  }
}

// ---------------------------------------------------------------------------------------------- measuring

type Kind = keyof typeof TARGET_MS;

interface Scenario {
  name: string;
  kind: Kind;
  client: TimedClient;
  /** The i-th request's path (i counts from 0 over warm-up and measured requests). */
  path: (i: number) => string;
  /** Checks a 200 answer; returns a note when something is off (e.g. a filter that was ignored). */
  check?: (body: unknown) => string | null;
}

interface RunStats {
  mode: "seq" | `x${number}`;
  requests: number;
  errors: number;
  errorKinds: Record<string, number>;
  p50: number;
  p95: number;
  max: number;
  mean: number;
  rps: number;
  avgBytes: number;
  serverCpuMsPerReq: number | null;
  otherCpuMsPerReq: number | null;
}

interface ScenarioResult {
  name: string;
  kind: Kind;
  targetMs: number;
  state: "ok" | "missing" | "error";
  note: string | null;
  example: string;
  runs: RunStats[];
}

let server: Server | undefined;

async function measure(s: Scenario, count: number, concurrency: number, offset: number): Promise<RunStats> {
  const lat: number[] = [];
  const errorKinds: Record<string, number> = {};
  let bytes = 0;
  let next = 0;
  const cpu0 = procCpuSeconds(server?.child.pid);
  const sys0 = systemCpuSeconds();
  const own0 = process.cpuUsage();
  const t0 = performance.now();
  async function worker() {
    while (next < count) {
      const i = next++;
      try {
        const r = await s.client.get(s.path(offset + i), false);
        lat.push(r.ms);
        bytes += r.bytes;
        if (r.status !== 200) errorKinds[`HTTP ${r.status}`] = (errorKinds[`HTTP ${r.status}`] ?? 0) + 1;
      } catch (e) {
        const k = `network: ${e instanceof Error ? e.message.slice(0, 80) : e}`;
        errorKinds[k] = (errorKinds[k] ?? 0) + 1;
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  const secs = (performance.now() - t0) / 1000;
  const cpu1 = procCpuSeconds(server?.child.pid);
  const sys1 = systemCpuSeconds();
  const own = process.cpuUsage(own0);
  lat.sort((a, b) => a - b);
  const n = lat.length;
  const serverCpu = cpu0 !== null && cpu1 !== null ? cpu1 - cpu0 : null;
  const other = serverCpu !== null && sys0 !== null && sys1 !== null ? Math.max(0, sys1 - sys0 - serverCpu - (own.user + own.system) / 1e6) : null;
  return {
    mode: concurrency === 1 ? "seq" : `x${concurrency}`,
    requests: count,
    errors: Object.values(errorKinds).reduce((a, b) => a + b, 0),
    errorKinds,
    p50: round(percentile(lat, 0.5), 1),
    p95: round(percentile(lat, 0.95), 1),
    max: round(n ? lat[n - 1] : NaN, 1),
    mean: round(n ? lat.reduce((a, b) => a + b, 0) / n : NaN, 1),
    rps: round(count / secs, 1),
    avgBytes: Math.round(bytes / Math.max(1, n)),
    serverCpuMsPerReq: serverCpu === null ? null : round((serverCpu * 1000) / count, 1),
    otherCpuMsPerReq: other === null ? null : round((other * 1000) / count, 1),
  };
}

async function runScenario(s: Scenario): Promise<ScenarioResult> {
  const targetMs = TARGET_MS[s.kind];
  const first = await s.client.get(s.path(0));
  const base = { name: s.name, kind: s.kind, targetMs, example: s.path(0) };
  if (first.status === 404 || first.status === 405) {
    console.log(`  ${s.name.padEnd(40)} missing (HTTP ${first.status})`);
    return { ...base, state: "missing", note: `HTTP ${first.status}`, runs: [] };
  }
  if (first.status !== 200) {
    console.log(`  ${s.name.padEnd(40)} ERROR HTTP ${first.status}: ${first.body.slice(0, 160)}`);
    return { ...base, state: "error", note: `HTTP ${first.status}: ${first.body.slice(0, 300)}`, runs: [] };
  }
  let note: string | null = null;
  if (s.check) {
    try {
      note = s.check(JSON.parse(first.body));
    } catch (e) {
      note = `unexpected body: ${e instanceof Error ? e.message : e}`;
    }
  }
  for (let i = 1; i < WARMUP; i++) await s.client.get(s.path(i), false);
  const seq = await measure(s, REQUESTS, 1, WARMUP);
  const conc = await measure(s, REQUESTS * 2, CONCURRENCY, WARMUP + REQUESTS);
  const verdict = (p95: number) => (p95 < targetMs ? "PASS" : "FAIL");
  console.log(
    `  ${s.name.padEnd(40)} seq p50 ${String(seq.p50).padStart(7)} p95 ${String(seq.p95).padStart(7)} max ${String(seq.max).padStart(7)} ms ${verdict(seq.p95)}` +
      ` | x${CONCURRENCY} p95 ${String(conc.p95).padStart(7)} ms ${String(conc.rps).padStart(6)} req/s${seq.errors + conc.errors ? `  ERRORS ${JSON.stringify({ ...seq.errorKinds, ...conc.errorKinds })}` : ""}${note ? `  (${note})` : ""}`,
  );
  return { ...base, state: "ok", note, runs: [seq, conc] };
}

interface ExportResult {
  name: string;
  path: string;
  state: "ok" | "missing" | "error";
  note: string | null;
  rows: number;
  bytes: number;
  seconds: number;
  ttfbMs: number;
  rowsPerS: number;
  mbPerS: number;
  rssBeforeMb: number | null;
  rssPeakMb: number | null;
  rssAfterMb: number | null;
  expectedRows: number | null;
  pass: boolean;
}

async function runExport(client: TimedClient, name: string, urlPath: string, expectedRows: number | null): Promise<ExportResult> {
  const pid = server?.child.pid;
  const before = rssMiB(pid, 0);
  let peak = before ?? 0;
  const sample = () => {
    const r = rssMiB(pid, 0);
    if (r !== null && r > peak) peak = r;
  };
  const timer = setInterval(sample, 100);
  let r;
  try {
    r = await client.stream(urlPath, sample);
  } finally {
    clearInterval(timer);
  }
  await sleep(300);
  const after = rssMiB(pid, 0);
  const base = { name, path: urlPath, rssBeforeMb: before, rssPeakMb: before !== null ? peak : null, rssAfterMb: after, expectedRows };
  if (r.status === 404 || r.status === 405) {
    console.log(`  ${name.padEnd(40)} missing (HTTP ${r.status})`);
    return { ...base, state: "missing", note: `HTTP ${r.status}`, rows: 0, bytes: 0, seconds: 0, ttfbMs: 0, rowsPerS: 0, mbPerS: 0, pass: false };
  }
  const rows = Math.max(0, r.lines - 1); // minus the header line
  const seconds = r.ms / 1000;
  const rowsPerS = round(rows / seconds, 0);
  const ok = r.status === 200;
  const note = !ok ? `HTTP ${r.status}: ${r.head.slice(0, 200)}` : expectedRows !== null && Math.abs(rows - expectedRows) > 1 ? `expected ${expectedRows} rows` : null;
  const res: ExportResult = {
    ...base, state: ok ? "ok" : "error", note, rows, bytes: r.bytes, seconds: round(seconds, 2), ttfbMs: round(r.ttfbMs, 1), rowsPerS,
    mbPerS: round(r.bytes / 1e6 / seconds, 1), pass: ok && rowsPerS > EXPORT_TARGET_ROWS_PER_S,
  };
  console.log(
    `  ${name.padEnd(40)} ${rows.toLocaleString()} rows, ${(r.bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(2)} s (TTFB ${round(r.ttfbMs, 1)} ms): ` +
      `${rowsPerS.toLocaleString()} rows/s ${res.pass ? "PASS" : "FAIL"}; server RSS ${res.rssBeforeMb} → peak ${res.rssPeakMb} → ${res.rssAfterMb} MB${note ? `  (${note})` : ""}`,
  );
  return res;
}

// ---------------------------------------------------------------------------------------------- the database

interface Fixtures {
  orders: number;
  maxOrderRef: number;
  orderIds: string[];
  heavyMember: { id: string; username: string; sid: string; orders: number; commissions: number };
  ledgerMember: { id: string; username: string; commissions: number } | null;
  typicalSid: string;
  rowsFrom60To30: number;
  attributedNo: number;
  /** Members to search for: their phone or email, name (when they have one), sid and invite code. */
  searchMembers: { username: string; name: string | null; sid: string; inviteCode: string }[];
}

async function loadFixtures(sqliteFile: string | null, pgUrl: string | null): Promise<Fixtures> {
  // Plain SQL on both: PostgreSQL needs the quoted camelCase names, SQLite accepts them too.
  let q: (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;
  let close: () => Promise<void>;
  const from = new Date(`${daysAgo(60)}T00:00:00+08:00`);
  const to = new Date(new Date(`${daysAgo(30)}T00:00:00+08:00`).getTime() + 86_400_000);
  let fromV: unknown = from, toV: unknown = to;
  if (sqliteFile) {
    const db = new Database(sqliteFile, { readonly: true, fileMustExist: true });
    q = async (sql, params = []) => db.prepare(sql).all(...(params as unknown[])) as Record<string, unknown>[];
    close = async () => {
      db.close();
    };
    fromV = from.toISOString().replace("Z", "+00:00");
    toV = to.toISOString().replace("Z", "+00:00");
  } else {
    const c = new pg.Client({ connectionString: pgUrl! });
    await c.connect();
    let n = 0;
    q = async (sql, params = []) => (await c.query(sql.replace(/\?/g, () => `$${++n}`), params)).rows;
    const wrapped = q;
    q = async (sql, params) => {
      n = 0;
      return wrapped(sql, params);
    };
    close = () => c.end();
    fromV = from.toISOString().slice(0, 23);
    toV = to.toISOString().slice(0, 23);
  }
  try {
    const [{ n: orders, mx }] = await q(`SELECT count(*) AS n, max("id") AS mx FROM orders`);
    if (!Number(orders)) throw new Error("the database has no orders: seed it first (npm run seed:large, or pass --seed)");
    const maxOrderRef = Number(mx);
    const refs = new Set<number>();
    while (refs.size < Math.min(Number(orders), WARMUP + REQUESTS * 3 + 10)) refs.add(1 + randomInt(0, maxOrderRef));
    const orderIds = (await q(`SELECT "orderId" FROM orders WHERE "id" IN (${[...refs].join(",")})`)).map((r) => String(r.orderId));
    const [heavy] = await q(`SELECT "memberId", count(*) AS n FROM orders WHERE "memberId" IS NOT NULL GROUP BY "memberId" ORDER BY n DESC LIMIT 1`);
    const [hu] = await q(`SELECT "id", "username", "sid" FROM users WHERE "id" = ?`, [heavy.memberId]);
    const [hc] = await q(`SELECT count(*) AS n FROM commissions WHERE "beneficiaryId" = ?`, [heavy.memberId]);
    const [ledger] = await q(`SELECT "beneficiaryId", count(*) AS n FROM commissions GROUP BY "beneficiaryId" ORDER BY n DESC LIMIT 1`);
    let ledgerMember: Fixtures["ledgerMember"] = null;
    if (ledger && ledger.beneficiaryId !== heavy.memberId) {
      const [lu] = await q(`SELECT "username" FROM users WHERE "id" = ?`, [ledger.beneficiaryId]);
      ledgerMember = { id: String(ledger.beneficiaryId), username: String(lu.username), commissions: Number(ledger.n) };
    }
    const [typical] = await q(`SELECT "sid" FROM orders WHERE "id" = ? `, [Math.max(1, Math.floor(maxOrderRef / 2))]);
    let typicalSid = typical?.sid ? String(typical.sid) : String(hu.sid);
    if (typical && !typical.sid) typicalSid = String(hu.sid);
    const [range] = await q(`SELECT count(*) AS n FROM orders WHERE "occurredAt" >= ? AND "occurredAt" < ?`, [fromV, toV]);
    const [unattr] = await q(`SELECT count(*) AS n FROM orders WHERE "memberId" IS NULL`);
    // sids are random, so the first by sid are a random sample; half of them with a name.
    const sample = async (where: string) =>
      (await q(`SELECT "username", "name", "sid", "inviteCode" FROM users WHERE "role" = 'MEMBER' AND ${where} ORDER BY "sid" LIMIT 100`)).map((r) => ({
        username: String(r.username), name: r.name === null ? null : String(r.name), sid: String(r.sid), inviteCode: String(r.inviteCode),
      }));
    const searchMembers = [...(await sample(`"name" IS NOT NULL`)), ...(await sample(`"name" IS NULL`))];
    return {
      orders: Number(orders), maxOrderRef, orderIds,
      heavyMember: { id: String(hu.id), username: String(hu.username), sid: String(hu.sid), orders: Number(heavy.n), commissions: Number(hc.n) },
      ledgerMember, typicalSid, rowsFrom60To30: Number(range.n), attributedNo: Number(unattr.n), searchMembers,
    };
  } finally {
    await close();
  }
}

/** The console search box (GET /api/admin/search), one scenario per kind of term; each request a different term. */
function searchScenarios(admin: TimedClient, f: Fixtures): Scenario[] {
  const nth = <T,>(xs: T[], i: number) => xs[i % xs.length];
  const named = f.searchMembers.filter((m) => m.name);
  const phones = f.searchMembers.filter((m) => /^1\d{10}$/.test(m.username));
  const emails = f.searchMembers.filter((m) => m.username.includes("@"));
  const search = (name: string, term: (i: number) => string, check?: Scenario["check"]): Scenario => ({
    name: `search ${name}`, kind: "search", client: admin, path: (i) => `/api/admin/search?q=${encodeURIComponent(term(i))}`, check,
  });
  const found = (group: "orders" | "members") => (body: unknown) => ((body as Record<string, unknown[]>)[group]?.length ? null : `no ${group} found`);
  return [
    search("order id (exact)", (i) => nth(f.orderIds, i), found("orders")),
    search("order id prefix (8 digits)", (i) => nth(f.orderIds, i).slice(0, 8), found("orders")),
    search("phone (whole)", (i) => nth(phones, i).username, found("members")),
    search("phone prefix (7 digits)", (i) => nth(phones, i).username.slice(0, 7), found("members")),
    search("email prefix", (i) => nth(emails, i).username.slice(0, 16), found("members")),
    search("name (part of one)", (i) => [...nth(named, i).name!].slice(-2).join(""), found("members")),
    // The worst case: a name nobody has is looked for in every name.
    search("name nobody has", (i) => `无此人${i}`),
    search("sid (exact)", (i) => nth(f.searchMembers, i).sid, found("members")),
    search("invite code", (i) => nth(f.searchMembers, i).inviteCode, found("members")),
  ];
}

// ---------------------------------------------------------------------------------------------- report

/** A table row in the column widths `w`: the first column left-aligned, the others right-aligned. */
const tableLine = (w: number[]) => (vals: (string | number)[]) => vals.map((v, i) => pad(v, w[i], i === 0)).join("  ");

function printTable(results: ScenarioResult[]) {
  const cols = ["endpoint", "mode", "n", "p50 ms", "p95 ms", "max ms", "req/s", "srv cpu/req", "db cpu/req", "target", "verdict"];
  const line = tableLine([40, 5, 4, 8, 8, 8, 7, 11, 10, 8, 8]);
  console.log(line(cols));
  console.log("-".repeat(line(cols).length));
  for (const r of results) {
    if (r.state !== "ok") {
      console.log(line([r.name, "-", "-", "-", "-", "-", "-", "-", "-", `<${r.targetMs}`, r.state]));
      continue;
    }
    for (const s of r.runs) {
      const verdict = s.errors ? "ERRORS" : s.p95 < r.targetMs ? "PASS" : "FAIL";
      console.log(
        line([
          s === r.runs[0] ? r.name : "", s.mode, s.requests, s.p50.toFixed(1), s.p95.toFixed(1), s.max.toFixed(1), s.rps.toFixed(1),
          s.serverCpuMsPerReq === null ? "-" : `${s.serverCpuMsPerReq} ms`, s.otherCpuMsPerReq === null ? "-" : `${s.otherCpuMsPerReq} ms`,
          `<${r.targetMs}`, verdict,
        ]),
      );
    }
    if (r.note) console.log(`${"".padEnd(42)}note: ${r.note}`);
  }
}

function printExportTable(results: ExportResult[]) {
  const cols = ["export", "rows", "MB", "seconds", "TTFB ms", "rows/s", "RSS before", "RSS peak", "RSS after", "target", "verdict"];
  const line = tableLine([40, 10, 7, 8, 8, 9, 10, 9, 9, 9, 8]);
  console.log(line(cols));
  console.log("-".repeat(line(cols).length));
  for (const r of results) {
    if (r.state === "missing") {
      console.log(line([r.name, "-", "-", "-", "-", "-", "-", "-", "-", ">50000", "missing"]));
      continue;
    }
    console.log(
      line([
        r.name, r.rows.toLocaleString(), (r.bytes / 1e6).toFixed(1), r.seconds.toFixed(2), r.ttfbMs, r.rowsPerS.toLocaleString(),
        `${r.rssBeforeMb} MB`, `${r.rssPeakMb} MB`, `${r.rssAfterMb} MB`, ">50000", r.state !== "ok" ? "ERROR" : r.pass ? "PASS" : "FAIL",
      ]),
    );
    if (r.note) console.log(`${"".padEnd(42)}note: ${r.note}`);
  }
}

// ---------------------------------------------------------------------------------------------- main

let pgDbName: string | undefined;
let tmpDir: string | undefined;
let cleaning: Promise<void> | undefined;

function cleanup(keep: boolean): Promise<void> {
  cleaning ??= (async () => {
    await stopServer(server);
    if (keep) {
      if (pgDbName) console.log(`database kept: ${pgDbName}`);
      if (tmpDir) console.log(`temp dir kept: ${tmpDir}`);
      return;
    }
    if (pgDbName) await dropPgDb(pgDbName);
    if (tmpDir) rmSync(tmpDir, { recursive: true, force: true });
  })();
  return cleaning;
}

stopServerOnExit(() => server, () => cleanup(true));

/** Waits while other builds / benchmarks / test runs are running: up to maxSeconds, then fails (or, with
 * proceed, carries on with a warning: the numbers will be noisy). Returns whether the machine was quiet. */
async function waitForQuietMachine(what: string, maxSeconds: number, proceed: boolean): Promise<boolean> {
  for (let waited = 0; ; waited += 15) {
    const others = otherHeavyProcesses();
    if (!others.length) return true;
    if (waited === 0) console.log(`waiting before ${what}: other builds / benchmarks / test runs are running:\n  ${others.slice(0, 6).map((o) => o.slice(0, 140)).join("\n  ")}`);
    if (waited >= maxSeconds) {
      if (!proceed) throw new Error(`gave up waiting for other processes before ${what}`);
      console.log(`WARNING: still not quiet after ${maxSeconds} s; measuring anyway (numbers will be noisy)`);
      return false;
    }
    await sleep(15_000);
  }
}

function runSeed(env: NodeJS.ProcessEnv): number {
  const args = [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), path.join(ROOT, "scripts/seed-large.ts")];
  const orders = argValue("--orders");
  const members = argValue("--members");
  if (orders) args.push("--orders", orders);
  if (members) args.push("--members", members);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, env, stdio: "inherit" });
  if (r.status !== 0) throw new Error(`seed:large failed (exit ${r.status})`);
  return round((performance.now() - t0) / 1000, 1);
}

async function main(): Promise<number> {
  if (DB === "postgres" && !SEED && !DATABASE_URL_ARG) throw new Error("--db postgres needs --database-url URL (a seeded database) or --seed");
  if (DB === "sqlite" && !SEED && !DATA_DIR_ARG) throw new Error("pass --data-dir DIR (a seeded SQLite data folder), or --seed");

  const buildId = await buildIfNeeded(FORCE_BUILD, () => waitForQuietMachine("next build", 30 * 60, false));
  const newer = newestSourceAfterBuild();
  const buildStale = newer !== null;
  if (newer) console.log(`WARNING: the production build is older than ${newer}: the numbers are for the built code; pass --build to rebuild.`);

  tmpDir = mkdtempSync(path.join(os.tmpdir(), "mt-cps-console-"));
  const logFile = path.join(tmpDir, "server.log");
  let dataDir = path.join(tmpDir, "data");
  mkdirSync(dataDir);
  let serverDbUrl: string | undefined;
  let seedSeconds: number | null = null;

  const baseEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ["DATABASE_URL", "DATA_DIR", "NEXTAUTH_SECRET", "ADMIN_USERNAME", "ADMIN_PASSWORD", "PORT", "NODE_ENV"]) delete baseEnv[k];
  if (DB === "postgres") {
    if (SEED) {
      const d = await createPgDb("bench_console");
      pgDbName = d.name;
      serverDbUrl = d.url;
    } else serverDbUrl = DATABASE_URL_ARG;
  } else if (!SEED) {
    dataDir = path.resolve(DATA_DIR_ARG!);
    if (!existsSync(path.join(dataDir, "app.db"))) throw new Error(`${dataDir}/app.db does not exist`);
  }
  if (SEED) {
    console.log(`seeding a fresh ${DB} database (${DB === "postgres" ? pgDbName : dataDir})…`);
    seedSeconds = runSeed({ ...baseEnv, ...(serverDbUrl ? { DATABASE_URL: serverDbUrl } : {}), DATA_DIR: dataDir });
    console.log(`seeded in ${seedSeconds} s`);
  }

  const fixtures = await loadFixtures(DB === "sqlite" ? path.join(dataDir, "app.db") : null, serverDbUrl ?? null);
  console.log(
    `data: ${fixtures.orders.toLocaleString()} orders; member with the most orders ${fixtures.heavyMember.username} (${fixtures.heavyMember.orders.toLocaleString()} orders, ` +
      `${fixtures.heavyMember.commissions.toLocaleString()} ledger rows)` +
      (fixtures.ledgerMember ? `; largest ledger ${fixtures.ledgerMember.username} (${fixtures.ledgerMember.commissions.toLocaleString()} rows)` : ""),
  );

  const quiet = await waitForQuietMachine("measuring", numArg("--max-wait", 300), true);
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...baseEnv,
    DATA_DIR: dataDir,
    ...(serverDbUrl ? { DATABASE_URL: serverDbUrl } : {}),
    NEXTAUTH_SECRET: randomBytes(32).toString("hex"),
    NEXTAUTH_URL: `http://127.0.0.1:${port}`,
    MEITUAN_CALLBACK_SECRET: "bench_secret",
    NEXT_TELEMETRY_DISABLED: "1",
    LOG_LEVEL: "warn",
  };
  console.log(`console bench: db=${DB}${serverDbUrl ? ` (${serverDbUrl.replace(/:[^:@/]*@/, ":***@")})` : ` (${dataDir}/app.db)`}, build ${buildId}, ${os.cpus().length} CPUs, node ${process.version}`);
  console.log(`server: next start -p ${port}, log ${logFile}`);
  const t0 = Date.now();
  // Generous: on start the server applies pending migrations, which on a large database can take minutes.
  server = await startServer(port, env, logFile, 15 * 60_000);
  console.log(`server up (pid ${server.child.pid}) in ${((Date.now() - t0) / 1000).toFixed(1)} s, RSS ${rssMiB(server.child.pid, 0)} MB`);

  const admin = new TimedClient(port, CONCURRENCY * 2);
  const member = new TimedClient(port, CONCURRENCY * 2);
  await admin.login(ADMIN_USER, ADMIN_PASSWORD);
  await member.login(fixtures.heavyMember.username, MEMBER_PASSWORD);
  let ledgerClient: TimedClient | null = null;
  if (fixtures.ledgerMember) {
    ledgerClient = new TimedClient(port, CONCURRENCY * 2);
    await ledgerClient.login(fixtures.ledgerMember.username, MEMBER_PASSWORD);
  }
  console.log(`logged in: admin ${ADMIN_USER}, member ${fixtures.heavyMember.username}${fixtures.ledgerMember ? `, member ${fixtures.ledgerMember.username}` : ""}`);

  // Deep keyset pages: follow nextCursor DEEP_PAGES pages (limit 50), then keep following for the measured pages.
  const deepCursors: string[] = [];
  if (!ONLY || `admin orders page ${DEEP_PAGES}+ (keyset)`.includes(ONLY)) {
    let cursor: string | null = null;
    const t = performance.now();
    const need = DEEP_PAGES + WARMUP + REQUESTS * 3;
    for (let p = 0; p < need; p++) {
      const r = await admin.get(`/api/admin/orders?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      if (r.status !== 200) throw new Error(`admin order list: HTTP ${r.status} ${r.body.slice(0, 200)}`);
      cursor = (JSON.parse(r.body) as { nextCursor: string | null }).nextCursor;
      if (!cursor) break;
      if (p + 1 >= DEEP_PAGES) deepCursors.push(cursor);
    }
    console.log(`followed ${DEEP_PAGES + deepCursors.length} pages of the order list in ${((performance.now() - t) / 1000).toFixed(1)} s (page ${DEEP_PAGES} onwards measured)`);
  }

  const from = daysAgo(60);
  const to = daysAgo(30);
  const itemsCheck = (pred: (o: Record<string, unknown>) => boolean, what: string) => (body: unknown) => {
    const items = (body as { items?: Record<string, unknown>[] }).items;
    if (!Array.isArray(items)) return "no items array";
    if (items.length === 0) return "no rows";
    const bad = items.filter((o) => !pred(o)).length;
    return bad ? `filter ignored? ${bad}/${items.length} rows are not ${what}` : null;
  };
  const nth = <T,>(xs: T[], i: number) => xs[i % xs.length];
  const scenarios: Scenario[] = [
    { name: "admin orders ?limit=50", kind: "list", client: admin, path: () => "/api/admin/orders?limit=50" },
    { name: "admin orders status=completed", kind: "list", client: admin, path: () => "/api/admin/orders?status=completed&limit=50", check: itemsCheck((o) => o.status === "completed", "completed") },
    { name: `admin orders from..to (60d..30d ago)`, kind: "list", client: admin, path: () => `/api/admin/orders?from=${from}&to=${to}&limit=50` },
    { name: "admin orders sid=<typical member>", kind: "list", client: admin, path: () => `/api/admin/orders?sid=${fixtures.typicalSid}`, check: itemsCheck((o) => o.sid === fixtures.typicalSid, "of that sid") },
    { name: "admin orders sid=<heaviest member>", kind: "list", client: admin, path: () => `/api/admin/orders?sid=${fixtures.heavyMember.sid}`, check: itemsCheck((o) => o.sid === fixtures.heavyMember.sid, "of that sid") },
    { name: "admin orders attributed=no", kind: "list", client: admin, path: () => "/api/admin/orders?attributed=no&limit=50", check: itemsCheck((o) => o.memberId === null, "unattributed") },
    { name: "admin orders businessLine=4", kind: "list", client: admin, path: () => "/api/admin/orders?businessLine=4&limit=50", check: itemsCheck((o) => Number(o.businessLine) === 4, "businessLine 4") },
    // Money status: a rare one (扣回) and a common one read oldest first, where its orders are at the far end.
    { name: "admin orders moneyStatus=clawback", kind: "list", client: admin, path: () => "/api/admin/orders?moneyStatus=clawback&limit=50" },
    { name: "admin orders moneyStatus=void", kind: "list", client: admin, path: () => "/api/admin/orders?moneyStatus=void&limit=50" },
    { name: "admin orders moneyStatus=estimated oldest", kind: "list", client: admin, path: () => "/api/admin/orders?moneyStatus=estimated&sort=time_asc&limit=50" },
    { name: `admin orders page ${DEEP_PAGES}+ (keyset)`, kind: "list", client: admin, path: (i) => `/api/admin/orders?limit=50&cursor=${encodeURIComponent(nth(deepCursors, i))}` },
    { name: "admin order detail (random)", kind: "detail", client: admin, path: (i) => `/api/admin/orders/${nth(fixtures.orderIds, i)}` },
    // The member list's computed columns and sorts (lib/accounts/member-list.ts), a member's activity, and the
    // order list's member filter by what an operator types.
    { name: "admin members ?limit=50", kind: "list", client: admin, path: () => "/api/admin/members?limit=50" },
    { name: "admin members sort=balance_desc", kind: "list", client: admin, path: () => "/api/admin/members?sort=balance_desc&limit=50" },
    { name: "admin members sort=orders30d_desc", kind: "list", client: admin, path: () => "/api/admin/members?sort=orders30d_desc&limit=50" },
    { name: "admin members balance=positive", kind: "list", client: admin, path: () => "/api/admin/members?balance=positive&limit=50" },
    { name: "admin members balance=negative", kind: "list", client: admin, path: () => "/api/admin/members?balance=negative&limit=50" },
    { name: "admin member activity (heaviest)", kind: "list", client: admin, path: () => `/api/admin/members/${fixtures.heavyMember.id}/activity?limit=20` },
    { name: "admin orders member=<login prefix>", kind: "list", client: admin, path: () => `/api/admin/orders?member=${encodeURIComponent(fixtures.heavyMember.username.slice(0, 7))}&limit=50` },
    // The count and money totals of a filter, beside the list (one request per filter change).
    { name: "admin orders totals (all)", kind: "dashboard", client: admin, path: () => "/api/admin/orders/totals" },
    { name: `admin orders totals from..to (60d..30d ago)`, kind: "dashboard", client: admin, path: () => `/api/admin/orders/totals?from=${from}&to=${to}` },
    { name: "admin orders totals sid=<heaviest member>", kind: "list", client: admin, path: () => `/api/admin/orders/totals?sid=${fixtures.heavyMember.sid}` },
    { name: "dashboard range=today", kind: "dashboard", client: admin, path: () => "/api/admin/dashboard?range=today" },
    { name: "dashboard range=7d", kind: "dashboard", client: admin, path: () => "/api/admin/dashboard?range=7d" },
    { name: "dashboard range=30d", kind: "dashboard", client: admin, path: () => "/api/admin/dashboard?range=30d" },
    { name: "me/summary (most orders)", kind: "detail", client: member, path: () => "/api/me/summary" },
    { name: "me/orders?limit=20 (most orders)", kind: "list", client: member, path: () => "/api/me/orders?limit=20" },
    { name: "me/commissions?limit=20 (most orders)", kind: "list", client: member, path: () => "/api/me/commissions?limit=20" },
    { name: "me/earnings/daily?days=30 (most ord.)", kind: "detail", client: member, path: () => "/api/me/earnings/daily?days=30" },
    ...searchScenarios(admin, fixtures),
  ];
  if (ledgerClient) {
    scenarios.push(
      { name: "me/summary (largest ledger)", kind: "detail", client: ledgerClient, path: () => "/api/me/summary" },
      { name: "me/commissions?limit=20 (largest ledger)", kind: "list", client: ledgerClient, path: () => "/api/me/commissions?limit=20" },
      { name: "me/earnings/daily?days=30 (largest l.)", kind: "detail", client: ledgerClient, path: () => "/api/me/earnings/daily?days=30" },
    );
  }

  if (ONLY) scenarios.splice(0, scenarios.length, ...scenarios.filter((s) => s.name.includes(ONLY)));

  const idle0 = systemCpuSeconds();
  await sleep(1000);
  const idle1 = systemCpuSeconds();
  const busyPct = idle0 !== null && idle1 !== null ? Math.round(100 * (idle1 - idle0)) : null;
  if (busyPct !== null) console.log(`CPU in use before measuring: ${busyPct}% of one core${busyPct > 20 ? "  (WARNING: the machine is busy; numbers will be noisy)" : ""}`);

  console.log(`\nmeasuring: ${WARMUP} warm-up, ${REQUESTS} sequential, then ${REQUESTS * 2} with ${CONCURRENCY} concurrent, per endpoint`);
  const results: ScenarioResult[] = [];
  for (const s of scenarios) {
    results.push(await runScenario(s));
    if (server.child.exitCode !== null || server.child.signalCode !== null) throw new Error("the server exited during the run");
  }

  const exports: ExportResult[] = [];
  if (!SKIP_EXPORT && !ONLY) {
    console.log(`\nexport (streamed, rows counted by newline; server RSS from /proc/<pid>/status of the server process tree):`);
    exports.push(await runExport(admin, "export.csv (all rows)", "/api/admin/orders/export.csv", fixtures.orders));
    if (exports[0].state !== "missing") {
      exports.push(await runExport(admin, `export.csv from..to (60d..30d ago)`, `/api/admin/orders/export.csv?from=${from}&to=${to}`, fixtures.rowsFrom60To30));
      exports.push(await runExport(admin, "export.csv (all rows, again)", "/api/admin/orders/export.csv", fixtures.orders));
    }
  }

  console.log(`\n=== console bench — ${DB}, ${fixtures.orders.toLocaleString()} orders; ${REQUESTS} sequential + ${REQUESTS * 2} at ${CONCURRENCY} concurrent per endpoint ===\n`);
  printTable(results);
  console.log(`(srv cpu/req = CPU of the Next.js server per request; db cpu/req = all other CPU on the machine per request${DB === "postgres" ? ", PostgreSQL included" : ", noise on SQLite"}; ${os.cpus().length} cores)`);
  if (exports.length) {
    console.log();
    printExportTable(exports);
  }
  const rows = results.flatMap((r) => r.runs.map((s) => ({ r, s })));
  const fails = rows.filter(({ r, s }) => s.p95 >= r.targetMs || s.errors).map(({ r, s }) => `${r.name} [${s.mode}]`);
  const missing = results.filter((r) => r.state === "missing").map((r) => r.name).concat(exports.filter((e) => e.state === "missing").map((e) => e.name));
  const errored = results.filter((r) => r.state === "error").map((r) => r.name);
  console.log(`\nsummary: ${rows.length - fails.length}/${rows.length} latency rows PASS; export ${exports.filter((e) => e.pass).length}/${exports.length} PASS`);
  if (fails.length) console.log(`  FAIL: ${fails.join(", ")}`);
  for (const e of exports.filter((x) => x.state !== "missing" && !x.pass)) console.log(`  FAIL: ${e.name}`);
  if (missing.length) console.log(`  missing: ${missing.join(", ")}`);
  if (errored.length) console.log(`  error: ${errored.join(", ")}`);

  const result = {
    at: new Date().toISOString(), db: DB, buildId, buildStale, node: process.version, cpus: os.cpus().length, loadAverageAtEnd: os.loadavg(),
    cpuBusyBeforePct: busyPct, otherRunsDuringBench: !quiet, seedSeconds, requests: REQUESTS, warmup: WARMUP, concurrency: CONCURRENCY, deepPages: DEEP_PAGES,
    fixtures: { ...fixtures, orderIds: fixtures.orderIds.slice(0, 5) },
    targets: { listP95Ms: TARGET_MS.list, detailP95Ms: TARGET_MS.detail, dashboardP95Ms: TARGET_MS.dashboard, exportRowsPerS: EXPORT_TARGET_ROWS_PER_S },
    results, exports, summary: { fails, missing, errored },
  };
  const out = argValue("--out");
  const outFile = out ? path.resolve(out) : path.join(ROOT, "bench/results", `console-${DB}${ONLY ? `-${ONLY.replace(/\W+/g, "_")}` : ""}.json`);
  mkdirSync(path.dirname(outFile), { recursive: true });
  writeFileSync(outFile, JSON.stringify(result, null, 2) + "\n");
  console.log(`\nresults written to ${path.relative(ROOT, outFile)}`);
  const log = tail(logFile, 15);
  if (/error/i.test(log)) console.log(`\nserver log tail (${logFile}):\n${log}`);
  return 0;
}

main()
  .then(async (code) => {
    await cleanup(KEEP);
    process.exit(code);
  })
  .catch(async (e) => {
    console.error(`\nbench failed: ${e instanceof Error ? (e.stack ?? e.message) : e}`);
    if (tmpDir) console.error(`\nserver log tail (${path.join(tmpDir, "server.log")}):\n${tail(path.join(tmpDir, "server.log"), 40)}`);
    await cleanup(true);
    process.exit(1);
  });
