// The session-signing secret: NEXTAUTH_SECRET when set, otherwise generated once and kept in the data folder,
// so the first run needs no configuration and sessions survive restarts.
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { dataDir, env } from "../env";

let cached: string | undefined;

export function authSecret(): string {
  if (cached) return cached;
  const fromEnv = env().NEXTAUTH_SECRET;
  if (fromEnv) return (cached = fromEnv);
  const file = path.resolve(dataDir(), "auth-secret");
  try {
    cached = readFileSync(file, "utf8").trim();
  } catch {
    mkdirSync(path.dirname(file), { recursive: true });
    const generated = randomBytes(32).toString("hex");
    try {
      writeFileSync(file, generated + "\n", { mode: 0o600, flag: "wx" });
      cached = generated;
    } catch {
      cached = readFileSync(file, "utf8").trim(); // another process wrote it first
    }
  }
  return cached;
}
