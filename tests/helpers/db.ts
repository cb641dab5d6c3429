// A fresh database per test file: SQLite in a temp folder by default, PostgreSQL when TEST_DATABASE=postgres.
// The app's own handles are pointed at it through DATABASE_URL before anything opens them.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql, type SelectQueryBuilder } from "kysely";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll } from "vitest";
import { q, type DB, type Query } from "@/lib/db/query";

export const PG_ADMIN_URL = process.env.TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
export const testDatabase = process.env.TEST_DATABASE === "postgres" ? "postgres" : "sqlite";

function pgUrlFor(name: string) {
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

export interface TestDb {
  kind: "sqlite" | "postgres";
  url: string;
  dataDir: string;
}

/** Creates the database, sets DATABASE_URL/DATA_DIR, runs migrations; drops it all after the file. */
export function useTestDatabase(): TestDb {
  const state = {} as TestDb;
  const dataDir = mkdtempSync(path.join(tmpdir(), "cps-test-"));
  const pgName = `cps_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  beforeAll(async () => {
    state.kind = testDatabase;
    state.dataDir = dataDir;
    if (testDatabase === "postgres") {
      const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${pgName}`);
      await admin.end();
      state.url = pgUrlFor(pgName);
    } else {
      state.url = `file:${path.join(dataDir, "app.db")}`;
    }
    process.env.DATABASE_URL = state.url;
    process.env.DATA_DIR = dataDir;
    process.env.NEXTAUTH_SECRET = "test-secret-0123456789abcdef0123456789";
    const { closeDb, ready } = await import("@/lib/db");
    await closeDb();
    await ready();
  });
  afterAll(async () => {
    const { closeDb } = await import("@/lib/db");
    await closeDb();
    if (testDatabase === "postgres") {
      const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${pgName} WITH (FORCE)`);
      await admin.end();
    }
    rmSync(dataDir, { recursive: true, force: true });
  });
  return state;
}

// Reading and changing the test database the way the app does: typed queries (lib/db/query.ts) on its handle.

/** The app's raw handle on the test database (opened by useTestDatabase's beforeAll). */
export const raw = async () => (await import("@/lib/db")).rawDb();

/** The rows of one query. */
export const rows = async <Q extends Query>(query: Q) => (await raw()).rows(query);

/** The first row of one query, if any. */
export const row = async <Q extends Query>(query: Q) => (await raw()).row(query);

/** The first row of one query; the test fails when there is none. */
export async function rowOrThrow<Q extends Query>(query: Q) {
  const found = await row(query);
  if (found === undefined) throw new Error("no such row");
  return found;
}

/** How many rows the query (a selectFrom with its conditions, no select) matches. */
export async function count<TB extends keyof DB, O>(query: SelectQueryBuilder<DB, TB, O>): Promise<number> {
  const r = await row(query.select(sql<number>`COUNT(*)`.as("n")));
  return Number((r as { n?: number } | undefined)?.n ?? 0);
}

/** A user's id, by username. */
export const userId = async (username: string) => (await rowOrThrow(q.selectFrom("users").select("id").where("username", "=", username))).id;

/**
 * Schema statements no query builder writes (the triggers tests use to inject a failure), run on a connection of
 * their own; the app's connections see the change at their next statement.
 */
export async function ddl(...statements: string[]) {
  const { currentDbConfig } = await import("@/lib/db");
  const config = currentDbConfig();
  if (config.kind === "pg") {
    const client = new pg.Client({ connectionString: config.url });
    await client.connect();
    try {
      for (const s of statements) await client.query(s);
    } finally {
      await client.end();
    }
    return;
  }
  const db = new Database(config.file);
  try {
    for (const s of statements) db.exec(s);
  } finally {
    db.close();
  }
}

/** Orders by Meituan's order id, each with its commission rows (oldest first). */
export async function ordersWithCommissions(orderIds: string[]) {
  const orders = orderIds.length ? await rows(q.selectFrom("orders").selectAll().where("platform", "=", "union").where("orderId", "in", orderIds)) : [];
  const commissions = orders.length ? await rows(q.selectFrom("commissions").selectAll().where("orderRef", "in", orders.map((o) => o.id)).orderBy("id")) : [];
  return orders.map((o) => ({ ...o, commissions: commissions.filter((c) => c.orderRef === o.id) }));
}

/** An order with its commission rows; the test fails when it is missing. */
export async function orderWithCommissions(orderId: string) {
  const [order] = await ordersWithCommissions([orderId]);
  if (!order) throw new Error(`no order ${orderId}`);
  return order;
}

/** An order by Meituan's order id; the test fails when it is missing. */
export const orderOf = (orderId: string) => rowOrThrow(q.selectFrom("orders").selectAll().where("platform", "=", "union").where("orderId", "=", orderId));

/** How many audit rows the action has. */
export const auditCount = (action: string) => count(q.selectFrom("audit_logs").where("action", "=", action));
