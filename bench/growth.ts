// How cost grows with the data: for each size and database, seed (scripts/seed-large.ts), measure the console and
// member reads (bench/console.ts, 4 concurrent) and then the push path against the floor (bench/callback.ts) on
// that database, and print one markdown table (README, "How cost grows") and what grows with the data.
//
//   npx tsx bench/growth.ts [--sizes 100000,1000000,3000000] [--db sqlite|postgres|both] [--members-per-order 0.1]
//                           [--runs 3] [--seconds 10] [--requests 50] [--work-dir DIR] [--reuse] [--keep] [--gc-trace]
//
// The console goes first: the push bench adds its own orders (some 10⁵ on SQLite) to the seeded ones.
// --reuse: the seeded databases get fixed names (DIR/sqlite-<size>/, PostgreSQL bench_growth_<size>) and are kept;
// a later --reuse run measures them again without seeding (their orders include earlier push runs' orders).
// --keep: keep the databases this run seeded. Otherwise everything is removed at the end.
// Seeding takes ~4 min per million orders on SQLite on a quiet 2-core machine (PostgreSQL about the same).
// Per step output: <work dir>/<db>-<size>-{seed,console,callback}.log and .json; the table and every number:
// bench/results/growth.json (--out FILE). Exit 1 when a step failed (the table shows what was measured).
import { spawn } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import Database from "better-sqlite3";
import pg from "pg";
import { argValue, baseEnv, buildIfNeeded, createPgDb, dropPgDb, flag, numArg, PG_BASE_URL, ROOT, round } from "./lib/common";

