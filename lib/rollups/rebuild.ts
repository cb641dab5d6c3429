// The rollups recomputed from the rows they add up (npm run rollups:rebuild, the end of seed:large, tests): a
// transaction per few days, so a big database is rebuilt without holding the writer for long. Each transaction
// replaces its days' rollup rows; writers that commit meanwhile are either seen by its aggregation or add their
// deltas after it (PostgreSQL: the rollup tables are locked first, so no delta lands between the two).
import { sql, type Expression } from "kysely";
import type { RawDb } from "../db/sql";
import { dialect, exec, q, timeOf, type Dialect, type Work } from "../db/query";
import { beijingDay, beijingDayEnd, beijingDayStart } from "../time";
import { daysAddedUp, UNKNOWN_LINE } from "./record";
import { rebuildBalances } from "./balances";

const DAYS_PER_TRANSACTION = 7;

/** The Beijing day of a stored time, in SQL (Beijing is UTC+8 all year). */
const dayOf = (d: Dialect, time: Expression<Date>) =>
  d === "pg" ? sql<string>`to_char(${time} + interval '8 hours', 'YYYY-MM-DD')` : sql<string>`substr(datetime(${time}, '+8 hours'), 1, 10)`;

/** Moves the fingerprint (rollup_member_changes) of every day in [lo, hi] that has member rows. */
const memberDaysChanged = (lo: string, hi: string) =>
  exec(
    q.insertInto("rollup_member_changes")
      .columns(["day", "stripe", "changes"])
      // An INSERT … SELECT … ON CONFLICT needs the WHERE for SQLite to parse it as an upsert.
      .expression(q.selectFrom("rollup_member_days").select(["day", sql.lit(0).as("stripe"), sql.lit(1).as("changes")]).distinct().where("day", ">=", lo).where("day", "<=", hi))
      .onConflict((oc) => oc.columns(["day", "stripe"]).doUpdateSet({ changes: sql`rollup_member_changes."changes" + 1` })),
  );

function* rebuildDays(firstDay: string, lastDay: string, edges: { before: boolean; after: boolean }): Work<void> {
  const d = yield* dialect();
  if (d === "pg") yield* exec(sql`LOCK TABLE rollup_days, rollup_member_days, rollup_member_changes IN EXCLUSIVE MODE`);
  const from = beijingDayStart(firstDay);
  const to = beijingDayEnd(lastDay);
  // The first and last chunks also drop rows of days no order has any more.
  const lo = edges.before ? "0000-00-00" : firstDay;
  const hi = edges.after ? "9999-99-99" : lastDay;
  // The member rows' fingerprint moves for every day whose rows are replaced (those it had, then those it has).
  yield* memberDaysChanged(lo, hi);
  for (const table of ["rollup_days", "rollup_member_days"] as const) yield* exec(q.deleteFrom(table).where("day", ">=", lo).where("day", "<=", hi));
  yield* exec(
    q.insertInto("rollup_days")
      .columns(["day", "line", "orders", "syncOrders", "gmvFen", "baseFen", "memberFen"])
      .expression(
        q.selectFrom("orders as o")
          .select((eb) => [
            dayOf(d, eb.ref("o.occurredAt")).as("day"),
            eb.fn.coalesce("o.businessLine", sql.lit(UNKNOWN_LINE)).as("line"),
            eb.fn.countAll<number>().as("orders"),
            eb.fn.sum<number>(eb.case().when("o.source", "=", sql.lit("sync")).then(sql.lit(1)).else(sql.lit(0)).end()).as("syncOrders"),
            eb.fn.sum<string>("o.gmvFen").as("gmvFen"),
            eb.fn.sum<string>("o.baseFen").as("baseFen"),
            sql.lit(0).as("memberFen"),
          ])
          .where("o.occurredAt", ">=", from)
          .where("o.occurredAt", "<", to)
          .groupBy([sql`1`, sql`2`]),
      ),
  );
  yield* exec(
    q.insertInto("rollup_days")
      .columns(["day", "line", "memberFen"])
      .expression(
        q.selectFrom("orders as o")
          .innerJoin("commissions as c", "c.orderRef", "o.id")
          .select((eb) => [dayOf(d, eb.ref("o.occurredAt")).as("day"), eb.fn.coalesce("o.businessLine", sql.lit(UNKNOWN_LINE)).as("line"), eb.fn.sum<string>("c.amountFen").as("memberFen")])
          .where("o.occurredAt", ">=", from)
          .where("o.occurredAt", "<", to)
          .where("c.status", "<>", "void")
          .groupBy([sql`1`, sql`2`]),
      )
      .onConflict((oc) => oc.columns(["day", "line", "stripe"]).doUpdateSet({ memberFen: sql`excluded."memberFen"` })),
  );
  yield* exec(
    q.insertInto("rollup_member_days")
      .columns(["day", "memberId", "earnedFen"])
      .expression(
        q.selectFrom("orders as o")
          .innerJoin("commissions as c", "c.orderRef", "o.id")
          .select((eb) => [dayOf(d, eb.ref("o.occurredAt")).as("day"), "c.beneficiaryId", eb.fn.sum<string>("c.amountFen").as("earnedFen")])
          .where("o.occurredAt", ">=", from)
          .where("o.occurredAt", "<", to)
          .where("c.status", "<>", "void")
          .groupBy([sql`1`, "c.beneficiaryId"]),
      ),
  );
  yield* memberDaysChanged(lo, hi);
}

