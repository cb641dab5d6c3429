// Scale-out check: three production instances against one fresh PostgreSQL database, every background job on
// in each (inbox retry and settlement every second). Pushes for the same orders go to different instances at
// the same moment; then the database must hold exactly one of everything.
//
//   npx tsx bench/scaleout.ts [--orders N] [--keep-db]
//   npm run test:scaleout
//
// Prints a table of checks and `N passed, N failed`; exit 1 on any failure. Kills all instances and drops the
// database at the end.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import {
  argValue, awaitEvent, baseEnv, buildPush, Client, createPgDb, dropPgDb, ensureBuild, freePort, OK_BODY, registerChain, send, sleep,
  startServer, stopServer, tail, type Server, type Step,
} from "./lib/common";

const N = Number(argValue("--orders") ?? 20);
const SECRET = "scaleout_secret";
const ADMIN = { username: "scaleout-admin@example.com", password: "Scaleout-Admin-Pass-123" };
const KEEP_DB = process.argv.includes("--keep-db");

const servers: Server[] = [];
let dbName: string | undefined;
let tmpDir: string | undefined;

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}
const checks: Check[] = [];
function check(name: string, ok: boolean, detail: string) {
  checks.push({ name, ok, detail });
  console.log(`${ok ? "ok  " : "FAIL"} ${name} — ${detail}`);
}

async function cleanup() {
  await Promise.all(servers.map((s) => stopServer(s)));
  if (dbName && !KEEP_DB) await dropPgDb(dbName);
  else if (dbName) console.log(`database kept: ${dbName}`);
  dbName = undefined;
}
process.on("exit", () => {
  for (const s of servers) if (s.child.pid && s.child.exitCode === null && s.child.signalCode === null) try { process.kill(s.child.pid, "SIGKILL"); } catch { /* gone */ }
});
for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => void cleanup().finally(() => process.exit(130)));

const runId = String(Date.now() % 1e6).padStart(6, "0") + String(Math.floor(Math.random() * 100)).padStart(2, "0");
const orderId = (group: number, i: number) => `8${runId}${group}${String(i).padStart(8, "0")}`; // 18 digits

/** Acknowledged pushes per order (what must be in the inbox). */
const acked = new Map<string, number>();
const failures: string[] = [];
async function push(port: number, id: string, seq: number, step: Step, sid: string): Promise<boolean> {
  const body = buildPush(id, seq, step, sid, SECRET);
  const r = await send(false, port, "POST", "/api/meituan/callback", { "content-type": "application/json", "content-length": body.length }, body);
  const ok = !(r instanceof Error) && r.status === 200 && r.body === OK_BODY;
  if (ok) acked.set(id, (acked.get(id) ?? 0) + 1);
  else failures.push(`${id} status ${step} → :${port}: ${r instanceof Error ? r.message : `HTTP ${r.status} ${r.body.slice(0, 80)}`}`);
  return ok;
}

