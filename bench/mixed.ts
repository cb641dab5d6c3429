// Mixed load on a (large, seeded) database: do heavy reads stall pushes? Two phases on one production server:
// pushes alone at a steady rate, then the same pushes with closed-loop readers (the 30-day dashboard, a big
// member's pages, …); compares the push p99 of the two phases and takes each read endpoint's p95.
//
//   npx tsx bench/mixed.ts --data-dir DIR                    # SQLite seeded at DIR/app.db (npm run seed:large)
//   npx tsx bench/mixed.ts --db postgres --database-url URL  # PostgreSQL seeded
//   npx tsx bench/mixed.ts [--db sqlite|postgres]            # a fresh empty database (checks the harness only)
//
// Options: --rate PUSHES_PER_S (100), --seconds N per phase (60), --warmup N (10, not measured, at each phase's
// start), --readers GROUP:N,… (dashboard30d:4,member:4; groups: dashboard30d, dashboard7d, member, admin),
// --think-ms N (0: each reader sends its next request when the last one answered), --admin-user / --admin-password
// (the seed's admin@example.com / Admin-Pass-123), --member USERNAME (default: the member with the most orders)
// / --member-password (Seed-Pass-123), --gc-trace (bench/lib/server-diag.cjs: the server's GC and loop stalls per
// phase), --out FILE (bench/results/mixed-<db>.json), --keep.
//
// Targets (issue #16, PASS/FAIL, not fatal): push p99 with the reads ≤ 2 × push p99 without; dashboard 30d p95
// < 200 ms; every other read endpoint p95 < 100 ms. Exit 1 when an acknowledged push is missing or more than 1 %
// of requests failed.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import Database from "better-sqlite3";
import pg from "pg";
import {
  argValue, baseEnv, buildIfNeeded, Client, commCpuByPid, commCpuDelta, comparePushes, createPgDb, dropPgDb, flag, freePort, newestSourceAfterBuild, numArg, pad,
  percentile, pgBackendCpuSeconds, pgDbNameOf, procCpuSeconds, PushMix, readPushState, registerChain, ROOT, round, sleep, staleSocketRetries,
  startServer, stopServer, stopServerOnExit, systemCpuSeconds, tail, type Server,
} from "./lib/common";
import { diagEnv, diagSnapshot, type DiagSnapshot } from "./lib/diag";
import { PUSH_ENDPOINT, pushDriver, readerDriver } from "./lib/drivers";

// ---------------------------------------------------------------------------------------------- options

const dbArg = argValue("--db");
if (dbArg && !["sqlite", "postgres", "pg"].includes(dbArg)) throw new Error(`--db must be sqlite or postgres, got ${dbArg}`);
const DATA_DIR_ARG = argValue("--data-dir");
const DATABASE_URL_ARG = argValue("--database-url");
const DB: "sqlite" | "postgres" = dbArg === "postgres" || dbArg === "pg" || (!dbArg && DATABASE_URL_ARG) ? "postgres" : "sqlite";
if (DB === "postgres" && DATA_DIR_ARG) throw new Error("--data-dir is for SQLite; on PostgreSQL pass --database-url");
if (DB === "sqlite" && DATABASE_URL_ARG) throw new Error("--database-url is for PostgreSQL (--db postgres)");
const SEEDED = Boolean(DATA_DIR_ARG || DATABASE_URL_ARG);
const RATE = numArg("--rate", 100);
const PHASE_S = numArg("--seconds", 60);
const WARMUP_S = numArg("--warmup", Math.min(10, PHASE_S / 4));
const THINK_MS = argValue("--think-ms") === undefined ? 0 : Number(argValue("--think-ms"));
const GC_TRACE = flag("--gc-trace");
const KEEP = flag("--keep");
const OUT = argValue("--out");
const MAX_INFLIGHT_PUSHES = 64;
const SECRET = "bench_mixed_secret";
const FRESH_ADMIN = { username: "bench-admin@example.com", password: "Bench-Admin-Pass-123" };
const ADMIN = SEEDED ? { username: argValue("--admin-user") ?? "admin@example.com", password: argValue("--admin-password") ?? "Admin-Pass-123" } : FRESH_ADMIN;
const MEMBER_PASSWORD = argValue("--member-password") ?? "Seed-Pass-123";

