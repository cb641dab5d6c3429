// The admin dashboard as the API returns it: totals and days from each order's stored base, push health, sync.
import { z } from "zod";
import { Day, Instant, Yuan } from "./common";
import { DashboardRangeSchema } from "./enums";

export const Dashboard = z.object({
  range: DashboardRangeSchema,
  from: Instant,
  to: Instant,
  totals: z.object({ orders: z.number().int(), gmv: Yuan, commission: Yuan, memberCommission: Yuan, margin: Yuan }),
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
