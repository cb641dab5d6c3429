// The operator's overview: orders, GMV, our commission, members' commission and margin per Beijing day, each total
// against the previous period of the same length, the period's top promoters, a split by business line, and push
// health. Closed Beijing days come from the rollups (lib/rollups, kept with the rows they add up); the open day is
// aggregated from the rows on the (occurredAt) index.
import type { DashboardRange } from "../contracts/enums";
import { sql, type Expression, type ExpressionBuilder } from "kysely";
import { rawDb } from "../db";
import { dialect, exec, first, q, timeOf, type DB, type Dialect } from "../db/query";
import { callbackSecrets } from "../meituan/secrets";
import { maskUsername } from "../earnings/payout";
import { fenToYuan } from "../money";
import { beijingDay, beijingDayStart } from "../time";
import { lastSuccessfulSync } from "../reconcile/admin";
import { BUSINESS_LINE_LABEL } from "../labels";
import { daysAddedUp, UNKNOWN_LINE } from "../rollups/record";
import { topEarners } from "./top-earners";

const DAYS: Record<DashboardRange, number> = { today: 1, "7d": 7, "30d": 30 };

/**
 * The UTC hour of a stored time column, the cheapest bucket each database can compute per row (SQLite stores
 * ISO text, so it is a prefix, not a date parse). Beijing is UTC+8 all year, so hours fold into Beijing days
 * exactly; that happens in JS on a few hundred rows instead of a date conversion on every order.
 */
const hourOf = (d: Dialect, time: Expression<Date>) =>
  (d === "pg" ? sql<Date | string>`date_trunc('hour', ${time})` : sql<Date | string>`substr(${time}, 1, 13)`).as("hour");
const dayOfHour = (hour: Date | string) => beijingDay(hour instanceof Date ? hour : new Date(`${hour}:00:00Z`));

/** The rows the dashboard adds up live: orders and members' commission per hour since `from` (the open day), and push health. */
function* dashboardRows(from: Date, hourAgo: Date) {
  const d = yield* dialect();
  // Each order's money as orderMoneyBase stored it (a full refund or risk counts 0, a partial refund what remains);
  // member commission is every row that counts (not void), so it is a part of the same base, day by day.
  const orderRows = yield* exec(
    q
      .selectFrom("orders")
      .select((eb) => [
        hourOf(d, eb.ref("occurredAt")),
        "businessLine",
        eb.fn.countAll<number>().as("orders"),
        eb.fn.sum<number>("gmvFen").as("gmv"),
        eb.fn.sum<number>("baseFen").as("commission"),
        eb.fn.sum<number>(eb.case().when("source", "=", "sync").then(eb.lit(1)).else(eb.lit(0)).end()).as("gap"),
      ])
      .where("occurredAt", ">=", from)
      .groupBy(sql`1`)
      .groupBy("businessLine"),
  );
  const memberRows = yield* exec(
    q
      .selectFrom("orders as o")
      .innerJoin("commissions as c", "c.orderRef", "o.id")
      .select((eb) => [hourOf(d, eb.ref("o.occurredAt")), eb.fn.sum<number>("c.amountFen").as("amount")])
      .where("o.occurredAt", ">=", from)
      .where("c.status", "<>", "void")
      .groupBy(sql`1`),
  );
  const pushes = (eb: ExpressionBuilder<DB, never>) => eb.selectFrom("inbox_pushes");
  const health = yield* first(
    q.selectNoFrom((eb) => [
      // MAX of a time has no declared type: SQLite gives its text.
      pushes(eb).select((p) => sql<Date | string | null>`MAX(${p.ref("receivedAt")})`.as("at")).as("lastPushAt"),
      pushes(eb).select((p) => p.fn.countAll<number>().as("n")).where("receivedAt", ">=", hourAgo).as("lastHour"),
      pushes(eb).select((p) => p.fn.countAll<number>().as("n")).where("receivedAt", ">=", hourAgo).where("signatureValid", "=", false).as("signFailures"),
      pushes(eb).select((p) => p.fn.countAll<number>().as("n")).where("outcome", "=", "failed").as("failed"),
    ]),
  );
  return { orderRows, memberRows, health };
}

/** The rollup rows of the closed days in [firstDay, beforeDay). */
function* closedDays(firstDay: string, beforeDay: string) {
  const rows = yield* exec(daysAddedUp(firstDay, beforeDay));
  return rows.map((r) => ({ day: r.day, line: r.line === UNKNOWN_LINE ? null : r.line, orders: Number(r.orders), gap: Number(r.syncOrders), gmv: Number(r.gmvFen), commission: Number(r.baseFen), memberCommission: Number(r.memberFen) }));
}

/**
 * The previous period's totals: the orders placed in [from, to) — its whole days from the rollups, the part of
 * the day `to` falls in from the rows.
 */