const TARGET_PUSH_P99_RATIO = 2;
const TARGET_DASHBOARD30D_P95 = 200;
const TARGET_OTHER_P95 = 100;

/** What each reader group reads, in turn: the member group is what a member's home and orders pages load. */
const GROUPS = {
  dashboard30d: { as: "admin", paths: ["/api/admin/dashboard?range=30d"] },
  dashboard7d: { as: "admin", paths: ["/api/admin/dashboard?range=7d"] },
  member: { as: "member", paths: ["/me", "/api/me/summary", "/api/me/earnings/daily?days=30", "/me/orders", "/api/me/orders?limit=20", "/api/me/commissions?limit=20"] },
  admin: { as: "admin", paths: ["/api/admin/orders?limit=50", "/api/admin/members?limit=50", "/api/admin/pushes?limit=50", "/api/admin/orders?status=completed&limit=50"] },
} as const;
type Group = keyof typeof GROUPS;
const READERS: { group: Group; n: number }[] = (argValue("--readers") ?? "dashboard30d:4,member:4").split(",").map((part) => {
  const [g, n] = part.split(":");
  if (!(g in GROUPS)) throw new Error(`--readers: unknown group ${g} (${Object.keys(GROUPS).join(", ")})`);
  const count = Number(n ?? 1);
  if (!Number.isInteger(count) || count < 1) throw new Error(`--readers: ${part}: the count must be a positive integer`);
  return { group: g as Group, n: count };
});
// Lists answer {items, nextCursor}; summaries, series and dashboards answer an object.
const expectKey = (p: string) => (/\/api\/(me\/orders|me\/commissions|admin\/orders\?|admin\/members\?|admin\/pushes\?)/.test(p) ? "items" : "");

// ---------------------------------------------------------------------------------------------- stats

interface Phase {
  label: "push only" | "push + reads";
  start: number;
  measureFrom: number;
  end: number;
}
const phases: Phase[] = [];
const stats = new Map<string, { lat: number[]; requests: number; errors: number; errorKinds: Record<string, number> }>();

function record(name: string, t0: number, ms: number, err: string | null) {
  const phase = phases.find((p) => t0 >= p.start && t0 < p.end);
  if (!phase) return; // the last pushes after the end: drained, verified, not timed
  const key = `${phase.label}|${name}`;
  let s = stats.get(key);
  if (!s) stats.set(key, (s = { lat: [], requests: 0, errors: 0, errorKinds: {} }));
  s.requests++;
  if (t0 >= phase.measureFrom) s.lat.push(ms);
  if (err) {
    s.errors++;
    s.errorKinds[err] = (s.errorKinds[err] ?? 0) + 1;
  }
}

interface Row {
  phase: Phase["label"];
  endpoint: string;
  requests: number;
  measured: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  errors: number;
  errorKinds: Record<string, number>;
}

function rows(phase: Phase): Row[] {
  const secs = (phase.end - phase.measureFrom) / 1000;
  return [...stats.entries()]
    .filter(([k]) => k.startsWith(`${phase.label}|`))
    .map(([k, s]) => {
      const sorted = Float64Array.from(s.lat).sort();
      return {
        phase: phase.label, endpoint: k.slice(phase.label.length + 1), requests: s.requests, measured: s.lat.length, rps: round(s.lat.length / secs, 1),
        p50: round(percentile(sorted, 0.5), 1), p95: round(percentile(sorted, 0.95), 1), p99: round(percentile(sorted, 0.99), 1),
        max: round(sorted.length ? sorted[sorted.length - 1] : NaN, 1), errors: s.errors, errorKinds: s.errorKinds,
      };
    })
    .sort((a, b) => (a.endpoint === PUSH_ENDPOINT ? -1 : b.endpoint === PUSH_ENDPOINT ? 1 : a.endpoint.localeCompare(b.endpoint)));
}

// ---------------------------------------------------------------------------------------------- CPU per phase

