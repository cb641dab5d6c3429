// The dashboard's rollups (rollup_days, rollup_member_days), kept in the transaction that changes the rows they add
// up: every write of an order's money, day or line and of a commission row's counted amount records its delta here,
// and the driver writes a transaction's deltas once, just before COMMIT (lib/db/query.ts tally). A write that moves
// nothing the rollups count (settlement, a withdrawal's status moves and split parts, attribution before its
// commission rows exist) records nothing. tests/integration/rollups.test.ts checks that the rows and the rollups
// agree after random sequences of every kind of event.
import { sql } from "kysely";
import { exec, q, tally, type Work } from "../db/query";
import { beijingDay, beijingDayEnd } from "../time";

/** The line of an order whose business line is unknown (a key column cannot be null). */
export const UNKNOWN_LINE = -1;

/** What an order adds to its day's row. */
export interface OrderFacts {
  occurredAt: Date;
  businessLine: number | null;
  gmvFen: number;
  baseFen: number;
  source: string;
}

/** Where an order's numbers (and those of its commission rows) are counted. */
export type OrderPlace = Pick<OrderFacts, "occurredAt" | "businessLine">;

// Bounds the parameters of one statement (SQLite allows 32,766) when a transaction touched many days.
const ROWS_PER_STATEMENT = 1000;

function* flushDays(sums: [string, number[]][], stripe: number): Work<void> {
  for (let i = 0; i < sums.length; i += ROWS_PER_STATEMENT) {
    const values = sums.slice(i, i + ROWS_PER_STATEMENT).map(([key, [orders, syncOrders, gmvFen, baseFen, memberFen]]) => ({
      day: key.slice(0, 10), line: Number(key.slice(10)), stripe, orders, syncOrders, gmvFen: String(gmvFen), baseFen: String(baseFen), memberFen: String(memberFen),
    }));
    yield* exec(
      q.insertInto("rollup_days").values(values).onConflict((oc) =>
        oc.columns(["day", "line", "stripe"]).doUpdateSet({
          orders: sql`rollup_days."orders" + excluded."orders"`,
          syncOrders: sql`rollup_days."syncOrders" + excluded."syncOrders"`,
          gmvFen: sql`rollup_days."gmvFen" + excluded."gmvFen"`,
          baseFen: sql`rollup_days."baseFen" + excluded."baseFen"`,
          memberFen: sql`rollup_days."memberFen" + excluded."memberFen"`,
        }),
      ),
    );
  }
}

function* flushMemberDays(sums: [string, number[]][]): Work<void> {
  for (let i = 0; i < sums.length; i += ROWS_PER_STATEMENT) {
    const values = sums.slice(i, i + ROWS_PER_STATEMENT).map(([key, [earnedFen]]) => ({ day: key.slice(0, 10), memberId: key.slice(10), earnedFen: String(earnedFen) }));
    yield* exec(
      q.insertInto("rollup_member_days").values(values).onConflict((oc) =>
        oc.columns(["day", "memberId"]).doUpdateSet({ earnedFen: sql`rollup_member_days."earnedFen" + excluded."earnedFen"` }),
      ),
    );
  }
}

function* flushMemberChanges(sums: [string, number[]][], stripe: number): Work<void> {
  for (let i = 0; i < sums.length; i += ROWS_PER_STATEMENT) {
    const values = sums.slice(i, i + ROWS_PER_STATEMENT).map(([day, [changes]]) => ({ day, stripe, changes: String(changes) }));
    yield* exec(
      q.insertInto("rollup_member_changes").values(values).onConflict((oc) =>
        oc.columns(["day", "stripe"]).doUpdateSet({ changes: sql`rollup_member_changes."changes" + excluded."changes"` }),
      ),
    );
  }
}

/**
 * Readers keep totals only for closed days (lib/admin/top-earners.ts), so a change to a day that no clock can yet
 * call closed need not move its fingerprint — which keeps the extra upsert off most push batches (today's orders).
 * The margin covers clocks that differ between instances and a transaction that commits a while after it counted.
 */
export const CLOSING_MARGIN_MS = 10 * 60_000;
export const mayBeClosed = (day: string, now = Date.now()) => now >= beijingDayEnd(day).getTime() - CLOSING_MARGIN_MS;

/** The member-day fingerprint of [firstDay, beforeDay): changes only when one of those days' member rows did. */
export function memberChangesBetween(firstDay: string, beforeDay: string) {
  return q
    .selectFrom("rollup_member_changes")
    .select((eb) => eb.fn.coalesce(eb.fn.sum<string>("changes"), eb.lit(0)).as("changes"))
    .where("day", ">=", firstDay)
    .where("day", "<", beforeDay);
}

/** The day rows of [firstDay, beforeDay) (all days without bounds), their stripes added up. */
export function daysAddedUp(firstDay?: string, beforeDay?: string) {
  let query = q
    .selectFrom("rollup_days")
    .select((eb) => [
      "day", "line", eb.fn.sum<number>("orders").as("orders"), eb.fn.sum<number>("syncOrders").as("syncOrders"), eb.fn.sum<string>("gmvFen").as("gmvFen"),
      eb.fn.sum<string>("baseFen").as("baseFen"), eb.fn.sum<string>("memberFen").as("memberFen"),
    ])
    .groupBy(["day", "line"]);
  if (firstDay) query = query.where("day", ">=", firstDay);
  if (beforeDay) query = query.where("day", "<", beforeDay);
  return query;
}

const dayKey = (p: OrderPlace) => beijingDay(p.occurredAt) + (p.businessLine ?? UNKNOWN_LINE);

function* countOrder(f: OrderFacts, sign: 1 | -1): Work<void> {
  yield* tally("rollup_days", dayKey(f), [sign, f.source === "sync" ? sign : 0, sign * f.gmvFen, sign * f.baseFen, 0], flushDays);
}

/** An order appeared (`before` null), or its numbers, day or line changed. */
export function* orderChanged(before: OrderFacts | null, after: OrderFacts): Work<void> {
  if (before) yield* countOrder(before, -1);
  yield* countOrder(after, 1);
}

/** The order's money changed (its day, line and source did not). */
export function* orderMoneyChanged(place: OrderPlace, gmvDeltaFen: number, baseDeltaFen: number): Work<void> {
  if (gmvDeltaFen === 0 && baseDeltaFen === 0) return;
  yield* tally("rollup_days", dayKey(place), [0, 0, gmvDeltaFen, baseDeltaFen, 0], flushDays);
}

/** What a commission row counts: its amount unless it is void. */
export const countedFen = (row: { status: string; amountFen: number }) => (row.status === "void" ? 0 : row.amountFen);

/** The amount a commission row of the order counts for its beneficiary moved by `deltaFen`. */
export function* commissionCounted(place: OrderPlace, beneficiaryId: string, deltaFen: number): Work<void> {
  if (deltaFen === 0) return;
  yield* tally("rollup_days", dayKey(place), [0, 0, 0, 0, deltaFen], flushDays);
  const day = beijingDay(place.occurredAt);
  yield* tally("rollup_member_days", day + beneficiaryId, [deltaFen], flushMemberDays);
  if (mayBeClosed(day)) yield* tally("rollup_member_changes", day, [1], flushMemberChanges);
}
