// The process-wide database handles: Prisma for pages and admin work, the raw path for hot writes.
// Both are opened lazily from the environment; `ready()` applies migrations once per process.
import { PrismaClient as SqliteClient } from "@/generated/sqlite/client";
import { PrismaClient as PgClient } from "@/generated/postgres/client";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { dbConfig, type DbConfig } from "./config";
import { migrate } from "./migrate";
import { openRawDb, type RawDb } from "./sql";

/** Both generated clients have identical model delegates; the SQLite one's type stands for both. */
export type Db = SqliteClient;

interface Handles {
  config: DbConfig;
  prisma: Db;
  raw: RawDb;
  ready?: Promise<void>;
}

const store = globalThis as unknown as { __cpsDb?: Handles };

function open(): Handles {
  const config = dbConfig();
  const prisma =
    config.kind === "pg"
      ? (new PgClient({ adapter: new PrismaPg({ connectionString: config.url, max: 10 }) }) as unknown as Db)
      : new SqliteClient({ adapter: new PrismaBetterSQLite3({ url: config.file, timeout: 10_000 }) });
  return { config, prisma, raw: openRawDb(config) };
}

function handles(): Handles {
  return (store.__cpsDb ??= open());
}

export const db = (): Db => handles().prisma;
export const rawDb = (): RawDb => handles().raw;
export const currentDbConfig = (): DbConfig => handles().config;

/** Applies pending migrations once per process; later calls return the same promise. */
export function ready(): Promise<void> {
  const h = handles();
  h.ready ??= migrate(h.config).then(
    () => undefined,
    (e) => {
      h.ready = undefined; // let the next request try again, e.g. once PostgreSQL is back
      throw e;
    },
  );
  return h.ready;
}

/** Closes both handles (tests and scripts). */
export async function closeDb() {
  const h = store.__cpsDb;
  store.__cpsDb = undefined;
  if (h) await Promise.all([h.prisma.$disconnect(), h.raw.close()]);
}
