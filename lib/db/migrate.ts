// Applies the committed migrations of prisma/<provider>/migrations on start, recorded in Prisma's own
// _prisma_migrations table so that `prisma migrate status` agrees. Safe when several processes start at once.
import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import type { DbConfig } from "./config";

interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function migrationsDir(config: DbConfig) {
  return path.resolve("prisma", config.kind === "pg" ? "postgres" : "sqlite", "migrations");
}

function loadMigrations(dir: string): Migration[] {
  if (!existsSync(dir)) throw new Error(`migrations folder not found: ${dir} (run from the project root)`);
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

const SQLITE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME, "migration_name" TEXT NOT NULL,
  "logs" TEXT, "rolled_back_at" DATETIME, "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
  "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0)`;
const PG_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`;

function checkApplied(applied: Map<string, string>, migrations: Migration[]) {
  for (const m of migrations) {
    const sum = applied.get(m.name);
    if (sum && sum !== m.checksum) throw new Error(`migration ${m.name} was changed after it was applied`);
  }
}

/** Returns the names of the migrations it applied. */
export async function migrate(config: DbConfig): Promise<string[]> {
  const migrations = loadMigrations(migrationsDir(config));
  return config.kind === "pg" ? migratePg(config.url, migrations) : migrateSqlite(config.file, migrations);
}

function migrateSqlite(file: string, migrations: Migration[]): string[] {
  const db = new Database(file, { timeout: 30_000 });
  try {
    db.pragma("journal_mode = WAL");
    db.exec(SQLITE_TABLE);
    const done: string[] = [];
    for (const m of migrations) {
      db.exec("BEGIN IMMEDIATE");
      try {
        const rows = db.prepare(`SELECT migration_name, checksum FROM _prisma_migrations WHERE rolled_back_at IS NULL AND finished_at IS NOT NULL`).all() as { migration_name: string; checksum: string }[];
        const applied = new Map(rows.map((r) => [r.migration_name, r.checksum]));
        checkApplied(applied, migrations);
        if (!applied.has(m.name)) {
          db.exec(m.sql);
          db.prepare(`INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES (?, ?, ?, ?, ?, 1)`)
            .run(randomUUID(), m.checksum, Date.now(), m.name, Date.now());
          done.push(m.name);
        }
        db.exec("COMMIT");
      } catch (e) {
        if (db.inTransaction) db.exec("ROLLBACK");
        throw e;
      }
    }
    return done;
  } finally {
    db.close();
  }
}

async function migratePg(url: string, migrations: Migration[]): Promise<string[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    // One migrator at a time across every instance starting against this database.
    await client.query("SELECT pg_advisory_lock(727071)");
    await client.query(PG_TABLE);
    const { rows } = await client.query(`SELECT migration_name, checksum FROM _prisma_migrations WHERE rolled_back_at IS NULL AND finished_at IS NOT NULL`);
    const applied = new Map<string, string>(rows.map((r) => [r.migration_name, r.checksum]));
    checkApplied(applied, migrations);
    const done: string[] = [];
    for (const m of migrations) {
      if (applied.has(m.name)) continue;
      await client.query("BEGIN");
      try {
        await client.query(m.sql);
        await client.query(
          `INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES ($1, $2, now(), $3, now(), 1)`,
          [randomUUID(), m.checksum, m.name],
        );
        await client.query("COMMIT");
        done.push(m.name);
      } catch (e) {
        await client.query("ROLLBACK");
        throw e;
      }
    }
    return done;
  } finally {
    await client.query("SELECT pg_advisory_unlock(727071)").catch(() => {});
    await client.end();
  }
}
