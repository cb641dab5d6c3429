// Prisma CLI configuration. The app never runs the CLI at start (lib/db/migrate.ts applies migrations itself);
// the CLI is for generating the clients and writing new migrations.
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";

const url = process.env.DATABASE_URL ?? "file:./data/app.db";
const isPg = /^postgres(ql)?:\/\//.test(url);
const dir = isPg ? "prisma/postgres" : "prisma/sqlite";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: `${dir}/schema.prisma`,
  migrations: { path: `${dir}/migrations` },
  async adapter() {
    return isPg ? new PrismaPg({ connectionString: url }) : new PrismaBetterSQLite3({ url });
  },
});
