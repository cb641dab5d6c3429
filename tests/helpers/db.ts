// A fresh database per test file: SQLite in a temp folder by default, PostgreSQL when TEST_DATABASE=postgres.
// The app's own handles are pointed at it through DATABASE_URL before anything opens them.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll } from "vitest";

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
