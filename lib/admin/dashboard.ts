// The operator's overview: orders, GMV, our commission, members' commission and margin per Beijing day, a split
// by business line, and push health. Aggregated in the database on the (occurredAt) index.
import type { DashboardRange } from "../contracts/enums";
import { sql, type Expression, type ExpressionBuilder } from "kysely";
import { rawDb } from "../db";
import { dialect, exec, first, q, type DB, type Dialect } from "../db/query";
import { callbackSecrets } from "../meituan/secrets";
import { fenToYuan } from "../money";
import { beijingDay, beijingDayStart } from "../time";
import { lastSuccessfulSync } from "../reconcile/admin";
import { BUSINESS_LINE_LABEL } from "../labels";

const DAYS: Record<DashboardRange, number> = { today: 1, "7d": 7, "30d": 30 };

/**
 * The UTC hour of a stored time column, the cheapest bucket each database can compute per row (SQLite stores
 * ISO text, so it is a prefix, not a date parse). Beijing is UTC+8 all year, so hours fold into Beijing days
 * exactly; that happens in JS on a few hundred rows instead of a date conversion on every order.
 */
const hourOf = (d: Dialect, time: Expression<Date>) =>
  (d === "pg" ? sql<Date | string>`date_trunc('hour', ${time})` : sql<Date | string>`substr(${time}, 1, 13)`).as("hour");
const dayOfHour = (hour: Date | string) => beijingDay(hour instanceof Date ? hour : new Date(`${hour}:00:00Z`));

/** The rows the dashboard adds up: orders and members' commission per hour since `from`, and push health. */
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
  const { orderRows, memberRows, health: h } = await rawDb().run(() => dashboardRows(from, new Date(now.getTime() - 3600_000)));
  const perDay = new Map(days.map((d) => [d, { orders: 0, gmv: 0, commission: 0, memberCommission: 0, gap: 0 }]));
  const perLine = new Map<number | null, { orders: number; gmv: number; commission: number }>();
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
      lastPushAt: h?.lastPushAt ? new Date(h.lastPushAt).toISOString() : null,
      pushesLastHour: Number(h?.lastHour ?? 0),
      signFailuresLastHour: Number(h?.signFailures ?? 0),
      failedWaiting: Number(h?.failed ?? 0),
      secretConfigured: callbackSecrets().length > 0,
    },
    sync: { lastSuccessAt: (await lastSuccessfulSync())?.toISOString() ?? null, pushGapByDay: [...perDay.entries()].filter(([, d]) => d.gap > 0).map(([day, d]) => ({ day, orders: d.gap })) },
  };
}
