// Migrations for both databases, computed by the Prisma CLI from prisma/models.prisma.
//   node scripts/migration.mjs check        CI: fails when a provider's migrations differ from its schema
//   node scripts/migration.mjs new <name>   writes prisma/{sqlite,postgres}/migrations/<timestamp>_<name>
// PostgreSQL comes from TEST_PG_URL (default postgresql://postgres@127.0.0.1:5432/postgres); without it the
// PostgreSQL check is skipped with a notice outside CI, and fails in CI.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PG_URL, pgReachable } from "./pg.mjs";

const [command, name] = process.argv.slice(2);


function diff(provider, url, extra) {
  const dir = provider === "sqlite" ? "prisma/sqlite" : "prisma/postgres";
  return spawnSync(
    "npx",
    ["prisma", "migrate", "diff", "--from-migrations", `${dir}/migrations`, "--to-schema-datamodel", `${dir}/schema.prisma`, ...extra],
    { env: { ...process.env, DATABASE_URL: url }, encoding: "utf8" },
  );
}

const tmp = mkdtempSync(path.join(tmpdir(), "cps-migration-"));
const targets = [["sqlite", `file:${path.join(tmp, "shadow.db")}`]];
if (await pgReachable()) targets.push(["postgres", PG_URL]);
else if (process.env.CI) {
  console.error(`PostgreSQL is not reachable at ${PG_URL}; CI needs it`);
  process.exit(1);
} else console.log(`notice: PostgreSQL not reachable at ${PG_URL}: its migrations were not checked`);

let failed = false;
try {
  if (command === "check") {
    for (const [provider, url] of targets) {
      const r = diff(provider, url, ["--exit-code"]);
      if (r.status === 0) console.log(`${provider}: migrations match the schema`);
      else {
        failed = true;
        console.error(`${provider}: migrations differ from the schema (run: node scripts/migration.mjs new <name>)\n${r.stdout}${r.stderr}`);
      }
    }
  } else if (command === "new" && /^[a-z0-9_]+$/.test(name ?? "")) {
    if (targets.length < 2) throw new Error("writing a migration needs PostgreSQL too");
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    for (const [provider, url] of targets) {
      const r = diff(provider, url, ["--script"]);
      if (r.status !== 0) throw new Error(`${provider}: ${r.stderr}`);
      if (!/\S/.test(r.stdout.replace(/^--.*$/gm, ""))) {
        console.log(`${provider}: nothing to migrate`);
        continue;
      }
      const dir = path.join("prisma", provider, "migrations", `${stamp}_${name}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, "migration.sql"), r.stdout);
      console.log(`${provider}: wrote ${dir}/migration.sql`);
    }
  } else {
    console.error("usage: node scripts/migration.mjs check | new <name_in_snake_case>");
    failed = true;
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
