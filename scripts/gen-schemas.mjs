// Writes the provider schemas from prisma/models.prisma. With --check it only compares and exits 1 on drift.
import { readFileSync, writeFileSync, mkdirSync, existsSync } from "node:fs";

const providers = {
  sqlite: { provider: "sqlite" },
  postgres: { provider: "postgresql" },
};
const models = readFileSync("prisma/models.prisma", "utf8");
const check = process.argv.includes("--check");
let drift = false;
for (const [dir, { provider }] of Object.entries(providers)) {
  const text = `// GENERATED from prisma/models.prisma by scripts/gen-schemas.mjs. Do not edit.
generator client {
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
