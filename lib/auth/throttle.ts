// Rate limits with a lockout for logins and registrations, counted in the database so that every instance
// sees the same numbers. A locked caller is told when to retry.
import type { RawDb } from "../db/sql";
import { registerLimitPerHour } from "../env";

export interface Limit {
  /** Attempts allowed per window before the lockout. */
  max: number;
  windowSeconds: number;
  lockSeconds: number;
}

export const LOGIN_PER_ACCOUNT: Limit = { max: 5, windowSeconds: 15 * 60, lockSeconds: 15 * 60 };
export const LOGIN_PER_IP: Limit = { max: 30, windowSeconds: 15 * 60, lockSeconds: 15 * 60 };
export const registerPerIp = (): Limit => ({ max: registerLimitPerHour(), windowSeconds: 60 * 60, lockSeconds: 60 * 60 });

export class LockedOut extends Error {
  constructor(readonly retryAt: Date, now: Date) {
    super(`尝试次数过多，请 ${Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 60_000))} 分钟后再试`);
  }
}

/** Throws LockedOut if any of the keys is locked now. */
export async function assertNotLocked(raw: RawDb, keys: string[], now = new Date()) {
  if (!keys.length) return;
  const rows = await raw.query(`SELECT "lockedUntil" FROM auth_throttles WHERE "key" IN (${keys.map(() => "?").join(", ")}) AND "lockedUntil" > ?`, [...keys, now]);
  if (rows.length) {
    const latest = rows.map((r) => new Date(r.lockedUntil as string | Date)).sort((a, b) => b.getTime() - a.getTime())[0];
    throw new LockedOut(latest, now);
  }
}

/** Counts one attempt against the key; locks it when the window's limit is reached. */
export async function countAttempt(raw: RawDb, key: string, limit: Limit, now = new Date()) {
  const windowFloor = new Date(now.getTime() - limit.windowSeconds * 1000);
  const [row] = await raw.query(
    `INSERT INTO auth_throttles ("key", "count", "windowStart", "lockedUntil") VALUES (?, 1, ?, NULL)
     ON CONFLICT ("key") DO UPDATE SET
       "count" = CASE WHEN auth_throttles."windowStart" < ? THEN 1 ELSE auth_throttles."count" + 1 END,
       "windowStart" = CASE WHEN auth_throttles."windowStart" < ? THEN excluded."windowStart" ELSE auth_throttles."windowStart" END
     RETURNING "count"`,
    [key, now, windowFloor, windowFloor],
  );
  if (Number(row.count) >= limit.max) {
    await raw.query(`UPDATE auth_throttles SET "lockedUntil" = ?, "count" = 0, "windowStart" = ? WHERE "key" = ?`, [new Date(now.getTime() + limit.lockSeconds * 1000), now, key]);
  }
}

export async function clearAttempts(raw: RawDb, key: string) {
  await raw.query(`DELETE FROM auth_throttles WHERE "key" = ?`, [key]);
}

export function clientIp(headers: { get(name: string): string | null } | Record<string, unknown> | undefined): string {
  const read = (name: string) =>
    headers && typeof (headers as { get?: unknown }).get === "function"
      ? (headers as { get(n: string): string | null }).get(name)
      : ((headers as Record<string, unknown> | undefined)?.[name] as string | undefined) ?? null;
  return (read("x-forwarded-for") ?? "").split(",")[0].trim() || read("x-real-ip") || "unknown";
}
