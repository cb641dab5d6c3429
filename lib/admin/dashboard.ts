// The operator's overview: orders, GMV, our commission, members' commission and margin per Beijing day, a split
// by business line, and push health. Aggregated in the database on the (occurredAt) index.
import { z } from "zod";
import { currentDbConfig, rawDb } from "../db";
import { callbackSecrets } from "../meituan/secrets";
import { fenToYuan } from "../money";
import { beijingDay, beijingDayStart } from "../time";
import { lastSuccessfulSync } from "../reconcile/admin";
import { BUSINESS_LINE_LABEL } from "../labels";

export const DashboardQuery = z.object({ range: z.enum(["today", "7d", "30d"], { error: "范围只能是 today、7d 或 30d" }).default("7d") });

const DAYS = { today: 1, "7d": 7, "30d": 30 } as const;

/**
 * The UTC hour of a stored time column, the cheapest bucket each database can compute per row (SQLite stores
 * ISO text, so it is a prefix, not a date parse). Beijing is UTC+8 all year, so hours fold into Beijing days
 * exactly; that happens in JS on a few hundred rows instead of a date conversion on every order.
 */
function hourOf(column: string) {
  return currentDbConfig().kind === "pg" ? `date_trunc('hour', ${column})` : `substr(${column}, 1, 13)`;
}
const dayOfHour = (hour: unknown) => beijingDay(hour instanceof Date ? hour : new Date(`${String(hour)}:00:00Z`));

type Range = z.infer<typeof DashboardQuery>["range"];
type Dashboard = Awaited<ReturnType<typeof computeDashboard>>;

// Requests for the same range while one is being computed share its result: it is computed from the rows when
// the first of them arrived, a few hundred milliseconds at most, and several operators opening the dashboard
// at once cost one aggregation instead of one each.
const inFlight = new Map<Range, Promise<Dashboard>>();

/** The dashboard as of now; `now` for a fixed moment (tests), which is never shared. */
export function dashboard(range: Range, now?: Date): Promise<Dashboard> {
  if (now) return computeDashboard(range, now);
  let pending = inFlight.get(range);
  if (!pending) {
    pending = computeDashboard(range, new Date()).finally(() => inFlight.delete(range));
    inFlight.set(range, pending);
  }
  return pending;
}

async function computeDashboard(range: Range, now: Date) {
  const raw = rawDb();
  const days: string[] = [];
  for (let i = DAYS[range] - 1; i >= 0; i--) days.push(beijingDay(new Date(now.getTime() - i * 86_400_000)));
  const from = beijingDayStart(days[0]);
  const hourAgo = new Date(now.getTime() - 3600_000);
  // Each order's money as orderMoneyBase stored it (a full refund or risk counts 0, a partial refund what remains);
  // member commission is every row that counts (not void), so it is a part of the same base, day by day.
  const [orderRows, memberRows, health] = await Promise.all([
    raw.query(
      `SELECT ${hourOf(`"occurredAt"`)} AS "hour", "businessLine", COUNT(*) AS "orders", SUM("gmvFen") AS "gmv", SUM("baseFen") AS "commission",
         SUM(CASE WHEN "source" = 'sync' THEN 1 ELSE 0 END) AS "gap"
       FROM orders WHERE "occurredAt" >= ? GROUP BY 1, 2`,
      [from],
    ),
    raw.query(
      `SELECT ${hourOf(`o."occurredAt"`)} AS "hour", SUM(c."amountFen") AS "amount"
       FROM orders o JOIN commissions c ON c."orderRef" = o."id"
       WHERE o."occurredAt" >= ? AND c."status" <> 'void' GROUP BY 1`,
      [from],
    ),
    raw.query(
      `SELECT (SELECT MAX("receivedAt") FROM inbox_pushes) AS "lastPushAt",
         (SELECT COUNT(*) FROM inbox_pushes WHERE "receivedAt" >= ?) AS "lastHour",
         (SELECT COUNT(*) FROM inbox_pushes WHERE "receivedAt" >= ? AND "signatureValid" = ?) AS "signFailures",
         (SELECT COUNT(*) FROM inbox_pushes WHERE "outcome" = 'failed') AS "failed"`,
      [hourAgo, hourAgo, false],
    ),
  ]);
  const perDay = new Map(days.map((d) => [d, { orders: 0, gmv: 0, commission: 0, memberCommission: 0, gap: 0 }]));
  const perLine = new Map<number | null, { orders: number; gmv: number; commission: number }>();
  for (const r of orderRows) {
    const d = perDay.get(dayOfHour(r.hour));
    if (!d) continue;
    d.orders += Number(r.orders);
    d.gmv += Number(r.gmv);
    d.commission += Number(r.commission);
    d.gap += Number(r.gap);
    const key = r.businessLine === null ? null : Number(r.businessLine);
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
  const h = health[0];
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
      lastPushAt: h.lastPushAt ? new Date(h.lastPushAt as string | Date).toISOString() : null,
      pushesLastHour: Number(h.lastHour),
      signFailuresLastHour: Number(h.signFailures),
      failedWaiting: Number(h.failed),
      secretConfigured: callbackSecrets().length > 0,
    },
    sync: { lastSuccessAt: (await lastSuccessfulSync())?.toISOString() ?? null, pushGapByDay: [...perDay.entries()].filter(([, d]) => d.gap > 0).map(([day, d]) => ({ day, orders: d.gap })) },
  };
}
