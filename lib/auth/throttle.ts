// Rate limits with a lockout (logins, registrations, order claims), counted in the database so that every
// instance sees the same numbers. An attempt is reserved before the work it guards, in one atomic statement, so
// requests sent at once cannot all pass a check made before any of them was counted: with a limit of 5, the
// sixth of twenty concurrent guesses is refused without its password being checked. The work then keeps its
// reservation (a failed login, a registration made) or gives it back (a login that succeeded, a request that
// turned out invalid). A locked caller is told when to retry.
import type { RawDb } from "../db/sql";
import { registerLimitPerHour } from "../env";

export interface Limit {
  /** Attempts allowed per window; the one that reaches it locks the key. */
  max: number;
  windowSeconds: number;
  lockSeconds: number;
}

export const LOGIN_PER_ACCOUNT: Limit = { max: 5, windowSeconds: 15 * 60, lockSeconds: 15 * 60 };
export const LOGIN_PER_IP: Limit = { max: 30, windowSeconds: 15 * 60, lockSeconds: 15 * 60 };
export const registerPerIp = (): Limit => ({ max: registerLimitPerHour(), windowSeconds: 60 * 60, lockSeconds: 60 * 60 });

export class LockedOut extends Error {
  constructor(readonly retryAt: Date, now: Date) {
    super(`尝试次数过多，请 ${minutesUntil(retryAt, now)} 分钟后再试`);
  }
}

export const minutesUntil = (at: Date, now: Date) => Math.max(1, Math.ceil((at.getTime() - now.getTime()) / 60_000));

/** The key a limit counts an address against; requests without a known address share one key. */
export const addressKey = (scope: string, address: string | null) => `${scope}:ip:${address ?? "unknown"}`;

// A key starts afresh when its lock has run out, or (never locked) when its window has passed. The attempt that
// reaches the limit sets the lock, so a locked key is one whose attempts were all used up.
const FRESH = `((auth_throttles."lockedUntil" IS NOT NULL AND auth_throttles."lockedUntil" <= ?) OR (auth_throttles."lockedUntil" IS NULL AND auth_throttles."windowStart" < ?))`;
const RESERVE = `INSERT INTO auth_throttles ("key", "count", "windowStart", "lockedUntil") VALUES (?, 1, ?, ?)
  ON CONFLICT ("key") DO UPDATE SET
    "count" = CASE WHEN ${FRESH} THEN 1 ELSE auth_throttles."count" + 1 END,
    "windowStart" = CASE WHEN ${FRESH} THEN excluded."windowStart" ELSE auth_throttles."windowStart" END,
    "lockedUntil" = CASE WHEN ${FRESH} THEN excluded."lockedUntil"
                         WHEN auth_throttles."count" + 1 >= ? THEN COALESCE(auth_throttles."lockedUntil", ?)
                         ELSE auth_throttles."lockedUntil" END
  RETURNING "count", "lockedUntil"`;
const RELEASE = `UPDATE auth_throttles SET "count" = "count" - 1, "lockedUntil" = CASE WHEN "count" - 1 < ? THEN NULL ELSE "lockedUntil" END
  WHERE "key" = ? AND "count" > 0`;

export interface Guard {
  key: string;
  limit: Limit;
}

/** Reservations taken by `reserveAttempts`, for the work to keep or give back. */
export interface Reservation {
  /** Gives back the attempt reserved on these keys (default: all). */
  release(keys?: string[]): Promise<void>;
  /** Forgets every attempt counted on these keys (a login that succeeded clears its account's failures). */
  clear(keys: string[]): Promise<void>;
}

async function reserveOne(raw: RawDb, g: Guard, now: Date): Promise<{ allowed: boolean; lockedUntil: Date | null }> {
  const floor = new Date(now.getTime() - g.limit.windowSeconds * 1000);
  const lockAt = new Date(now.getTime() + g.limit.lockSeconds * 1000);
  const [row] = await raw.query(RESERVE, [g.key, now, g.limit.max <= 1 ? lockAt : null, now, floor, now, floor, now, floor, g.limit.max, lockAt]);
  const lockedUntil = row.lockedUntil === null || row.lockedUntil === undefined ? null : new Date(row.lockedUntil as string | Date);
  return { allowed: Number(row.count) <= g.limit.max, lockedUntil };
}

async function releaseOne(raw: RawDb, g: Guard) {
  await raw.query(RELEASE, [g.limit.max, g.key]);
}

/**
 * Reserves one attempt on every guard before the work. Throws LockedOut, with nothing reserved, when any of
 * them is at its limit.
 */
export async function reserveAttempts(raw: RawDb, guards: Guard[], now = new Date()): Promise<Reservation> {
  const taken: Guard[] = [];
  let refusedUntil: Date | null = null;
  for (const g of guards) {
    const r = await reserveOne(raw, g, now);
    taken.push(g);
    if (!r.allowed) {
      const until = r.lockedUntil ?? new Date(now.getTime() + g.limit.lockSeconds * 1000);
      if (!refusedUntil || until > refusedUntil) refusedUntil = until;
    }
  }
  if (refusedUntil) {
    // A refused attempt is not evaluated, so it is not counted either.
    for (const g of taken) await releaseOne(raw, g);
    throw new LockedOut(refusedUntil, now);
  }
  const select = (keys?: string[]) => (keys ? taken.filter((g) => keys.includes(g.key)) : taken);
  return {
    release: async (keys) => {
      for (const g of select(keys)) await releaseOne(raw, g);
    },
    clear: async (keys) => {
      if (keys.length) await raw.query(`DELETE FROM auth_throttles WHERE "key" IN (${keys.map(() => "?").join(", ")})`, keys);
    },
  };
}
