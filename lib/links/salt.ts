// The visitor hash: HMAC-SHA256 of (IP, user agent) under a secret salt of the Beijing day, so the same visitor
// counts once per day without any address being kept. Each day's salt is random and stored so every instance
// hashes alike; once a new day's salt exists the older ones are deleted, after which yesterday's hashes can no
// longer be linked to any address, even by us.
import { createHmac, randomBytes } from "node:crypto";
import { beijingDay } from "../time";
import { changes, exec, first, q, type Work } from "../db/query";

const cache = globalThis as unknown as { __cpsClickSalt?: { day: string; secret: string } };

/** The salt of the Beijing day of `now`, made if missing; older salts are deleted. Runs inside the writer's transaction. */
export function* daySalt(now: Date): Work<string> {
  const day = beijingDay(now);
  const held = cache.__cpsClickSalt;
  if (held?.day === day) return held.secret;
  yield* exec(q.insertInto("click_salts").values({ day, secret: randomBytes(32).toString("base64url"), createdAt: now }).onConflict((oc) => oc.column("day").doNothing()));
  const row = yield* first(q.selectFrom("click_salts").select("secret").where("day", "=", day));
  if (!row) throw new Error("click salt missing");
  yield* deleteOldSalts(day);
  cache.__cpsClickSalt = { day, secret: row.secret };
  return row.secret;
}

/** Deletes the salts of days before `today` (the hourly job runs this too, for days without a click). */
export function* deleteOldSalts(today: string): Work<number> {
  if (cache.__cpsClickSalt && cache.__cpsClickSalt.day < today) cache.__cpsClickSalt = undefined;
  return yield* changes(q.deleteFrom("click_salts").where("day", "<", today));
}

export const visitorHash = (secret: string, ip: string | null, userAgent: string) =>
  createHmac("sha256", secret).update(`${ip ?? "-"}\n${userAgent}`).digest("hex").slice(0, 32);