function* previousTotals(from: Date, to: Date) {
  const lastDay = beijingDay(to);
  const live = yield* periodTotals(beijingDayStart(lastDay), to);
  for (const r of yield* closedDays(beijingDay(from), lastDay)) {
    live.orders += r.orders;
    live.gmv += r.gmv;
    live.commission += r.commission;
    live.memberCommission += r.memberCommission;
  }
  return { ...live, margin: live.commission - live.memberCommission };
}

/** Orders, GMV, our and members' commission of the orders placed in [from, to), from the rows. */
function* periodTotals(from: Date, to: Date) {
  const orders = yield* first(
    q
      .selectFrom("orders")
      .select((eb) => [eb.fn.countAll<number>().as("orders"), eb.fn.sum<number>("gmvFen").as("gmv"), eb.fn.sum<number>("baseFen").as("commission")])
      .where("occurredAt", ">=", from)
      .where("occurredAt", "<", to),
  );
  const members = yield* first(
    q
      .selectFrom("orders as o")
      .innerJoin("commissions as c", "c.orderRef", "o.id")
      .select((eb) => eb.fn.sum<number>("c.amountFen").as("amount"))
      .where("o.occurredAt", ">=", from)
      .where("o.occurredAt", "<", to)
      .where("c.status", "<>", "void"),
  );
  const commission = Number(orders?.commission ?? 0);
  const memberCommission = Number(members?.amount ?? 0);
  return { orders: Number(orders?.orders ?? 0), gmv: Number(orders?.gmv ?? 0), commission, memberCommission };
}

export const TOP_PROMOTERS = 10;

/**
 * The members who earned the most on the orders placed since `from` (every level: their own orders and their
 * team's), with the orders attributed to them and their GMV; ties go to the larger GMV. The closed days' earnings
 * come from the rollups, the open day's (from `today`) from the rows.
 */
function* topPromoters(from: Date, today: Date) {
  const earned = yield* topEarners(from, today, TOP_PROMOTERS);
  if (earned.length === 0) return [];
  const ids = earned.map((e) => e.beneficiaryId);
  const own = yield* exec(
    q
      .selectFrom("orders")
      .select((eb) => ["memberId", eb.fn.countAll<number>().as("orders"), eb.fn.sum<number>("gmvFen").as("gmv")])
      .where("memberId", "in", ids)
      .where("occurredAt", ">=", from)
      .groupBy("memberId"),
  );
  const people = yield* exec(q.selectFrom("users").select(["id", "name", "username"]).where("id", "in", ids));
  const ordersOf = new Map(own.map((o) => [o.memberId, o]));
  const personOf = new Map(people.map((p) => [p.id, p]));
  return earned
    .map((e) => {
      const o = ordersOf.get(e.beneficiaryId);
      const p = personOf.get(e.beneficiaryId);
      return { id: e.beneficiaryId, name: p?.name ?? null, maskedUsername: p ? maskUsername(p.username) : "", orders: Number(o?.orders ?? 0), gmvFen: Number(o?.gmv ?? 0), commissionFen: Number(e.amount) };
    })
    .sort((a, b) => b.commissionFen - a.commissionFen || b.gmvFen - a.gmvFen)
    .map(({ gmvFen, commissionFen, ...p }) => ({ ...p, gmv: fenToYuan(gmvFen), commission: fenToYuan(commissionFen) }));
}

/**
 * How much a figure moved against the previous period, in percent with one decimal (12.5 for +12.5%); null when
 * the previous period had nothing to compare with. A negative base (a loss) compares by its size.
 */
export function percentChange(current: number, previous: number): number | null {
  if (previous === 0) return null;
  return Math.round(((current - previous) / Math.abs(previous)) * 1000) / 10;
}

type Range = DashboardRange;
type Dashboard = Awaited<ReturnType<typeof computeDashboard>>;

// Requests for the same range while one is being computed share its result: it is computed from the rows when
// the first of them arrived, a few hundred milliseconds at most, and several operators opening the dashboard
// at once cost one aggregation instead of one each.
const inFlight = new Map<DashboardRange, Promise<Dashboard>>();

/** The dashboard as of now; `now` for a fixed moment (tests), which is never shared. */
export function dashboard(range: DashboardRange, now?: Date): Promise<Dashboard> {
  if (now) return computeDashboard(range, now);
  let pending = inFlight.get(range);
  if (!pending) {
    pending = computeDashboard(range, new Date()).finally(() => inFlight.delete(range));
    inFlight.set(range, pending);
  }
  return pending;
}