function nextDay(day: string, n: number) {
  return beijingDay(new Date(beijingDayStart(day).getTime() + n * 86_400_000));
}

/** Recomputes every rollup row from the orders, commission and withdrawal rows; returns how many days it covered. */
export async function rebuildRollups(db: RawDb, onChunk?: (done: number, total: number) => void): Promise<{ days: number }> {
  await db.transaction(rebuildBalances);
  const span = await db.row(q.selectFrom("orders").select((eb) => [sql<Date | string | null>`MIN(${eb.ref("occurredAt")})`.as("lo"), sql<Date | string | null>`MAX(${eb.ref("occurredAt")})`.as("hi")]));
  const lo = timeOf(span?.lo);
  const hi = timeOf(span?.hi);
  if (!lo || !hi) {
    await db.transaction(function* () {
      yield* memberDaysChanged("0000-00-00", "9999-99-99");
      yield* exec(q.deleteFrom("rollup_days"));
      yield* exec(q.deleteFrom("rollup_member_days"));
    });
    return { days: 0 };
  }
  const firstDay = beijingDay(lo);
  const lastDay = beijingDay(hi);
  const total = Math.round((beijingDayStart(lastDay).getTime() - beijingDayStart(firstDay).getTime()) / 86_400_000) + 1;
  for (let done = 0; done < total; done += DAYS_PER_TRANSACTION) {
    const a = nextDay(firstDay, done);
    const b = nextDay(firstDay, Math.min(total, done + DAYS_PER_TRANSACTION) - 1);
    await db.transaction(() => rebuildDays(a, b, { before: done === 0, after: done + DAYS_PER_TRANSACTION >= total }));
    onChunk?.(Math.min(total, done + DAYS_PER_TRANSACTION), total);
  }
  return { days: total };
}

/** The rollup rows as stored, for comparing a rebuild with what the writes kept (tests). */
export function* rollupRows() {
  const days = yield* exec(daysAddedUp().orderBy("day").orderBy("line"));
  const members = yield* exec(q.selectFrom("rollup_member_days").selectAll().orderBy("day").orderBy("memberId"));
  return {
    days: days.map((r) => ({ ...r, orders: Number(r.orders), syncOrders: Number(r.syncOrders), gmvFen: Number(r.gmvFen), baseFen: Number(r.baseFen), memberFen: Number(r.memberFen) })).filter((r) => r.orders || r.syncOrders || r.gmvFen || r.baseFen || r.memberFen),
    members: members.map((r) => ({ ...r, earnedFen: Number(r.earnedFen) })).filter((r) => r.earnedFen),
  };
}
