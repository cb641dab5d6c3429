// Sustained mixed load against the production server: Meituan pushes at a steady rate (new orders + updates,
// half attributed to the bottom of a three-level member chain), member portal reads and admin lists from a few
// concurrent clients each. Reports per-endpoint throughput/p50/p99/errors, the server's RSS every 5 s (warm-up
// vs. end, slope after warm-up) and checks that every acknowledged push is in the inbox.
//
//   npx tsx bench/load.ts [--db sqlite|postgres] [--minutes N] [--rate PUSHES_PER_S] [--warmup SECONDS]
//   npm run bench:load -- --db postgres --minutes 2
//
// Ends with "N passed, N failed"; exit 1 when an acknowledged push is missing or more than 1% of requests failed.
// Memory is reported (slope after warm-up), not judged: a one-minute run is too short to tell growth from GC.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import {
  argValue, baseEnv, Client, comparePushes, createPgDb, dropPgDb, ensureBuild, freePort, pad, percentile, procCpuSeconds, PushMix,
  readPushState, registerChain, ROOT, round, rssMiB, slope, robustSlope, median, staleSocketRetries, commCpuSeconds, systemCpuSeconds,
  startServer, stopServer, tail, type Server,
} from "./lib/common";
import { PUSH_ENDPOINT, pushDriver, readerDriver } from "./lib/drivers";

const dbArg = argValue("--db") ?? "sqlite";
if (!["sqlite", "postgres", "pg"].includes(dbArg)) throw new Error(`--db must be sqlite or postgres, got ${dbArg}`);
const DB: "sqlite" | "postgres" = dbArg === "sqlite" ? "sqlite" : "postgres";
const MINUTES = Number(argValue("--minutes") ?? 3);
const RATE = Number(argValue("--rate") ?? 150);
const WARMUP_S = Number(argValue("--warmup") ?? Math.min(30, MINUTES * 15));
const MEMBER_CLIENTS = Number(argValue("--member-clients") ?? 3);
const ADMIN_CLIENTS = Number(argValue("--admin-clients") ?? 3);
const THINK_MS = Number(argValue("--think-ms") ?? 50);
const MAX_INFLIGHT_PUSHES = 64;
const RSS_EVERY_MS = 5000;
for (const [k, v] of Object.entries({ MINUTES, RATE, WARMUP_S })) if (!Number.isFinite(v) || v <= 0) throw new Error(`bad ${k}: ${v}`);

const SECRET = "bench_load_secret";
const ADMIN = { username: "bench-admin@example.com", password: "Bench-Admin-Pass-123" };

// ---------------------------------------------------------------------------------------------- stats

interface EndpointStats {
  name: string;
  lat: number[]; // measured phase only
  requests: number; // all phases
  measured: number;
  errors: number;
  errorKinds: Record<string, number>;
}
const stats = new Map<string, EndpointStats>();
function stat(name: string) {
  let s = stats.get(name);
  if (!s) stats.set(name, (s = { name, lat: [], requests: 0, measured: 0, errors: 0, errorKinds: {} }));
  return s;
}
let measureStart = Infinity;
let measureEnd = Infinity;
function record(name: string, t0: number, ms: number, err: string | null) {
  if (name === PUSH_ENDPOINT) (pushByMinute[Math.floor((t0 - runStart) / 60_000)] ??= []).push(ms);
  const s = stat(name);
  s.requests++;
  if (t0 >= measureStart && t0 < measureEnd) {
    s.measured++;
    s.lat.push(ms);
  }
  if (err) {
    s.errors++;
    s.errorKinds[err] = (s.errorKinds[err] ?? 0) + 1;
  }
}
/** Push latency per minute of the run, to see whether the push path slows down as tables grow. */
const pushByMinute: number[][] = [];
let runStart = 0;

// ---------------------------------------------------------------------------------------------- verification

async function verify(mix: PushMix, sqliteFile: string | null, pgUrl: string | null) {
  const state = await readPushState(sqliteFile, pgUrl);
  const c = comparePushes(mix, state);
  return {
    acknowledged: mix.ackedTotal, sent: mix.sent, missingPushes: c.missingPushes, missingOrders: c.missingOrders, statusBehind: c.statusBehind,
    ordersStored: state.statuses.size, commissionRows: state.commissionRows, inboxOutcomes: state.outcomes,
  };
}

