// Writes the provider schemas from prisma/models.prisma. With --check it only compares and exits 1 on drift.
import { readFileSync, writeFileSync, mkdirSync, existsSync } from "node:fs";

// The query types (generated/kysely) come from the PostgreSQL schema; the SQLite driver decodes its values to match.
const KYSELY = `generator kysely {
  provider = "prisma-kysely"
  output   = "../../generated/kysely"
  fileName = "types.ts"
}

`;
const providers = {
  sqlite: { provider: "sqlite", extra: "" },
  postgres: { provider: "postgresql", extra: KYSELY },
};
const models = readFileSync("prisma/models.prisma", "utf8");
const check = process.argv.includes("--check");
let drift = false;
for (const [dir, { provider, extra }] of Object.entries(providers)) {
  const text = `// GENERATED from prisma/models.prisma by scripts/gen-schemas.mjs. Do not edit.
${extra}generator client {
  provider   = "prisma-client"
  output     = "../../generated/${dir}"
  engineType = "client"
}

datasource db {
  provider = "${provider}"
  url      = env("DATABASE_URL")
}

${models}`;
  const file = `prisma/${dir}/schema.prisma`;
  if (check) {
    if (!existsSync(file) || readFileSync(file, "utf8") !== text) {
      console.error(`${file} differs from prisma/models.prisma: run npm run db:schemas`);
      drift = true;
    }
  } else {
    mkdirSync(`prisma/${dir}`, { recursive: true });
    writeFileSync(file, text);
  }
}
process.exit(drift ? 1 : 0);
