// The admin dashboard as the API returns it: totals and days from each order's stored base, the previous period of
// the same length and the change against it, the top promoters, push health, sync; and the range it is asked for.
import { z } from "zod";
import { Day, Instant, Yuan } from "./common";
import { DASHBOARD_RANGES, DashboardRangeSchema } from "./enums";

const Change = z.number().nullable();

export const Dashboard = z.object({
  range: DashboardRangeSchema,
  from: Instant,
  to: Instant,
  totals: z.object({ orders: z.number().int(), gmv: Yuan, commission: Yuan, memberCommission: Yuan, margin: Yuan }),
  previous: z.object({ from: Instant, to: Instant, orders: z.number().int(), gmv: Yuan, commission: Yuan, memberCommission: Yuan, margin: Yuan }),
  /** Percent against the previous period, one decimal (12.5 = +12.5%); null when the previous period had 0. */
  change: z.object({ orders: Change, gmv: Change, commission: Change, memberCommission: Change, margin: Change }),
  /** By their commission on the period's orders, at most 10; a member by name and masked phone, never an id shown. */
  topPromoters: z.array(z.object({ id: z.string(), name: z.string().nullable(), maskedUsername: z.string(), orders: z.number().int(), gmv: Yuan, commission: Yuan })),
  daily: z.array(z.object({ day: Day, orders: z.number().int(), gmv: Yuan, commission: Yuan, memberCommission: Yuan, margin: Yuan })),
  byBusinessLine: z.array(z.object({ businessLine: z.number().int().nullable(), label: z.string(), orders: z.number().int(), gmv: Yuan, commission: Yuan })),
  pushHealth: z.object({
    lastPushAt: Instant.nullable(),
    pushesLastHour: z.number().int(),
    signFailuresLastHour: z.number().int(),
    failedWaiting: z.number().int(),
    secretConfigured: z.boolean(),
  }),
  sync: z.object({ lastSuccessAt: Instant.nullable(), pushGapByDay: z.array(z.object({ day: Day, orders: z.number().int() })) }),
});
export type Dashboard = z.infer<typeof Dashboard>;

export const DashboardQuery = z.object({ range: z.enum(DASHBOARD_RANGES, { error: "范围只能是 today、7d 或 30d" }).default("7d") });