const SIZES = (argValue("--sizes") ?? "100000,1000000,3000000").split(",").map((x) => Number(x.replace(/_/g, "")));
if (SIZES.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--sizes: positive integers, got ${argValue("--sizes")}`);
const dbArg = argValue("--db") ?? "both";
if (!["sqlite", "postgres", "pg", "both"].includes(dbArg)) throw new Error(`--db must be sqlite, postgres or both, got ${dbArg}`);
const DBS: ("sqlite" | "postgres")[] = dbArg === "both" ? ["sqlite", "postgres"] : dbArg === "sqlite" ? ["sqlite"] : ["postgres"];
const MEMBERS_PER_ORDER = numArg("--members-per-order", 0.1); // the seed's default: 100,000 members for 1,000,000 orders
const RUNS = String(Math.floor(numArg("--runs", 3)));
const SECONDS = String(numArg("--seconds", 10));
const REQUESTS = String(Math.floor(numArg("--requests", 50)));
const REUSE = flag("--reuse");
const KEEP = flag("--keep") || REUSE;
const GC_TRACE = flag("--gc-trace");
const MAX_WAIT = String(numArg("--max-wait", 300));
const WORK_DIR = path.resolve(argValue("--work-dir") ?? mkdtempSync(path.join(os.tmpdir(), "mt-cps-growth-")));
mkdirSync(WORK_DIR, { recursive: true });
const TSX = path.join(ROOT, "node_modules/tsx/dist/cli.mjs");

// ---------------------------------------------------------------------------------------------- steps

/** Runs a tsx script, its output to `log` (and a line per step here); resolves with the exit code and seconds. */
function run(script: string, args: string[], env: NodeJS.ProcessEnv, log: string): Promise<{ code: number; seconds: number }> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const out = createWriteStream(log);
    const child = spawn(process.execPath, [TSX, path.join(ROOT, script), ...args], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.pipe(out, { end: false });
    child.stderr.pipe(out, { end: false });
    running = child.pid;
    child.on("exit", (code, signal) => {
      running = undefined;
      out.end();
      resolve({ code: code ?? (signal ? 128 : 1), seconds: round((performance.now() - t0) / 1000, 1) });
    });
  });
}
let running: number | undefined;
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.on(sig, () => {
    if (running) process.kill(running, "SIGTERM"); // the benches stop their servers on SIGTERM
    setTimeout(() => process.exit(130), 12_000).unref();
  });
}

async function orderCount(sqliteFile: string | null, pgUrl: string | null): Promise<number> {
  if (sqliteFile) {
    if (!existsSync(sqliteFile)) return 0;
    const db = new Database(sqliteFile, { readonly: true });
    try {
      return Number((db.prepare(`SELECT count(*) AS n FROM orders`).get() as { n: number }).n);
    } catch {
      return 0;
    } finally {
      db.close();
    }
  }
  const c = new pg.Client({ connectionString: pgUrl! });
  try {
    await c.connect();
    return Number((await c.query(`SELECT count(*) AS n FROM orders`)).rows[0].n);
  } catch {
    return 0;
  } finally {
    await c.end().catch(() => {});
  }
}

/** A PostgreSQL database with a fixed name, created if missing (for --reuse). */
async function namedPgDb(name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: PG_BASE_URL });
  await admin.connect();
  try {
    const exists = (await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name])).rowCount;
    if (!exists) await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const u = new URL(PG_BASE_URL);
  u.pathname = "/" + name;
  return u.toString();
}

// ---------------------------------------------------------------------------------------------- reading the results

interface ConsoleJson {
  results: { name: string; state: string; runs: { mode: string; p95: number; errors: number }[] }[];
  exports: { name: string; state: string; rowsPerS: number; rssBeforeMb: number | null; rssPeakMb: number | null }[];
  fixtures: { orders: number };
}
interface CallbackJson {
  pairs: { concurrency: number; median: { rpsRatio: number; p99App: number; p99Floor: number; p99Ratio: number; rpsApp: number; rpsFloor: number } }[];
  verification: { missingPushes: number; missingOrders: number; statusBehind: number };
  totalErrors: number;
}

interface Row {
  db: "sqlite" | "postgres";
  size: number;
  ordersMeasured: number | null;
  seedSeconds: number | null;
  pushRps50: number | null;
  pushRatio50: number | null;
  pushP99At10: number | null;
  pushP99Ratio10: number | null;
  pushP99At50: number | null;
  dashboard30d: number | null;
  ordersList: number | null;
  search: number | null;
  searchWorst: string | null;
  memberHome: number | null;
  memberOrders: number | null;
  exportRowsPerS: number | null;
  exportRssMb: string | null;
  failures: string[];
}

const readJson = <T,>(f: string): T | null => (existsSync(f) ? (JSON.parse(readFileSync(f, "utf8")) as T) : null);

function fromConsole(row: Row, j: ConsoleJson) {
  const conc = (name: string) => {
    const r = j.results.find((x) => x.name === name && x.state === "ok");
    return r?.runs.find((s) => s.mode !== "seq")?.p95 ?? null;
  };
  row.ordersMeasured = j.fixtures.orders;
  row.dashboard30d = conc("dashboard range=30d");
  row.ordersList = conc("admin orders ?limit=50");
  row.memberHome = conc("me/summary (most orders)");
  row.memberOrders = conc("me/orders?limit=20 (most orders)");
  let worst: { name: string; p95: number } | null = null;
  for (const r of j.results.filter((x) => x.name.startsWith("search ") && x.state === "ok")) {
    const p = r.runs.find((s) => s.mode !== "seq")?.p95;
    if (p !== undefined && (!worst || p > worst.p95)) worst = { name: r.name.slice("search ".length), p95: p };
  }
  row.search = worst?.p95 ?? null;
  row.searchWorst = worst?.name ?? null;
  const e = j.exports.find((x) => x.name === "export.csv (all rows)" && x.state === "ok");
  row.exportRowsPerS = e?.rowsPerS ?? null;
  row.exportRssMb = e ? `${e.rssBeforeMb}→${e.rssPeakMb}` : null;
  const errored = j.results.filter((x) => x.state === "error" || x.runs.some((s) => s.errors)).map((x) => x.name);
  if (errored.length) row.failures.push(`console errors: ${errored.join(", ")}`);
}

function fromCallback(row: Row, j: CallbackJson) {
  const at = (c: number) => j.pairs.find((p) => p.concurrency === c)?.median;
  row.pushRps50 = at(50)?.rpsApp ?? null;
  row.pushRatio50 = at(50)?.rpsRatio ?? null;
  row.pushP99At10 = at(10)?.p99App ?? null;
  row.pushP99Ratio10 = at(10)?.p99Ratio ?? null;
  row.pushP99At50 = at(50)?.p99App ?? null;
  const lost = j.verification.missingPushes + j.verification.missingOrders + j.verification.statusBehind;
  if (lost || j.totalErrors) row.failures.push(`push bench: ${j.totalErrors} errors, ${lost} lost`);
}

// ---------------------------------------------------------------------------------------------- the table

const fmtSize = (n: number) => (n >= 1e6 ? `${round(n / 1e6, 1)}M` : n >= 1e3 ? `${round(n / 1e3, 1)}k` : String(n));
const ms = (v: number | null) => (v === null ? "–" : v >= 100 ? String(Math.round(v)) : v.toFixed(1));

function table(rows: Row[]): string {
  const lines = [
    "| orders | db | push req/s @50 (× floor) | push p99 @10 ms (× floor) | push p99 @50 ms | dashboard 30d p95 ms | orders list p95 ms | search p95 ms (worst kind) | member home p95 ms | member orders p95 ms | export rows/s |",
    "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const r of rows) {
    lines.push(
      `| ${fmtSize(r.size)} | ${r.db === "sqlite" ? "SQLite" : "PostgreSQL"} | ${r.pushRps50 === null ? "–" : `${Math.round(r.pushRps50)} (${r.pushRatio50?.toFixed(2)})`} | ` +
        `${r.pushP99At10 === null ? "–" : `${ms(r.pushP99At10)} (${r.pushP99Ratio10?.toFixed(2)})`} | ${ms(r.pushP99At50)} | ${ms(r.dashboard30d)} | ${ms(r.ordersList)} | ` +
        `${r.search === null ? "–" : `${ms(r.search)} (${r.searchWorst})`} | ${ms(r.memberHome)} | ${ms(r.memberOrders)} | ${r.exportRowsPerS === null ? "–" : Math.round(r.exportRowsPerS).toLocaleString("en-US")} |`,
    );
  }
  return lines.join("\n");
}

/**
 * Per database, each column from the smallest size to the largest: what grew (latency up ≥ 1.5×, throughput down to
 * ≤ 0.67×) and what did not.
 */
function growthLines(rows: Row[]): string[] {
  const cols: { key: keyof Row; label: string; higherIsWorse: boolean }[] = [
    // The push path against its floor, measured alongside: the ratios cancel what the machine was doing.
    { key: "pushRatio50", label: "push req/s @50 ÷ floor", higherIsWorse: false },
    { key: "pushP99Ratio10", label: "push p99 @10 ÷ floor", higherIsWorse: true },
    { key: "dashboard30d", label: "dashboard 30d", higherIsWorse: true },
    { key: "ordersList", label: "orders list", higherIsWorse: true },
    { key: "search", label: "search", higherIsWorse: true },
    { key: "memberHome", label: "member home", higherIsWorse: true },
    { key: "memberOrders", label: "member orders", higherIsWorse: true },
    { key: "exportRowsPerS", label: "export rows/s", higherIsWorse: false },
  ];
  const out: string[] = [];
  for (const db of DBS) {
    const rs = rows.filter((r) => r.db === db).sort((a, b) => a.size - b.size);
    if (rs.length < 2) continue;
    const [a, b] = [rs[0], rs[rs.length - 1]];
    const grew: string[] = [];
    const flat: string[] = [];
    for (const c of cols) {
      const [x, y] = [a[c.key] as number | null, b[c.key] as number | null];
      if (x === null || y === null || !x) continue;
      const f = y / x;
      const worse = c.higherIsWorse ? f >= 1.5 : f <= 1 / 1.5;
      (worse ? grew : flat).push(`${c.label} ×${f.toFixed(2)}`);
    }
    out.push(
      `${db === "sqlite" ? "SQLite" : "PostgreSQL"}, ${fmtSize(a.size)} → ${fmtSize(b.size)} orders: grows with the data: ${grew.length ? grew.join(", ") : "nothing"}; ` +
        `does not (within 1.5×, or better): ${flat.length ? flat.join(", ") : "nothing"}.`,
    );
  }
  return out;
}

// ---------------------------------------------------------------------------------------------- main

async function main(): Promise<number> {
  const buildId = await buildIfNeeded(flag("--build"));
  console.log(
    `growth bench: sizes ${SIZES.map(fmtSize).join(", ")} × ${DBS.join(", ")}; push bench ${RUNS} runs × ${SECONDS} s; console ${REQUESTS} requests per endpoint at 4 concurrent; ` +
      `build ${buildId}; work dir ${WORK_DIR}${REUSE ? " (--reuse: databases kept under fixed names)" : ""}`,
  );
  const rows: Row[] = [];
  const started = new Date().toISOString();
  for (const db of DBS) {
    for (const size of SIZES) {
      const tag = `${db}-${size}`;
      const row: Row = {
        db, size, ordersMeasured: null, seedSeconds: null, pushRps50: null, pushRatio50: null, pushP99At10: null, pushP99Ratio10: null, pushP99At50: null,
        dashboard30d: null, ordersList: null, search: null, searchWorst: null, memberHome: null, memberOrders: null, exportRowsPerS: null, exportRssMb: null, failures: [],
      };
      rows.push(row);
      let dataDir: string | null = null;
      let pgUrl: string | null = null;
      let pgName: string | null = null;
      if (db === "sqlite") {
        dataDir = path.join(WORK_DIR, `sqlite-${size}`);
        if (!REUSE) rmSync(dataDir, { recursive: true, force: true });
        mkdirSync(dataDir, { recursive: true });
      } else if (REUSE) {
        pgName = `bench_growth_${size}`;
        pgUrl = await namedPgDb(pgName);
      } else {
        const d = await createPgDb(`bench_growth_${size}`);
        [pgName, pgUrl] = [d.name, d.url];
      }
      const where = dataDir ? `${dataDir}/app.db` : pgName!;
      const env = baseEnv({ ...(dataDir ? { DATA_DIR: dataDir } : {}), ...(pgUrl ? { DATABASE_URL: pgUrl } : {}) });
      const dbArgs = dataDir ? ["--db", "sqlite", "--data-dir", dataDir] : ["--db", "postgres", "--database-url", pgUrl!];
      try {
        const have = await orderCount(dataDir ? path.join(dataDir, "app.db") : null, pgUrl);
        if (REUSE && have >= size) console.log(`\n[${tag}] ${where}: ${have.toLocaleString()} orders already (--reuse): not seeding`);
        else {
          const members = String(Math.max(100, Math.round(size * MEMBERS_PER_ORDER)));
          console.log(`\n[${tag}] seeding ${size.toLocaleString()} orders, ${Number(members).toLocaleString()} members into ${where} …`);
          const s = await run("scripts/seed-large.ts", ["--orders", String(size), "--members", members, ...(have ? ["--reset"] : [])], env, path.join(WORK_DIR, `${tag}-seed.log`));
          row.seedSeconds = s.seconds;
          if (s.code !== 0) throw new Error(`seed failed (exit ${s.code}); see ${tag}-seed.log`);
          console.log(`[${tag}] seeded in ${s.seconds} s`);
        }
        const consoleOut = path.join(WORK_DIR, `${tag}-console.json`);
        rmSync(consoleOut, { force: true });
        console.log(`[${tag}] console bench (4 concurrent) …`);
        const c = await run("bench/console.ts", [...dbArgs, "--concurrency", "4", "--requests", REQUESTS, "--max-wait", MAX_WAIT, "--out", consoleOut], env, path.join(WORK_DIR, `${tag}-console.log`));
        const cj = readJson<ConsoleJson>(consoleOut);
        if (cj) fromConsole(row, cj);
        if (c.code !== 0 || !cj) row.failures.push(`console bench exit ${c.code} (see ${tag}-console.log)`);
        console.log(`[${tag}] console: ${c.seconds} s; dashboard 30d p95 ${ms(row.dashboard30d)} ms, orders list ${ms(row.ordersList)} ms, search ${ms(row.search)} ms, member home ${ms(row.memberHome)} ms, export ${row.exportRowsPerS ?? "–"} rows/s`);

        const cbOut = path.join(WORK_DIR, `${tag}-callback.json`);
        rmSync(cbOut, { force: true });
        console.log(`[${tag}] push bench (${RUNS} alternating runs) …`);
        const p = await run("bench/callback.ts", [...dbArgs, "--runs", RUNS, "--seconds", SECONDS, "--out", cbOut, ...(GC_TRACE ? ["--gc-trace"] : [])], env, path.join(WORK_DIR, `${tag}-callback.log`));
        const pj = readJson<CallbackJson>(cbOut);
        if (pj) fromCallback(row, pj);
        if (p.code !== 0 || !pj) row.failures.push(`push bench exit ${p.code} (see ${tag}-callback.log)`);
        console.log(`[${tag}] push: ${p.seconds} s; ${row.pushRps50 ?? "–"} req/s @50 (× floor ${row.pushRatio50 ?? "–"}), p99 @10 ${ms(row.pushP99At10)} ms (× floor ${row.pushP99Ratio10 ?? "–"})`);
      } catch (e) {
        row.failures.push(e instanceof Error ? e.message : String(e));
        console.log(`[${tag}] FAILED: ${e instanceof Error ? e.message : e}`);
      } finally {
        if (!KEEP) {
          if (dataDir) rmSync(dataDir, { recursive: true, force: true });
          if (pgName) await dropPgDb(pgName);
        } else console.log(`[${tag}] kept: ${dataDir ? `--data-dir ${dataDir}` : `--database-url ${pgUrl}`}`);
      }
    }
  }

  const md = table(rows);
  const grows = growthLines(rows);
  console.log(`\n=== how cost grows — ${os.cpus().length} cores, node ${process.version}, build ${buildId}, ${started.slice(0, 10)} ===\n`);
  console.log(md);
  console.log();
  for (const l of grows) console.log(l);
  console.log(
    `\n(push: bench/callback.ts, median of ${RUNS} alternating runs of ${SECONDS} s, × floor = against POST /api/ping with a push-sized body on the same server; reads: bench/console.ts ` +
      `p95 at 4 concurrent, member pages as the member with the most orders; search = the slowest kind of search term; export = all rows streamed.)`,
  );
  const failed = rows.filter((r) => r.failures.length);
  for (const r of failed) console.log(`FAILED ${r.db} ${fmtSize(r.size)}: ${r.failures.join("; ")}`);
  const outFile = path.resolve(argValue("--out") ?? path.join(ROOT, "bench/results/growth.json"));
  mkdirSync(path.dirname(outFile), { recursive: true });
  writeFileSync(outFile, JSON.stringify({ at: started, buildId, cpus: os.cpus().length, node: process.version, sizes: SIZES, dbs: DBS, runs: Number(RUNS), seconds: Number(SECONDS), rows, markdown: md, grows, workDir: WORK_DIR }, null, 2) + "\n");
  console.log(`\nresults written to ${path.relative(ROOT, outFile)}${KEEP || argValue("--work-dir") || failed.length ? `; step logs in ${WORK_DIR}` : ""}`);
  if (!KEEP && !argValue("--work-dir") && !failed.length) rmSync(WORK_DIR, { recursive: true, force: true });
  return failed.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`\ngrowth bench failed: ${e instanceof Error ? (e.stack ?? e.message) : e}`);
    process.exit(1);
  },
);