async function main(): Promise<number> {
  const buildId = ensureBuild();
  tmpDir = mkdtempSync(path.join(os.tmpdir(), "mt-cps-scaleout-"));
  const db = await createPgDb("scaleout");
  dbName = db.name;
  const ports = [await freePort(), await freePort(), await freePort()];
  console.log(`scale-out: 3 instances on :${ports.join(", :")} against ${db.name}, build ${buildId}, load avg ${os.loadavg().map((x) => x.toFixed(2)).join(" ")}`);

  // All three start at once against the empty database: migrations and the first-admin bootstrap race too.
  const t0 = Date.now();
  const envFor = (port: number, i: number) => baseEnv({
    DATABASE_URL: db.url, DATA_DIR: path.join(tmpDir!, `data${i}`), MEITUAN_CALLBACK_SECRET: SECRET,
    NEXTAUTH_SECRET: "scaleout-nextauth-secret-0123456789abcdef", NEXTAUTH_URL: `http://127.0.0.1:${port}`,
    ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password, INBOX_RETRY_SECONDS: "1", SETTLEMENT_SECONDS: "1",
    LOG_LEVEL: "info",
  });
  const started = await Promise.allSettled(ports.map((port, i) => startServer(port, envFor(port, i), path.join(tmpDir!, `server${i}.log`))));
  for (const s of started) if (s.status === "fulfilled") servers.push(s.value);
  check("3 instances start at once on a fresh database", servers.length === 3,
    servers.length === 3 ? `up in ${((Date.now() - t0) / 1000).toFixed(1)} s (pids ${servers.map((s) => s.child.pid).join(", ")})`
      : started.filter((s) => s.status === "rejected").map((s) => String((s as PromiseRejectedResult).reason).slice(0, 400)).join(" | "));
  // So that the remaining checks still run against three instances, start the ones that failed again, one at a
  // time (the database is migrated and the admin exists by now). The start-up check above stays failed.
  for (const [i, s] of started.entries()) {
    if (s.status === "fulfilled") continue;
    try {
      const port = await freePort();
      servers.push(await startServer(port, envFor(port, i), path.join(tmpDir!, `server${i}-restart.log`)));
      console.log(`     instance ${i + 1} restarted alone on :${port}`);
    } catch (e) {
      console.log(`     instance ${i + 1} failed again: ${e instanceof Error ? e.message : e}`);
    }
  }
  if (servers.length === 0) return 1;
  const P = servers.map((s) => s.port);
  const at = (i: number) => P[i % P.length];

  // ---- members and settings
  const chain = await registerChain(P[0], "scaleout");
  const bottom = chain[2];
  const sessions: string[] = [];
  const member = new Client(P[0]);
  await member.login(bottom.username, bottom.password);
  for (const port of P) {
    const c = new Client(port);
    c.jar = member.jar;
    const r = await c.req("GET", "/api/me/summary");
    sessions.push(`:${port} ${r.status}`);
  }
  check("a member session from instance 1 works on every instance", sessions.every((s) => s.endsWith(" 200")), sessions.join(", "));

  // ---- live: the member's stream open on the last instance hears of an order pushed to the first
  const liveId = orderId(5, 0);
  const live = awaitEvent(P[P.length - 1], "/api/me/stream", member.cookie(), (ev, data) => ev === "notification" && data.includes(liveId), 5_000);
  await live.listening;
  const pushedAt = Date.now();
  await push(P[0], liveId, 5000, "1", bottom.sid);
  const heard = await live.event;
  check("a push to instance 1 reaches the member's live stream on instance 3 (LISTEN/NOTIFY) within 2 s",
    heard !== null && Date.now() - pushedAt < 2_000 + 50,
    heard ? `event "${heard.event}" ${Date.now() - pushedAt} ms after the push, on :${P[P.length - 1]}` : "no event within 5 s");

  const admin = new Client(P[1 % P.length]);
  await admin.login(ADMIN.username, ADMIN.password);
  const cur = await admin.req("GET", "/api/admin/settings/commission");
  const put = await admin.req("PUT", "/api/admin/settings/commission", {
    levels: cur.data.levels, businessLineOverrides: cur.data.businessLineOverrides ?? [], holdDays: 0, minWithdrawal: cur.data.minWithdrawal,
  });
  const readBack = await new Client(at(2), false).req("GET", "/api/admin/settings/commission", undefined, { cookie: admin.cookie() });
  const levelCount = (cur.data.levels as unknown[]).length;
  check("hold period set to 0 days via PUT /api/admin/settings/commission", put.status === 200 && readBack.data?.holdDays === 0,
    `PUT on :${admin.port} → ${put.status}, read back on :${at(2)} holdDays=${readBack.data?.holdDays}, ${levelCount} levels`);

  // ---- pushes: the same push to all three instances at once (group 1: paid, then completed)
  const expected = new Map<string, string>([[liveId, "paid"]]);
  const sent = { same: 0, spread: 0 };
  const g1 = Array.from({ length: N }, (_, i) => orderId(1, i));
  for (const step of ["1", "8"] as Step[]) {
    await Promise.all(g1.flatMap((id, i) => P.map((port) => push(port, id, 1000 + i, step, bottom.sid))));
    sent.same += g1.length * P.length;
  }
  for (const id of g1) expected.set(id, "completed");

  // group 2: paid / completed / refunded of one order to three different instances at once (rotated);
  // group 3: paid / completed to two instances at once. Attributed to the member, so commissions are written.
  const g2 = Array.from({ length: N }, (_, i) => orderId(2, i));
  const g3 = Array.from({ length: N }, (_, i) => orderId(3, i));
  await Promise.all([
    ...g2.flatMap((id, i) => (["1", "8", "9"] as Step[]).map((step, k) => push(at(i + k), id, 2000 + i, step, bottom.sid))),
    ...g3.flatMap((id, i) => (["1", "8"] as Step[]).map((step, k) => push(at(i + k + 1), id, 3000 + i, step, bottom.sid))),
  ]);
  sent.spread += g2.length * 3 + g3.length * 2;
  for (const id of g2) expected.set(id, "refunded");
  for (const id of g3) expected.set(id, "completed");
  const ackedCount = [...acked.values()].reduce((a, b) => a + b, 0);
  check("every push acknowledged by every instance", failures.length === 0,
    `${ackedCount}/${sent.same + sent.spread} acked${failures.length ? `; ${failures.slice(0, 3).join("; ")}` : ""}`);

  // ---- job race 1: failed inbox rows, retried by three instances' retry jobs at once
  const pgc = new pg.Client({ connectionString: db.url });
  await pgc.connect();
  const g4 = Array.from({ length: N }, (_, i) => orderId(4, i));
  for (const [i, id] of g4.entries()) {
    const body = buildPush(id, 4000 + i, "1", bottom.sid, SECRET);
    await pgc.query(
      `INSERT INTO inbox_pushes ("receivedAt", "remoteAddr", "contentType", "body", "bodyTruncated", "signatureValid", "orderId", "outcome", "error", "attempts")
       VALUES (now(), '127.0.0.1', 'application/json', $1, false, true, $2, 'failed', 'injected by scaleout', 0)`,
      [body, id],
    );
    expected.set(id, "paid");
  }
  // ---- job race 2: manual settlement on all three instances at once, on top of their 1 s schedules
  const manual = await Promise.all(P.map(async (port) => {
    const c = new Client(port);
    c.jar = admin.jar;
    const r = await c.req("POST", "/api/admin/settlement/run");
    return { port, status: r.status, settled: Number(r.data?.settled ?? NaN) };
  }));

  // Let the background jobs (retry, settlement: 1 s) settle everything.
  const deadline = Date.now() + 30_000;
  let waitState = "";
  for (;;) {
    const failed = Number((await pgc.query(`SELECT count(*) AS n FROM inbox_pushes WHERE "outcome" = 'failed'`)).rows[0].n);
    const due = Number((await pgc.query(`SELECT count(*) AS n FROM commissions WHERE "status" = 'pending' AND "availableAt" <= now()`)).rows[0].n);
    waitState = `${failed} failed inbox rows, ${due} commissions pending and due`;
    if ((failed === 0 && due === 0) || Date.now() > deadline) break;
    await sleep(500);
  }
  await sleep(2500); // two more job ticks in every instance: nothing may change twice
  check("background jobs drained within 30 s", waitState.startsWith("0 failed") && waitState.includes(", 0 commissions"), waitState);

  // ---- database checks
  const ours = [...expected.keys()];
  const q = async (sql: string, params: unknown[] = []) => (await pgc.query(sql, params)).rows;
  const dupOrders = await q(`SELECT "platform", "orderId", count(*) AS n FROM orders GROUP BY 1, 2 HAVING count(*) > 1`);
  const orderRows = await q(`SELECT "id", "orderId", "status" FROM orders WHERE "orderId" = ANY($1)`, [ours]);
  check("no duplicate order", dupOrders.length === 0 && orderRows.length === ours.length,
    `${orderRows.length}/${ours.length} orders stored, ${dupOrders.length} duplicated${dupOrders.length ? `: ${JSON.stringify(dupOrders.slice(0, 3))}` : ""}`);

  const dupEvents = await q(`SELECT "orderRef", "dedupeKey", count(*) AS n FROM order_events GROUP BY 1, 2 HAVING count(*) > 1`);
  const eventCount = Number((await q(`SELECT count(*) AS n FROM order_events`))[0].n);
  check("no duplicate order_events (orderRef, dedupeKey)", dupEvents.length === 0, `${eventCount} events, ${dupEvents.length} duplicated keys`);

  const wrong = orderRows.filter((r) => r.status !== expected.get(r.orderId));
  check("each order's final status is its newest state", wrong.length === 0,
    wrong.length ? `${wrong.length} wrong, e.g. ${wrong.slice(0, 3).map((r) => `${r.orderId}: ${r.status} ≠ ${expected.get(r.orderId)}`).join("; ")}`
      : `${orderRows.length} orders: ${["completed", "refunded", "paid"].map((s) => `${orderRows.filter((r) => r.status === s).length} ${s}`).join(", ")}`);

  const refs = orderRows.map((r) => Number(r.id));
  const earning = await q(`SELECT "orderRef", "level", count(*) AS n FROM commissions WHERE "key" = 'earning' AND "orderRef" = ANY($1) GROUP BY 1, 2`, [refs]);
  const dupEarning = earning.filter((r) => Number(r.n) > 1);
  const perOrder = new Map<number, number>();
  for (const r of earning) perOrder.set(Number(r.orderRef), (perOrder.get(Number(r.orderRef)) ?? 0) + 1);
  // A refund that wins the race may leave an order with no earning rows at all (never earned): only orders that
  // end paid or completed must carry one row per level.
  const liveRefs = orderRows.filter((r) => r.status !== "refunded").map((r) => Number(r.id));
  const shortOrders = liveRefs.filter((r) => (perOrder.get(r) ?? 0) !== levelCount);
  check("one earning commission row per (order, level)", dupEarning.length === 0 && shortOrders.length === 0,
    `${earning.length} (order, level) pairs for ${refs.length} orders (${liveRefs.length} paid/completed × ${levelCount} levels); ${dupEarning.length} duplicated, ${shortOrders.length} paid/completed orders without ${levelCount} levels`);

  const completedRefs = orderRows.filter((r) => r.status === "completed").map((r) => Number(r.id));
  const notAvail = await q(`SELECT "id", "orderRef", "status" FROM commissions WHERE "key" = 'earning' AND "orderRef" = ANY($1) AND "status" <> 'available'`, [completedRefs]);
  check("with a 0-day hold, earnings of completed orders became available", notAvail.length === 0,
    `${completedRefs.length * levelCount - notAvail.length}/${completedRefs.length * levelCount} available${notAvail.length ? `; e.g. ${JSON.stringify(notAvail.slice(0, 3))}` : ""}`);

  const dupMoves = await q(`SELECT "commissionId", "toStatus", "reason", count(*) AS n FROM commission_events WHERE "reason" = 'settled' GROUP BY 1, 2, 3 HAVING count(*) > 1`);
  const settledEvents = Number((await q(`SELECT count(*) AS n FROM commission_events WHERE "reason" = 'settled'`))[0].n);
  const availNoEvent = await q(
    `SELECT c."id" FROM commissions c WHERE c."status" = 'available' AND c."key" = 'earning'
       AND (SELECT count(*) FROM commission_events e WHERE e."commissionId" = c."id" AND e."reason" = 'settled' AND e."toStatus" = 'available') <> 1`,
  );
  check("settlement moved each row exactly once (no duplicate commission_events per commissionId, toStatus, reason)",
    dupMoves.length === 0 && availNoEvent.length === 0,
    `${settledEvents} settled events, ${dupMoves.length} duplicated, ${availNoEvent.length} available rows without exactly one settled event`);

  const allDupCe = await q(`SELECT "commissionId", "toStatus", "reason", count(*) AS n FROM commission_events GROUP BY 1, 2, 3 HAVING count(*) > 1`);
  check("no duplicate commission_events at all (any reason)", allDupCe.length === 0,
    allDupCe.length ? `${allDupCe.length} duplicated, e.g. ${JSON.stringify(allDupCe.slice(0, 3))}` : "none");

  const manualOk = manual.every((m) => m.status === 200 && Number.isFinite(m.settled));
  check("race: manual settlement on 3 instances at once (plus 3 schedules)", manualOk && dupMoves.length === 0,
    `${manual.map((m) => `:${m.port} HTTP ${m.status} settled ${m.settled}`).join(", ")}; total settled events ${settledEvents}`);

  const inbox = await q(`SELECT "orderId", count(*) AS n FROM inbox_pushes WHERE "signatureValid" AND "orderId" = ANY($1) GROUP BY 1`, [ours]);
  const stored = new Map(inbox.map((r) => [r.orderId as string, Number(r.n)]));
  let missing = 0;
  for (const [id, n] of acked) missing += Math.max(0, n - (stored.get(id) ?? 0));
  check("every acknowledged push is in the inbox", missing === 0, `${ackedCount} acknowledged, ${missing} missing`);

  const retried = await q(`SELECT "orderId", "outcome", "attempts" FROM inbox_pushes WHERE "orderId" = ANY($1)`, [g4]);
  const g4Events = await q(`SELECT o."orderId", count(*) AS n FROM order_events e JOIN orders o ON o."id" = e."orderRef" WHERE o."orderId" = ANY($1) GROUP BY 1`, [g4]);
  const multi = g4Events.filter((r) => Number(r.n) !== 1);
  const attempts = retried.map((r) => Number(r.attempts));
  check("race: injected failed inbox rows retried by 3 instances once each",
    retried.every((r) => r.outcome !== "failed") && g4Events.length === g4.length && multi.length === 0,
    `${retried.length} rows: outcomes ${JSON.stringify(Object.fromEntries([...new Set(retried.map((r) => r.outcome))].map((o) => [o, retried.filter((r) => r.outcome === o).length])))}, ` +
      `attempts max ${Math.max(...attempts)}, ${g4Events.length}/${g4.length} orders with events, ${multi.length} with ≠1 event`);

  const locks = await q(`SELECT * FROM job_locks`).catch(() => []);
  console.log(`job_locks rows at the end: ${JSON.stringify(locks)}`);
  await pgc.end();
  const alive = servers.filter((s) => s.child.exitCode === null && s.child.signalCode === null).length;
  const logLines = servers.map((s) => tail(s.logFile, 5000).split("\n")); // running instances only
  const errLines = logLines.flatMap((ls, i) => ls.filter((l) => /"level":"error"|Unhandled|Uncaught|^\s*\w*Error\b|⨯/.test(l)).slice(0, 3).map((l) => `#${i + 1}: ${l.slice(0, 200)}`));
  const warnLines = logLines.flatMap((ls, i) => ls.filter((l) => l.includes('"level":"warn"')).map((l) => `#${i + 1}: ${l.slice(0, 240)}`));
  console.log(`instance log warnings: ${warnLines.length}${warnLines.length ? `\n  ${warnLines.slice(0, 8).join("\n  ")}` : ""}`);
  const jobLines = logLines.map((ls) => ls.filter((l) => /"msg":"(settlement|inbox retry)"/.test(l)).length);
  console.log(`job log lines (settlement / inbox retry did work) per instance: ${jobLines.join(", ")}`);
  check("all instances still running, no errors in their logs", alive === servers.length && errLines.length === 0,
    `${alive}/${servers.length} alive${errLines.length ? `; ${errLines.join(" | ")}` : ""}`);
  return 0;
}

function printTable() {
  const w = Math.max(...checks.map((c) => c.name.length));
  console.log(`\n=== scale-out checks (3 instances, PostgreSQL) ===\n`);
  console.log(`${"result".padEnd(6)}  ${"check".padEnd(w)}  detail`);
  console.log("-".repeat(w + 40));
  for (const c of checks) console.log(`${(c.ok ? "PASS" : "FAIL").padEnd(6)}  ${c.name.padEnd(w)}  ${c.detail}`);
  const failed = checks.filter((c) => !c.ok).length;
  console.log(`\n${checks.length - failed} passed, ${failed} failed`);
  return failed;
}

main()
  .catch((e) => {
    check("scale-out run completed", false, e instanceof Error ? (e.stack ?? e.message).slice(0, 800) : String(e));
    return 1;
  })
  .then(async () => {
    const failed = printTable();
    if (failed && tmpDir) console.log(`server logs kept in ${tmpDir}`);
    await cleanup();
    if (!failed && tmpDir) rmSync(tmpDir, { recursive: true, force: true });
    process.exit(failed ? 1 : 0);
  });