interface CpuMark {
  t: number;
  server: number | null;
  pgDb: number | null;
  pgAll: Map<number, number>;
  machine: number | null;
  gen: NodeJS.CpuUsage;
}
const cpuMark = (pid: number, pgName: string | null): CpuMark => ({
  t: performance.now(), server: procCpuSeconds(pid), pgDb: pgName ? pgBackendCpuSeconds(pgName) : null, pgAll: commCpuByPid("postgres"),
  machine: systemCpuSeconds(), gen: process.cpuUsage(),
});
function cpuBetween(a: CpuMark, b: CpuMark) {
  const secs = (b.t - a.t) / 1000;
  const pct = (x: number | null) => (x === null ? null : round((100 * x) / secs, 0));
  const gen = (b.gen.user - a.gen.user + b.gen.system - a.gen.system) / 1e6;
  const server = a.server !== null && b.server !== null ? b.server - a.server : null;
  const machine = a.machine !== null && b.machine !== null ? b.machine - a.machine : null;
  const pgAll = commCpuDelta(a.pgAll, b.pgAll);
  return {
    server: pct(server), postgresThisDb: pct(a.pgDb !== null && b.pgDb !== null ? b.pgDb - a.pgDb : null), postgresAll: pct(pgAll), generator: pct(gen),
    other: machine !== null && server !== null ? Math.max(0, pct(machine - server - gen - pgAll)!) : null, machine: pct(machine),
  };
}

// ---------------------------------------------------------------------------------------------- the seeded data

/** The member with the most orders (their pages are the heaviest), unless --member names one. */
async function readerMember(sqliteFile: string | null, pgUrl: string | null): Promise<{ username: string; orders: number } | null> {
  const named = argValue("--member");
  const sql = named
    ? `SELECT u."username" AS username, (SELECT count(*) FROM orders o WHERE o."memberId" = u."id") AS n FROM users u WHERE u."username" = $1`
    : `SELECT u."username" AS username, t.n AS n FROM (SELECT "memberId", count(*) AS n FROM orders WHERE "memberId" IS NOT NULL GROUP BY "memberId" ORDER BY n DESC LIMIT 1) t JOIN users u ON u."id" = t."memberId"`;
  const params = named ? [named] : [];
  let row: { username: string; n: number | string } | undefined;
  if (sqliteFile) {
    const db = new Database(sqliteFile, { readonly: true, fileMustExist: true });
    try {
      row = db.prepare(sql.replace("$1", "?")).get(...params) as typeof row;
    } finally {
      db.close();
    }
  } else {
    const c = new pg.Client({ connectionString: pgUrl! });
    await c.connect();
    try {
      row = (await c.query(sql, params)).rows[0];
    } finally {
      await c.end();
    }
  }
  if (named && !row) throw new Error(`--member ${named}: no such user`);
  return row ? { username: row.username, orders: Number(row.n) } : null;
}

// ---------------------------------------------------------------------------------------------- main

let server: Server | undefined;
let createdPg: string | undefined;
let tmpDir: string | undefined;
let cleaning: Promise<void> | undefined;
function cleanup(keepTmp: boolean): Promise<void> {
  cleaning ??= (async () => {
    await stopServer(server);
    if (createdPg && !keepTmp) await dropPgDb(createdPg);
    else if (createdPg) console.log(`database kept: ${createdPg}`);
    if (tmpDir && !keepTmp) rmSync(tmpDir, { recursive: true, force: true });
    else if (tmpDir) console.log(`temp dir kept: ${tmpDir}`);
  })();
  return cleaning;
}
stopServerOnExit(() => server, () => cleanup(true));

