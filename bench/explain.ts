// What the console endpoints actually run, and how the database runs it: calls the app's own query functions
// (lib/orders/queries.ts, lib/orders/detail.ts, lib/admin/dashboard.ts, lib/earnings/portal.ts, lib/orders/export.ts)
// in-process against a seeded database, records every SQL statement they send with
// its time, and prints the slowest with their plans: EXPLAIN QUERY PLAN on SQLite, EXPLAIN (ANALYZE, BUFFERS) on
// PostgreSQL.
//
//   npx tsx bench/explain.ts --data-dir DIR [--only NAME] [--top N] [--json FILE]
//   npx tsx bench/explain.ts --database-url postgresql://…/db [--only NAME]
//
// Read-only: it never writes to the database (the app's migrate() runs first and is a no-op on a migrated one).
import path from "node:path";
import { writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import Database from "better-sqlite3";
import pg from "pg";
import { argValue } from "./lib/common";

const DATA_DIR = argValue("--data-dir");
const DATABASE_URL = argValue("--database-url");
const ONLY = argValue("--only");
const TOP = Number(argValue("--top") ?? 4);
const JSON_OUT = argValue("--json");
if (!DATA_DIR && !DATABASE_URL) throw new Error("pass --data-dir DIR or --database-url URL");
delete process.env.DATABASE_URL;
if (DATABASE_URL) process.env.DATABASE_URL = DATABASE_URL;
if (DATA_DIR) process.env.DATA_DIR = path.resolve(DATA_DIR);
process.env.LOG_LEVEL = "error";

// ---------------------------------------------------------------------------------------------- statement capture

interface Captured {
  sql: string;
  params: unknown[];
  ms: number;
  rows: number;
}
let capturing: Captured[] | null = null;

// SQLite: the driver runs better-sqlite3 statements.
{
  const probe = new Database(":memory:");
  const proto = Object.getPrototypeOf(probe.prepare("SELECT 1")) as Record<string, unknown>;
  probe.close();
  const bound = new WeakMap<object, unknown[]>();
  const origBind = proto.bind as (...a: unknown[]) => unknown;
  proto.bind = function (this: object, ...args: unknown[]) {
    bound.set(this, args.length === 1 && Array.isArray(args[0]) ? (args[0] as unknown[]) : args);
    return origBind.apply(this, args);
  };
  for (const m of ["all", "get", "run", "iterate"] as const) {
    const orig = proto[m] as (...a: unknown[]) => unknown;
    proto[m] = function (this: { source: string; reader: boolean }, ...args: unknown[]) {
      if (!capturing) return orig.apply(this, args);
      const t0 = performance.now();
      const r = orig.apply(this, args);
      const params = args.length ? (args.length === 1 && Array.isArray(args[0]) ? (args[0] as unknown[]) : args) : (bound.get(this) ?? []);
      capturing.push({ sql: this.source, params, ms: performance.now() - t0, rows: Array.isArray(r) ? r.length : r ? 1 : 0 });
      return r;
    };
  }
}

// PostgreSQL: the driver goes through pg.Client#query (pools included).
{
  const proto = pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown };
  const orig = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const first = args[0] as string | { text: string; values?: unknown[] };
    const sql = typeof first === "string" ? first : first?.text;
    const params = (typeof first === "string" ? (args[1] as unknown[]) : first?.values) ?? [];
    if (!capturing || !sql || /^(BEGIN|COMMIT|ROLLBACK|SET|SHOW|DEALLOCATE)/i.test(sql.trim())) return orig.apply(this, args);
    const sink = capturing;
    const t0 = performance.now();
    const record = (res: unknown) => sink.push({ sql, params, ms: performance.now() - t0, rows: (res as { rows?: unknown[] })?.rows?.length ?? 0 });
    // pg-pool calls client.query(text, values, callback); others use the promise.
    const cbAt = args.findIndex((a) => typeof a === "function");
    if (cbAt >= 0) {
      const cb = args[cbAt] as (err: unknown, res: unknown) => void;
      args[cbAt] = (err: unknown, res: unknown) => {
        if (!err) record(res);
        cb(err, res);
      };
    }
    const r = orig.apply(this, args);
    if (cbAt < 0 && r && typeof (r as Promise<unknown>).then === "function") (r as Promise<unknown>).then(record, () => {});
    return r;
  };
}