// ---------------------------------------------------------------------------------------------- main

let server: Server | undefined;
let pgName: string | undefined;
let tmpDir: string | undefined;
async function cleanup(keepTmp: boolean) {
  await stopServer(server);
  server = undefined;
  if (pgName) await dropPgDb(pgName);
  pgName = undefined;
  if (tmpDir && !keepTmp) rmSync(tmpDir, { recursive: true, force: true });
  else if (tmpDir) console.log(`temp dir kept: ${tmpDir}`);
}
process.on("exit", () => {
  if (server?.child.pid && server.child.exitCode === null) try { process.kill(server.child.pid, "SIGKILL"); } catch { /* gone */ }
});
for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => void cleanup(true).finally(() => process.exit(130)));

async function main(): Promise<number> {
  const buildId = ensureBuild();
  tmpDir = mkdtempSync(path.join(os.tmpdir(), "mt-cps-load-"));
  const dataDir = path.join(tmpDir, "data");
  mkdirSync(dataDir);
  const logFile = path.join(tmpDir, "server.log");
  const port = await freePort();
  const env = baseEnv({
    DATA_DIR: dataDir, MEITUAN_CALLBACK_SECRET: SECRET, NEXTAUTH_URL: `http://127.0.0.1:${port}`,
    NEXTAUTH_SECRET: "bench-load-nextauth-secret-0123456789abcdef", ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password,
  });
  let pgUrl: string | null = null;
  if (DB === "postgres") {
    const d = await createPgDb("bench_load");
    pgName = d.name;
    pgUrl = d.url;
    env.DATABASE_URL = pgUrl;
  }
  const load0 = os.loadavg();
  console.log(`load bench: db=${DB}${pgName ? ` (${pgName})` : ""}, ${MINUTES} min (warm-up ${WARMUP_S} s), pushes ${RATE}/s, ${MEMBER_CLIENTS} member + ${ADMIN_CLIENTS} admin clients (think ${THINK_MS} ms), build ${buildId}, ${os.cpus().length} CPUs, load avg ${load0.map((x) => x.toFixed(2)).join(" ")}`);
  const t0 = Date.now();
  server = await startServer(port, env, logFile);
  const pid = server.child.pid!;
  console.log(`server up (pid ${pid}, :${port}) in ${((Date.now() - t0) / 1000).toFixed(1)} s; log ${logFile}`);

  const chain = await registerChain(port, "load");
  const bottom = chain[2];
  const mix = new PushMix([bottom.sid, "unknownsid000000"], SECRET, "7");
  const members: Client[] = [];
  const admins: Client[] = [];
  for (let i = 0; i < MEMBER_CLIENTS; i++) {
    const c = new Client(port, new http.Agent({ keepAlive: true, maxSockets: 1 }));
    await c.login(bottom.username, bottom.password);
    members.push(c);
  }
  for (let i = 0; i < ADMIN_CLIENTS; i++) {
    const c = new Client(port, new http.Agent({ keepAlive: true, maxSockets: 1 }));
    await c.login(ADMIN.username, ADMIN.password);
    admins.push(c);
  }
  console.log(`chain registered (pushes: half to sid ${bottom.sid}); ${members.length} member and ${admins.length} admin sessions`);

  runStart = performance.now();
  const until = runStart + MINUTES * 60_000;
  measureStart = runStart + WARMUP_S * 1000;
  measureEnd = until;
  const rss: { t: number; mib: number; load1: number }[] = [];
  const cpu0 = procCpuSeconds(pid);
  let cpuAtMeasure: number | null = null;
  let pgCpuAtMeasure = 0;
  let sysCpuAtMeasure: number | null = null;
  let genCpuAtMeasure: NodeJS.CpuUsage | null = null;
  const sampler = setInterval(() => {
    const t = (performance.now() - runStart) / 1000;
    const m = rssMiB(pid);
    if (m !== null) rss.push({ t: round(t, 1), mib: m, load1: round(os.loadavg()[0], 2) });
    if (cpuAtMeasure === null && performance.now() >= measureStart) {
      cpuAtMeasure = procCpuSeconds(pid);
      pgCpuAtMeasure = commCpuSeconds("postgres");
      sysCpuAtMeasure = systemCpuSeconds();
      genCpuAtMeasure = process.cpuUsage();
    }
  }, RSS_EVERY_MS);
  const m0 = rssMiB(pid);
  if (m0 !== null) rss.push({ t: 0, mib: m0, load1: round(os.loadavg()[0], 2) });
  const progress = setInterval(() => {
    const s = stats.get(PUSH_ENDPOINT);
    const last = rss[rss.length - 1];
    console.log(`  t=${Math.round((performance.now() - runStart) / 1000)}s pushes acked ${mix.ackedTotal}/${mix.sent}, errors ${[...stats.values()].reduce((n, x) => n + x.errors, 0)}, rss ${last?.mib} MiB, load ${os.loadavg()[0].toFixed(2)}${s ? `, push p50 so far ${round(percentile(Float64Array.from(s.lat.slice(-2000)).sort(), 0.5))} ms` : ""}`);
  }, 30_000);

  const memberEps = ["/api/me/summary", "/api/me/orders", "/api/me/commissions"];
  const adminEps = ["/api/admin/orders?limit=50", "/api/admin/dashboard?range=7d", "/api/admin/pushes?limit=50"];
  // Lists answer {items, nextCursor}; summary and dashboard answer an object.
  const expectKey = (p: string) => (p.includes("summary") || p.includes("dashboard") ? "" : "items");
  const pushRun = pushDriver(port, mix, until, RATE, MAX_INFLIGHT_PUSHES, record);
  await Promise.all([
    ...members.map((c, i) => readerDriver(c, memberEps, i, until, THINK_MS, expectKey, record)),
    ...admins.map((c, i) => readerDriver(c, adminEps, i, until, THINK_MS, expectKey, record)),
  ]);
  const push = await pushRun;
  clearInterval(sampler);
  clearInterval(progress);
  const endRss = rssMiB(pid);
  if (endRss !== null) rss.push({ t: round((performance.now() - runStart) / 1000, 1), mib: endRss, load1: round(os.loadavg()[0], 2) });
  const measureSeconds = (Math.min(performance.now(), measureEnd) - measureStart) / 1000;
  const cpu1 = procCpuSeconds(pid);
  const serverCpuPct = cpuAtMeasure !== null && cpu1 !== null ? round((100 * (cpu1 - cpuAtMeasure)) / measureSeconds, 0) : null;
  const pgCpuPct = cpuAtMeasure !== null ? round((100 * (commCpuSeconds("postgres") - pgCpuAtMeasure)) / measureSeconds, 0) : null;
  const sys1 = systemCpuSeconds();
  const gen = genCpuAtMeasure ? process.cpuUsage(genCpuAtMeasure) : null;
  const genCpuPct = gen ? round((100 * (gen.user + gen.system)) / 1e6 / measureSeconds, 0) : null;
  const machineCpuPct = sys1 !== null && sysCpuAtMeasure !== null ? round((100 * (sys1 - sysCpuAtMeasure)) / measureSeconds, 0) : null;
  const otherCpuPct = machineCpuPct !== null && serverCpuPct !== null && pgCpuPct !== null && genCpuPct !== null ? Math.max(0, machineCpuPct - serverCpuPct - pgCpuPct - genCpuPct) : null;
  if (server.child.exitCode !== null || server.child.signalCode !== null) throw new Error(`the server exited during the run:\n${tail(logFile)}`);

  const v = await verify(mix, DB === "sqlite" ? path.join(dataDir, "app.db") : null, pgUrl);

  // ---- report
  const rows = [...stats.values()].map((s) => {
    const sorted = Float64Array.from(s.lat).sort();
    return {
      endpoint: s.name, requests: s.requests, measured: s.measured, rps: round(s.measured / measureSeconds, 1),
      p50: round(percentile(sorted, 0.5)), p99: round(percentile(sorted, 0.99)), max: round(sorted.length ? sorted[sorted.length - 1] : NaN, 1),
      errors: s.errors, errorKinds: s.errorKinds,
    };
  });
  const totalReq = rows.reduce((n, r) => n + r.requests, 0);
  const totalErr = rows.reduce((n, r) => n + r.errors, 0);
  const errorRate = totalReq ? totalErr / totalReq : 0;

  const post = rss.filter((s) => s.t >= WARMUP_S);
  const warmRss = post[0]?.mib ?? NaN;
  const endRssV = rss[rss.length - 1]?.mib ?? NaN;
  // Slope after warm-up: least squares is reported, but the verdict uses the Theil–Sen slope (median of pairwise
  // slopes) and the medians of the first and last third, so one GC drop or spike cannot fake growth.
  const lsSlopePerMin = round(slope(post.map((s) => s.t / 60), post.map((s) => s.mib)), 2);
  const slopePerMin = round(robustSlope(post.map((s) => s.t / 60), post.map((s) => s.mib)), 2);
  const postMinutes = post.length > 1 ? (post[post.length - 1].t - post[0].t) / 60 : 0;
  const fittedGrowth = round(slopePerMin * postMinutes, 1);
  const third = Math.max(1, Math.floor(post.length / 3));
  const firstThird = median(post.slice(0, third).map((s) => s.mib));
  const lastThird = median(post.slice(-third).map((s) => s.mib));
  const postMin = Math.min(...post.map((s) => s.mib));
  const postMax = Math.max(...post.map((s) => s.mib));
  const noise = Math.max(8, 0.03 * warmRss);
  const grew = Math.max(fittedGrowth, lastThird - firstThird);
  const rssVerdict = grew > noise ? "GROWING" : Math.min(fittedGrowth, lastThird - firstThird) < -noise ? "no growth (falling: GC gave memory back)" : "no growth (flat within noise)";

  console.log(`\n=== mixed load — ${DB}, ${MINUTES} min (stats after ${WARMUP_S} s warm-up, ${round(measureSeconds, 0)} s measured) ===\n`);
  const head = [pad("endpoint", 34, true), pad("requests", 8), pad("req/s", 7), pad("p50 ms", 8), pad("p99 ms", 8), pad("max ms", 8), pad("errors", 6)].join("  ");
  console.log(head);
  console.log("-".repeat(head.length));
  for (const r of rows) console.log([pad(r.endpoint, 34, true), pad(r.measured, 8), pad(r.rps.toFixed(1), 7), pad(r.p50.toFixed(1), 8), pad(r.p99.toFixed(1), 8), pad(r.max.toFixed(0), 8), pad(r.errors, 6)].join("  "));
  console.log(`(requests = measured phase; errors = whole run incl. warm-up; total ${totalReq} requests, ${totalErr} errors = ${(errorRate * 100).toFixed(3)}%)`);
  for (const r of rows) for (const [k, n] of Object.entries(r.errorKinds)) console.log(`  ${r.endpoint}: ${n}× ${k}`);
  console.log(`stale keep-alive sockets (server closed an idle connection; request retried once on a new socket, not counted as an error): ${staleSocketRetries.n}`);
  console.log(`push schedule: ${push.issued} issued in ${push.seconds.toFixed(0)} s = ${(push.issued / push.seconds).toFixed(1)}/s (target ${RATE}/s)${push.behindTicks ? `, ${push.behindTicks} ticks held back at ${MAX_INFLIGHT_PUSHES} in flight` : ""}`);
  const perMin = pushByMinute.map((l, i) => {
    const s = Float64Array.from(l ?? []).sort();
    return { minute: i, n: s.length, p50: round(percentile(s, 0.5)), p99: round(percentile(s, 0.99)) };
  });
  console.log(`push latency by minute: ${perMin.map((m) => `m${m.minute}: n=${m.n} p50 ${m.p50} p99 ${m.p99}`).join(" | ")}`);
  console.log(`CPU during measurement (% of one core, ${os.cpus().length} cores = ${100 * os.cpus().length}%): server ${serverCpuPct ?? "-"}%, postgres (all) ${pgCpuPct ?? "-"}%, load generator ${genCpuPct ?? "-"}%, everything else ${otherCpuPct ?? "-"}%, machine ${machineCpuPct ?? "-"}%; load average start ${load0.map((x) => x.toFixed(2)).join(" ")}, end ${os.loadavg().map((x) => x.toFixed(2)).join(" ")}`);
  console.log(`\nRSS (every ${RSS_EVERY_MS / 1000} s, server process tree): start ${rss[0]?.mib} MiB, after warm-up ${warmRss} MiB, end ${endRssV} MiB, post-warm-up min/max ${postMin}/${postMax} MiB`);
  console.log(`  slope after warm-up ${slopePerMin} MiB/min Theil–Sen (least squares ${lsSlopePerMin}); growth ${fittedGrowth} MiB over ${round(postMinutes, 1)} min; median first/last third ${firstThird}/${lastThird} MiB; noise band ±${round(noise, 1)} MiB: ${rssVerdict}`);
  console.log(`  samples: ${rss.map((s) => `${Math.round(s.t)}s:${Math.round(s.mib)}`).join(" ")}`);
  const lost = v.missingPushes + v.missingOrders + v.statusBehind;
  console.log(`\nverification:`);
  console.log(`  pushes acknowledged / sent:      ${v.acknowledged} / ${v.sent}`);
  console.log(`  acknowledged but not in inbox:   ${v.missingPushes}`);
  console.log(`  orders stored (missing):         ${v.ordersStored} (${v.missingOrders})`);
  console.log(`  orders behind an acked update:   ${v.statusBehind}`);
  console.log(`  commission rows:                 ${v.commissionRows}`);
  console.log(`  inbox outcomes:                  ${JSON.stringify(v.inboxOutcomes)}`);
  console.log(`  verdict:                         ${lost === 0 ? "zero lost pushes" : "ACKNOWLEDGED PUSHES LOST"}`);

  const result = {
    at: new Date().toISOString(), db: DB, buildId, node: process.version, cpus: os.cpus().length,
    config: { minutes: MINUTES, warmupSeconds: WARMUP_S, pushRate: RATE, memberClients: MEMBER_CLIENTS, adminClients: ADMIN_CLIENTS, thinkMs: THINK_MS },
    loadAverage: { start: load0, end: os.loadavg() }, serverCpuPct, cpuPct: { server: serverCpuPct, postgres: pgCpuPct, generator: genCpuPct, other: otherCpuPct, machine: machineCpuPct }, measureSeconds: round(measureSeconds, 1),
    endpoints: rows, staleSocketRetries: staleSocketRetries.n, totalRequests: totalReq, totalErrors: totalErr, errorRate,
    push: { ...push, achievedRate: round(push.issued / push.seconds, 1), byMinute: perMin },
    rss: { samples: rss, afterWarmup: warmRss, end: endRssV, slopeMiBPerMin: slopePerMin, leastSquaresSlopeMiBPerMin: lsSlopePerMin, medianFirstThird: firstThird, medianLastThird: lastThird, fittedGrowthMiB: fittedGrowth, noiseMiB: noise, verdict: rssVerdict },
    verification: v, lost,
  };
  const outDir = path.join(ROOT, "bench/results");
  mkdirSync(outDir, { recursive: true });
  const outFile = path.join(outDir, `load-${DB}.json`);
  writeFileSync(outFile, JSON.stringify(result, null, 2) + "\n");
  console.log(`\nresults written to ${path.relative(ROOT, outFile)}`);
  const checks = [
    { name: "every acknowledged push stored and applied (lost = 0)", ok: lost === 0 },
    { name: `requests failed ≤ 1% (${(errorRate * 100).toFixed(3)}%)`, ok: errorRate <= 0.01 },
  ];
  console.log("");
  for (const c of checks) console.log(`${c.ok ? "PASS" : "FAIL"}  ${c.name}`);
  const failures = checks.filter((c) => !c.ok).length;
  console.log(`\n${checks.length - failures} passed, ${failures} failed`);
  if (failures) console.log(`\nserver log tail:\n${tail(logFile)}`);
  return failures ? 1 : 0;
}

main()
  .then(async (code) => {
    await cleanup(code !== 0);
    process.exit(code);
  })
  .catch(async (e) => {
    console.log(`\nload bench failed: ${e instanceof Error ? e.stack ?? e.message : e}`);
    await cleanup(true);
    process.exit(1);
  });
