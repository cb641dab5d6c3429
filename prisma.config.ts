// Prisma CLI configuration. The app never runs the CLI at start (lib/db/migrate.ts applies migrations itself);
// the CLI generates the clients and computes migrations (scripts/migration.mjs). The adapter subclasses work
// around driver-adapter bugs in the CLI's shadow-database handling (its shadow database does not go through the adapter).
import { randomUUID } from "node:crypto";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import "./prisma/pg-name-workaround";

const url = process.env.DATABASE_URL ?? "file:./data/app.db";
const isPg = /^postgres(ql)?:\/\//.test(url);
const dir = isPg ? "prisma/postgres" : "prisma/sqlite";

type PgConfig = { host: string; port: number; user: string; password: string; database: string };
function pgConfig(u: string): PgConfig {
  const p = new URL(u);
  return {
    host: p.hostname,
    port: Number(p.port || 5432),
    user: decodeURIComponent(p.username),
    password: decodeURIComponent(p.password),
    database: p.pathname.slice(1),
  };
}

// The shadow database must be a database of its own, dropped after the pool closes.
class PrismaPgMigrate extends PrismaPg {
  constructor(private readonly cfg: PgConfig) {
    super(cfg);
  }
  async connectToShadowDb() {
    const main = await this.connect();
    const name = `prisma_shadow_${randomUUID().replaceAll("-", "")}`;
    await main.executeScript(`CREATE DATABASE "${name}"`);
    const shadow = await new PrismaPg({ ...this.cfg, database: name }).connect();
    const dispose = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      await dispose();
      await main.executeScript(`DROP DATABASE IF EXISTS "${name}"`);
      await main.dispose();
    };
    return shadow;
  }
}

// Migration files hold several statements; replay them as scripts.
type Query = { sql: string; args: unknown[] };
function fixMultiStatement<T extends { executeRaw(q: Query): Promise<number>; executeScript(s: string): Promise<void> }>(a: T): T {
  const raw = a.executeRaw.bind(a);
  a.executeRaw = async (q: Query) => {
    if (q.args.length === 0 && /;\s*\S/.test(q.sql.trim().replace(/;\s*$/, ""))) {
      await a.executeScript(q.sql);
      return 0;
    }
    return raw(q);
  };
  return a;
}
class PrismaSqliteMigrate extends PrismaBetterSQLite3 {
  async connect() {
    return fixMultiStatement(await super.connect());
  }
  async connectToShadowDb() {
    return fixMultiStatement(await super.connectToShadowDb());
  }
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: `${dir}/schema.prisma`,
  migrations: { path: `${dir}/migrations` },
  async adapter() {
    return isPg ? new PrismaPgMigrate(pgConfig(url)) : new PrismaSqliteMigrate({ url });
  },
});