async function computeDashboard(range: DashboardRange, now: Date) {
  const days: string[] = [];
  for (let i = DAYS[range] - 1; i >= 0; i--) days.push(beijingDay(new Date(now.getTime() - i * 86_400_000)));
  const from = beijingDayStart(days[0]);
  // The previous period has the same length and ends at the same time of day: today so far against yesterday
  // up to this hour and minute, the last 7 days against the 7 before them.
  const span = DAYS[range] * 86_400_000;
  const previousFrom = new Date(from.getTime() - span);
  const previousTo = new Date(now.getTime() - span);
  const today = days[days.length - 1];
  const todayStart = beijingDayStart(today);
  const { orderRows, memberRows, closed, health: h, previous, promoters } = await rawDb().run(function* () {
    const rows = yield* dashboardRows(todayStart, new Date(now.getTime() - 3600_000));
    return { ...rows, closed: yield* closedDays(days[0], today), previous: yield* previousTotals(previousFrom, previousTo), promoters: yield* topPromoters(from, todayStart) };
  });
  const perDay = new Map(days.map((d) => [d, { orders: 0, gmv: 0, commission: 0, memberCommission: 0, gap: 0 }]));
  const perLine = new Map<number | null, { orders: number; gmv: number; commission: number }>();
  for (const r of closed) {
    const d = perDay.get(r.day)!;
    d.orders += r.orders;
    d.gmv += r.gmv;
    d.commission += r.commission;
    d.memberCommission += r.memberCommission;
    d.gap += r.gap;
    if (r.orders === 0) continue;
    const line = perLine.get(r.line) ?? { orders: 0, gmv: 0, commission: 0 };
    line.orders += r.orders;
    line.gmv += r.gmv;
    line.commission += r.commission;
    perLine.set(r.line, line);
  }
  for (const r of orderRows) {
    const d = perDay.get(dayOfHour(r.hour));
    if (!d) continue;
    d.orders += Number(r.orders);
    d.gmv += Number(r.gmv);
    d.commission += Number(r.commission);
    d.gap += Number(r.gap);
    const key = r.businessLine;
    const line = perLine.get(key) ?? { orders: 0, gmv: 0, commission: 0 };
    line.orders += Number(r.orders);
    line.gmv += Number(r.gmv);
    line.commission += Number(r.commission);
    perLine.set(key, line);
  }
  for (const r of memberRows) {
    const d = perDay.get(dayOfHour(r.hour));
    if (d) d.memberCommission += Number(r.amount);
  }
  const totals = [...perDay.values()].reduce(
    (t, d) => ({ orders: t.orders + d.orders, gmv: t.gmv + d.gmv, commission: t.commission + d.commission, memberCommission: t.memberCommission + d.memberCommission }),
    { orders: 0, gmv: 0, commission: 0, memberCommission: 0 },
  );
  return {
    range,
    from: from.toISOString(),
    to: now.toISOString(),
    totals: {
      orders: totals.orders,
      gmv: fenToYuan(totals.gmv),
      commission: fenToYuan(totals.commission),
      memberCommission: fenToYuan(totals.memberCommission),
      margin: fenToYuan(totals.commission - totals.memberCommission),
    },
    previous: {
      from: previousFrom.toISOString(),
      to: previousTo.toISOString(),
      orders: previous.orders,
      gmv: fenToYuan(previous.gmv),
      commission: fenToYuan(previous.commission),
      memberCommission: fenToYuan(previous.memberCommission),
      margin: fenToYuan(previous.margin),
    },
    change: {
      orders: percentChange(totals.orders, previous.orders),
      gmv: percentChange(totals.gmv, previous.gmv),
      commission: percentChange(totals.commission, previous.commission),
      memberCommission: percentChange(totals.memberCommission, previous.memberCommission),
      margin: percentChange(totals.commission - totals.memberCommission, previous.margin),
    },
    topPromoters: promoters,
    daily: [...perDay.entries()].map(([day, d]) => ({
      day,
      orders: d.orders,
      gmv: fenToYuan(d.gmv),
      commission: fenToYuan(d.commission),
      memberCommission: fenToYuan(d.memberCommission),
      margin: fenToYuan(d.commission - d.memberCommission),
    })),
    byBusinessLine: [...perLine.entries()]
      .sort((a, b) => b[1].orders - a[1].orders)
      .map(([businessLine, l]) => ({
        businessLine,
        label: businessLine === null ? "未知" : (BUSINESS_LINE_LABEL[businessLine] ?? `未知（${businessLine}）`),
        orders: l.orders,
        gmv: fenToYuan(l.gmv),
        commission: fenToYuan(l.commission),
      })),
    pushHealth: {
      lastPushAt: timeOf(h?.lastPushAt)?.toISOString() ?? null,
      pushesLastHour: Number(h?.lastHour ?? 0),
      signFailuresLastHour: Number(h?.signFailures ?? 0),
      failedWaiting: Number(h?.failed ?? 0),
      secretConfigured: callbackSecrets().length > 0,
    },
    sync: { lastSuccessAt: (await lastSuccessfulSync())?.toISOString() ?? null, pushGapByDay: [...perDay.entries()].filter(([, d]) => d.gap > 0).map(([day, d]) => ({ day, orders: d.gap })) },
  };
}
