// Rate limits with a lockout (logins, registrations, order claims), counted in the database so that every
// instance sees the same numbers. An attempt is reserved before the work it guards, in one atomic statement, so
// requests sent at once cannot all pass a check made before any of them was counted: with a limit of 5, the
// sixth of twenty concurrent guesses is refused without its password being checked. The work then keeps its
// reservation (a failed login, a registration made) or gives it back (a login that succeeded, a request that
// turned out invalid). A locked caller is told when to retry.
import type { ExpressionBuilder } from "kysely";
import { q, type DB } from "../db/query";
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
const fresh = (eb: ExpressionBuilder<DB, "auth_throttles">, now: Date, floor: Date) =>
  eb.or([
    eb.and([eb("auth_throttles.lockedUntil", "is not", null), eb("auth_throttles.lockedUntil", "<=", now)]),
    eb.and([eb("auth_throttles.lockedUntil", "is", null), eb("auth_throttles.windowStart", "<", floor)]),
  ]);

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
  const [row] = await raw.rows(
    q.insertInto("auth_throttles")
      .values({ key: g.key, count: 1, windowStart: now, lockedUntil: g.limit.max <= 1 ? lockAt : null })
      .onConflict((oc) =>
        oc.column("key").doUpdateSet((eb) => ({
          count: eb.case().when(fresh(eb, now, floor)).then(eb.lit(1)).else(eb("auth_throttles.count", "+", eb.lit(1))).end(),
          windowStart: eb.case().when(fresh(eb, now, floor)).then(eb.ref("excluded.windowStart")).else(eb.ref("auth_throttles.windowStart")).end(),
          lockedUntil: eb.case()
            .when(fresh(eb, now, floor)).then(eb.ref("excluded.lockedUntil"))
            .when(eb("auth_throttles.count", "+", eb.lit(1)), ">=", g.limit.max).then(eb.fn.coalesce("auth_throttles.lockedUntil", eb.val(lockAt)))
            .else(eb.ref("auth_throttles.lockedUntil"))
            .end(),
        })),
      )
      .returning(["count", "lockedUntil"]),
  );
  return { allowed: row.count <= g.limit.max, lockedUntil: row.lockedUntil };
}

async function releaseOne(raw: RawDb, g: Guard) {
  await raw.rows(
    q.updateTable("auth_throttles")
      .set((eb) => ({
        count: eb("count", "-", eb.lit(1)),
        lockedUntil: eb.case().when(eb("count", "-", eb.lit(1)), "<", g.limit.max).then(null).else(eb.ref("lockedUntil")).end(),
      }))
      .where("key", "=", g.key)
      .where("count", ">", 0),
  );
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
      if (keys.length) await raw.rows(q.deleteFrom("auth_throttles").where("key", "in", keys));
    },
  };
}