// ---------------------------------------------------------------------------------------------- plans

async function planOf(q: Captured, kind: "sqlite" | "pg", sqliteFile: string | null, pgUrl: string | null): Promise<string> {
  if (kind === "sqlite") {
    const db = new Database(sqliteFile!, { readonly: true });
    try {
      const rows = db.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...(q.params as unknown[])) as { id: number; parent: number; detail: string }[];
      const depth = new Map<number, number>([[0, -1]]);
      return rows
        .map((r) => {
          const d = (depth.get(r.parent) ?? -1) + 1;
          depth.set(r.id, d);
          return `${"  ".repeat(d)}${r.detail}`;
        })
        .join("\n");
    } finally {
      db.close();
    }
  }
  const c = new pg.Client({ connectionString: pgUrl! });
  await c.connect();
  try {
    const res = await c.query(`EXPLAIN (ANALYZE, BUFFERS) ${q.sql}`, q.params);
    return res.rows.map((r) => r["QUERY PLAN"]).join("\n");
  } finally {
    await c.end();
  }
}

// ---------------------------------------------------------------------------------------------- main

const big = (_k: string, v: unknown) => (typeof v === "bigint" ? Number(v) : v);

async function main() {
  const { dbConfig } = await import("../lib/db/config");
  const config = dbConfig();
  const { ready, rawDb, closeDb } = await import("../lib/db");
  await ready();
  const raw = rawDb();
  const { q } = await import("../lib/db/query");
  const { sql } = await import("kysely");

  const { listAdminOrders, listMemberOrders } = await import("../lib/orders/queries");
  const { AdminOrderQuery } = await import("../lib/contracts/orders");
  const { memberSummary, memberCommissions, memberDailyEarnings } = await import("../lib/earnings/portal");
  const { teamOrders } = await import("../lib/earnings/team");
  const detail = await import("../lib/orders/detail").catch(() => null);
  const dash = await import("../lib/admin/dashboard").catch(() => null);
  const exp = await import("../lib/orders/export").catch(() => null);
  const { listMembers, MemberListQuery } = await import("../lib/accounts/member-list");

  // fixtures
  const count = sql<number>`count(*)`.as("n");
  const heavy = await raw.row(q.selectFrom("orders").select(["memberId", count]).where("memberId", "is not", null).groupBy("memberId").orderBy("n", "desc").limit(1));
  const heavyUser = heavy?.memberId ? await raw.row(q.selectFrom("users").select(["id", "sid"]).where("id", "=", heavy.memberId)) : undefined;
  const ledger = await raw.row(q.selectFrom("commissions").select(["beneficiaryId", count]).groupBy("beneficiaryId").orderBy("n", "desc").limit(1));
  const mid = await raw.row(q.selectFrom("orders").select(["orderId", "sid"]).where("id", "=", sql<number>`(SELECT max("id") / 2 FROM orders)`));
  if (!heavy?.memberId || !heavyUser || !ledger || !mid) throw new Error("the database has no attributed orders and commissions: seed it first (scripts/seed-large.ts)");
  const day = (n: number) => new Date(Date.now() - n * 86_400_000 + 8 * 3600_000).toISOString().slice(0, 10);
  // a cursor 200 pages deep
  let deepCursor: string | undefined;
  {
    let cursor: string | undefined;
    for (let p = 0; p < 200; p++) {
      const r = await listAdminOrders(AdminOrderQuery.parse({ limit: "50", cursor }));
      cursor = r.nextCursor ?? undefined;
    }
    deepCursor = cursor;
  }
  const admin = (q: Record<string, string | undefined>) => () => listAdminOrders(AdminOrderQuery.parse(q));
  const cases: [string, () => Promise<unknown>][] = [
    ["orders first page", admin({ limit: "50" })],
    ["orders status=completed", admin({ status: "completed", limit: "50" })],
    ["orders from..to", admin({ from: day(60), to: day(30), limit: "50" })],
    ["orders sid typical", admin({ sid: String(mid.sid ?? heavyUser.sid) })],
    ["orders sid heaviest", admin({ sid: String(heavyUser.sid) })],
    ["orders attributed=no", admin({ attributed: "no", limit: "50" })],
    ["orders businessLine=4", admin({ businessLine: "4", limit: "50" })],
    ["orders page 200+", admin({ limit: "50", cursor: deepCursor })],
    ["orders sort=amount_desc", admin({ sort: "amount_desc", limit: "50" })],
    ["orders moneyStatus=clawback", admin({ moneyStatus: "clawback", limit: "50" })],
    ["orders moneyStatus=pending", admin({ moneyStatus: "pending", limit: "50" })],
    ["orders status=paid&from..to", admin({ status: "paid", from: day(60), to: day(30), limit: "50" })],
  ];
  for (const [label, query] of [
    ["registered", {}],
    ["sort=balance_desc", { sort: "balance_desc" }],
    ["sort=balance_desc page 19", { sort: "balance_desc", cursor: Buffer.from("balance_desc@900").toString("base64url") }],
    ["balance=negative", { balance: "negative" }],
    ["balance=positive&status=disabled", { balance: "positive", status: "disabled" }],
    ["sort=orders30d_desc", { sort: "orders30d_desc" }],
    ["q=1380", { q: "1380" }],
  ] as const) {
    cases.push([`members ${label}`, () => listMembers(MemberListQuery.parse({ limit: "50", ...query }))]);
  }
  if (detail) cases.push(["order detail", () => detail.adminOrderDetail(String(mid.orderId))]);
  if (dash) for (const r of ["today", "7d", "30d"] as const) cases.push([`dashboard ${r}`, () => dash.dashboard(r)]);
  for (const [label, id] of [["most orders", String(heavy.memberId)], ["largest ledger", String(ledger.beneficiaryId)]] as const) {
    cases.push([`me/summary (${label})`, () => memberSummary(id)]);
    cases.push([`me/orders (${label})`, () => listMemberOrders(id, { limit: 20 })]);
    cases.push([`me/commissions (${label})`, () => memberCommissions(id, { limit: 20 })]);
    cases.push([`me/earnings/daily (${label})`, () => memberDailyEarnings(id, 30)]);
    cases.push([`me/orders?q= (${label})`, () => listMemberOrders(id, { limit: 20, q: "外卖" })]);
    cases.push([`me/orders?status=refunded (${label})`, () => listMemberOrders(id, { limit: 20, status: "refunded" })]);
    cases.push([`me/team/orders (${label})`, () => teamOrders(id, { limit: 20 })]);
    cases.push([`me/team/orders?level=2 (${label})`, () => teamOrders(id, { limit: 20, level: 2 })]);
  }
  if (exp) {
    cases.push([
      "export.csv first 3 batches",
      async () => {
        const reader = exp.exportOrdersCsv(AdminOrderQuery.parse({}) as never).getReader();
        for (let i = 0; i < 4; i++) if ((await reader.read()).done) break;
        await reader.cancel();
      },
    ]);
  }

  const report: unknown[] = [];
  for (const [name, run] of cases) {
    if (ONLY && !name.includes(ONLY)) continue;
    await run(); // warm
    capturing = [];
    const t0 = performance.now();
    await run();
    const total = performance.now() - t0;
    await new Promise((r) => setTimeout(r, 20));
    const stmts = capturing;
    capturing = null;
    const sqlMs = stmts.reduce((s, q) => s + q.ms, 0);
    console.log(`\n=== ${name}: ${total.toFixed(1)} ms in all, ${stmts.length} statements, ${sqlMs.toFixed(1)} ms in the driver`);
    const top = [...stmts].sort((a, b) => b.ms - a.ms).slice(0, TOP);
    const entries = [];
    for (const q of top) {
      const plan = await planOf(q, config.kind, config.kind === "sqlite" ? config.file : null, config.kind === "pg" ? config.url : null).catch((e) => `(no plan: ${e instanceof Error ? e.message : e})`);
      console.log(`--- ${q.ms.toFixed(1)} ms, ${q.rows} rows: ${q.sql.replace(/\s+/g, " ").slice(0, 700)}`);
      console.log(`    params: ${JSON.stringify(q.params, big).slice(0, 300)}`);
      console.log(plan.split("\n").map((l) => `    ${l}`).join("\n"));
      entries.push({ ms: q.ms, rows: q.rows, sql: q.sql, params: q.params, plan });
    }
    report.push({ name, totalMs: total, statements: stmts.length, sqlMs, top: entries });
  }
  if (JSON_OUT) writeFileSync(JSON_OUT, JSON.stringify(report, big, 2));
  await closeDb();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
