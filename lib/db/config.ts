// Which database this process talks to: embedded SQLite by default, PostgreSQL when DATABASE_URL says so.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { dataDir, env } from "../env";

export type DbConfig = { kind: "sqlite"; url: string; file: string } | { kind: "pg"; url: string };

export const isPostgresUrl = (url: string) => /^postgres(ql)?:\/\//.test(url);

export function dbConfig(databaseUrl: string | undefined = env().DATABASE_URL): DbConfig {
  if (databaseUrl && isPostgresUrl(databaseUrl)) return { kind: "pg", url: databaseUrl };
  const file = path.resolve(databaseUrl ? databaseUrl.replace(/^file:/, "") : path.join(dataDir(), "app.db"));
  mkdirSync(path.dirname(file), { recursive: true });
  return { kind: "sqlite", url: `file:${file}`, file };
}