async function main(): Promise<number> {
  const buildId = await buildIfNeeded(flag("--build"));
  const newer = newestSourceAfterBuild();
  if (newer) console.log(`WARNING: the production build is older than ${newer}: the numbers are for the old code; pass --build to rebuild.`);
  tmpDir = mkdtempSync(path.join(os.tmpdir(), "mt-cps-mixed-"));
  let dataDir = path.join(tmpDir, "data");
  mkdirSync(dataDir);
  if (DATA_DIR_ARG) {
    dataDir = path.resolve(DATA_DIR_ARG);
    if (!existsSync(path.join(dataDir, "app.db"))) throw new Error(`${dataDir}/app.db does not exist`);
  }
  let pgUrl: string | null = null;
  if (DB === "postgres") {
    if (DATABASE_URL_ARG) pgUrl = DATABASE_URL_ARG;
    else {
      const d = await createPgDb("bench_mixed");
      createdPg = d.name;
      pgUrl = d.url;
    }
  }
  const pgName = pgUrl ? pgDbNameOf(pgUrl) : null;
  const sqliteFile = DB === "sqlite" ? path.join(dataDir, "app.db") : null;
  const logFile = path.join(tmpDir, "server.log");
  const diagFile = GC_TRACE ? path.join(tmpDir, "diag.jsonl") : null;
  const port = await freePort();
  let env = baseEnv({
    DATA_DIR: dataDir, MEITUAN_CALLBACK_SECRET: SECRET, NEXTAUTH_URL: `http://127.0.0.1:${port}`,
    NEXTAUTH_SECRET: "bench-mixed-nextauth-secret-0123456789abcdef", ADMIN_USERNAME: FRESH_ADMIN.username, ADMIN_PASSWORD: FRESH_ADMIN.password,
    ...(pgUrl ? { DATABASE_URL: pgUrl } : {}),
  });
  if (diagFile) env = diagEnv(env, diagFile);

  const load0 = os.loadavg();
  const readersText = READERS.map((r) => `${r.group}×${r.n}`).join(", ");
  console.log(
    `mixed bench: db=${DB} (${pgName ?? (DATA_DIR_ARG ? sqliteFile : "fresh")}), pushes ${RATE}/s; phase 1 pushes only, phase 2 pushes + readers ${readersText} ` +
      `(think ${THINK_MS} ms); ${PHASE_S} s per phase, first ${WARMUP_S} s of each not measured; build ${buildId}, ${os.cpus().length} CPUs, load avg ${load0.map((x) => x.toFixed(2)).join(" ")}`,
  );
  const t0 = Date.now();
  server = await startServer(port, env, logFile, SEEDED ? 15 * 60_000 : 120_000);
  const pid = server.child.pid!;
  console.log(`server up (pid ${pid}, :${port}) in ${((Date.now() - t0) / 1000).toFixed(1)} s; log ${logFile}`);

  const chain = await registerChain(port, "mixed");
  const mix = new PushMix([chain[2].sid, "unknownsid000000"], SECRET, "8");
  const member = SEEDED ? await readerMember(sqliteFile, pgUrl) : null;
  const memberLogin = member ? { username: member.username, password: MEMBER_PASSWORD } : chain[2];
  const clients = async (as: "admin" | "member", n: number) => {
    const out: Client[] = [];
    for (let i = 0; i < n; i++) {
      const c = new Client(port, new http.Agent({ keepAlive: true, maxSockets: 1 }));
      if (as === "admin") await c.login(ADMIN.username, ADMIN.password);
      else await c.login(memberLogin.username, memberLogin.password);
      out.push(c);
    }
    return out;
  };
  const readers: { group: Group; clients: Client[] }[] = [];
  for (const r of READERS) readers.push({ group: r.group, clients: await clients(GROUPS[r.group].as, r.n) });
  console.log(
    `pushes: half to sid ${chain[2].sid} (a three-level chain), half unattributed; readers log in as ${ADMIN.username} and ` +
      `${memberLogin.username}${member ? ` (${member.orders.toLocaleString()} orders${argValue("--member") ? "" : ", the most of any member"})` : " (the chain's bottom member)"}`,
  );

  // Both phases back to back on one push schedule; the readers join at phase 2.
  const start = performance.now();
  phases.push({ label: "push only", start, measureFrom: start + WARMUP_S * 1000, end: start + PHASE_S * 1000 });
  const p2 = start + PHASE_S * 1000;
  phases.push({ label: "push + reads", start: p2, measureFrom: p2 + WARMUP_S * 1000, end: p2 + PHASE_S * 1000 });
  const until = p2 + PHASE_S * 1000;
  const pushRun = pushDriver(port, mix, until, RATE, MAX_INFLIGHT_PUSHES, record);
  const progress = setInterval(() => {
    const errs = [...stats.values()].reduce((n, s) => n + s.errors, 0);
    console.log(`  t=${Math.round((performance.now() - start) / 1000)}s pushes acked ${mix.ackedTotal}/${mix.sent}, errors ${errs}, load ${os.loadavg()[0].toFixed(2)}`);
  }, 15_000);
  const marks: CpuMark[] = [];
  const diag: (DiagSnapshot | null)[] = [];
  const at = async (t: number) => {
    const wait = t - performance.now();
    if (wait > 0) await sleep(wait);
  };
  const mark = async () => {
    marks.push(cpuMark(pid, pgName));
    if (diagFile) diag.push(await diagSnapshot(pid, diagFile));
  };
  await at(phases[0].measureFrom);
  await mark();
  await at(phases[0].end);
  await mark();
  const readerRuns = readers.flatMap((r) => r.clients.map((c, i) => readerDriver(c, [...GROUPS[r.group].paths], i, until, THINK_MS, expectKey, record)));
  await at(phases[1].measureFrom);
  await mark();
  await Promise.all(readerRuns);
  await mark();
  const push = await pushRun;
  clearInterval(progress);
  if (server.child.exitCode !== null || server.child.signalCode !== null) throw new Error(`the server exited during the run:\n${tail(logFile)}`);

  const state = await readPushState(sqliteFile, pgUrl, mix.orderIdRange());
  const c = comparePushes(mix, state);
  const lost = c.missingPushes + c.missingOrders + c.statusBehind;

  // ---- report
  const cpu = [cpuBetween(marks[0], marks[1]), cpuBetween(marks[2], marks[3])];
  const all = phases.map(rows);
  const head = [pad("endpoint", 40, true), pad("measured", 8), pad("req/s", 7), pad("p50 ms", 8), pad("p95 ms", 8), pad("p99 ms", 8), pad("max ms", 8), pad("errors", 6)].join("  ");
  for (const [i, phase] of phases.entries()) {
    console.log(`\n=== ${phase.label} — ${DB}, ${round((phase.end - phase.measureFrom) / 1000, 0)} s measured ===\n`);
    console.log(head);
    console.log("-".repeat(head.length));
    for (const r of all[i]) console.log([pad(r.endpoint, 40, true), pad(r.measured, 8), pad(r.rps.toFixed(1), 7), pad(r.p50.toFixed(1), 8), pad(r.p95.toFixed(1), 8), pad(r.p99.toFixed(1), 8), pad(r.max.toFixed(0), 8), pad(r.errors, 6)].join("  "));
    for (const r of all[i]) for (const [k, n] of Object.entries(r.errorKinds)) console.log(`  ${r.endpoint}: ${n}× ${k}`);
    const u = cpu[i];
    console.log(`CPU (% of one core, ${os.cpus().length} cores): server ${u.server ?? "-"}%, postgres this db ${u.postgresThisDb ?? "-"}% / all ${u.postgresAll}%, load generator ${u.generator}%, everything else ${u.other ?? "-"}%, machine ${u.machine ?? "-"}%`);
    const d = diag[2 * i + 1];
    if (d) {
      const st = d.stalls;
      const sum = (f: (s: (typeof st)[number]) => number) => Math.round(st.reduce((a, s) => a + f(s), 0));
      console.log(
        `server (--gc-trace): GC ${d.gc.count}× ${Math.round(d.gc.totalMs)} ms (max ${d.gc.maxMs} ms, ${d.gc.byKind.major?.count ?? 0} major); event loop delay p99 ${d.eventLoopDelayMs.p99} ms, max ${d.eventLoopDelayMs.max} ms; ` +
          `${st.length} stalls ≥ 20 ms, ${Math.round(st.reduce((a, s) => a + s.ms, 0))} ms in all (on CPU ${sum((s) => s.cpuMs)}, waiting for a core ${sum((s) => s.runqMs)}, blocked ${sum((s) => s.blockedMs)})`,
      );
    }
  }
  const find = (i: number, ep: string) => all[i].find((r) => r.endpoint === ep);
  const pushAlone = find(0, PUSH_ENDPOINT);
  const pushMixed = find(1, PUSH_ENDPOINT);
  const ratio = pushAlone && pushMixed ? round(pushMixed.p99 / pushAlone.p99, 2) : NaN;
  const totalReq = [...stats.values()].reduce((n, s) => n + s.requests, 0);
  const totalErr = [...stats.values()].reduce((n, s) => n + s.errors, 0);
  const errorRate = totalReq ? totalErr / totalReq : 0;
  console.log(`\npush schedule: ${push.issued} issued in ${push.seconds.toFixed(0)} s = ${(push.issued / push.seconds).toFixed(1)}/s (target ${RATE}/s)${push.behindTicks ? `, ${push.behindTicks} ticks held back at ${MAX_INFLIGHT_PUSHES} in flight` : ""}`);
  console.log(`stale keep-alive sockets retried: ${staleSocketRetries.n}; load average start ${load0.map((x) => x.toFixed(2)).join(" ")}, end ${os.loadavg().map((x) => x.toFixed(2)).join(" ")}`);
  console.log(`verification: ${mix.ackedTotal}/${mix.sent} pushes acknowledged; missing ${c.missingPushes}, orders missing ${c.missingOrders}, orders behind ${c.statusBehind}; ${state.commissionRows} commission rows`);

  // Pushes held back at MAX_INFLIGHT_PUSHES are late but not timed: below the rate, the p99s understate the wait.
  const kept = (r: Row | undefined) => r !== undefined && r.rps >= 0.95 * RATE;
  const checks: { name: string; ok: boolean }[] = [
    { name: `push rate kept in both phases: ${pushAlone?.rps ?? "-"}/s and ${pushMixed?.rps ?? "-"}/s of ${RATE}/s (else the server could not keep up and the p99s are understated)`, ok: kept(pushAlone) && kept(pushMixed) },
    { name: `push p99 with reads ${pushMixed?.p99 ?? "-"} ms ≤ ${TARGET_PUSH_P99_RATIO} × alone ${pushAlone?.p99 ?? "-"} ms (ratio ${ratio})`, ok: ratio <= TARGET_PUSH_P99_RATIO },
  ];
  for (const r of all[1].filter((x) => x.endpoint !== PUSH_ENDPOINT)) {
    const target = r.endpoint.includes("dashboard?range=30d") ? TARGET_DASHBOARD30D_P95 : TARGET_OTHER_P95;
    checks.push({ name: `${r.endpoint} p95 ${r.p95} ms < ${target} ms (${r.rps} req/s)`, ok: r.p95 < target && r.errors === 0 });
  }
  console.log(`\ntargets:`);
  for (const ch of checks) console.log(`  ${ch.ok ? "PASS" : "FAIL"}  ${ch.name}`);
  console.log(`  ${lost === 0 ? "PASS" : "FAIL"}  every acknowledged push stored and applied (lost ${lost})`);
  console.log(`  ${errorRate <= 0.01 ? "PASS" : "FAIL"}  requests failed ≤ 1 % (${(errorRate * 100).toFixed(3)} %)`);

  const result = {
    at: new Date().toISOString(), db: DB, database: pgName ?? sqliteFile, seeded: SEEDED, buildId, node: process.version, cpus: os.cpus().length,
    config: { pushRate: RATE, phaseSeconds: PHASE_S, warmupSeconds: WARMUP_S, readers: READERS, thinkMs: THINK_MS, member: memberLogin.username, memberOrders: member?.orders ?? null },
    loadAverage: { start: load0, end: os.loadavg() }, cpuPct: { pushOnly: cpu[0], pushAndReads: cpu[1] },
    diag: diag.length ? { pushOnly: diag[1], pushAndReads: diag[3] } : null,
    endpoints: all.flat(), push: { ...push, p99Alone: pushAlone?.p99 ?? null, p99WithReads: pushMixed?.p99 ?? null, p99Ratio: ratio },
    checks, verification: { ...c, acknowledged: mix.ackedTotal, sent: mix.sent, commissionRows: state.commissionRows, inboxOutcomes: state.outcomes },
    lost, totalRequests: totalReq, totalErrors: totalErr, errorRate,
  };
  const outFile = OUT ? path.resolve(OUT) : path.join(ROOT, "bench/results", `mixed-${DB}.json`);
  mkdirSync(path.dirname(outFile), { recursive: true });
  writeFileSync(outFile, JSON.stringify(result, null, 2) + "\n");
  console.log(`\nresults written to ${path.relative(ROOT, outFile)}`);
  const failed = lost > 0 || errorRate > 0.01;
  if (failed) console.log(`\nserver log tail:\n${tail(logFile)}`);
  return failed ? 1 : 0;
}

main()
  .then(async (code) => {
    await cleanup(KEEP || code !== 0);
    process.exit(code);
  })
  .catch(async (e) => {
    console.log(`\nmixed bench failed: ${e instanceof Error ? e.stack ?? e.message : e}`);
    if (tmpDir) console.log(`\nserver log tail:\n${tail(path.join(tmpDir, "server.log"), 40)}`);
    await cleanup(true);
    process.exit(1);
  });
