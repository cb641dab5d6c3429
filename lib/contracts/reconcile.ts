// Reconciliation (对账) runs as the API returns them, and the range an admin asks to reconcile.
import { z } from "zod";
import { beijingDayEnd, beijingDayStart } from "../time";
import { dayParam, Instant } from "./common";
import { SyncStatusSchema, SyncTriggerSchema } from "./enums";

export const SyncRun = z.object({
  id: z.number().int(),
  /** `to` is exclusive (the start of the next Beijing day, or the time the run was asked for). */
  from: Instant,
  to: Instant,
  byUpdateTime: z.boolean(),
  status: SyncStatusSchema,
  trigger: SyncTriggerSchema,
  windowsDone: z.number().int(),
  windowsTotal: z.number().int(),
  /** Orders Meituan returned. */
  seen: z.number().int(),
  /** Orders no push had brought (补单, the push gap). */
  created: z.number().int(),
  statusChanged: z.number().int(),
  moneyChanged: z.number().int(),
  error: z.string().nullable(),
  startedAt: Instant,
  finishedAt: Instant.nullable(),
  heartbeatAt: Instant,
});
export type SyncRun = z.infer<typeof SyncRun>;

export const SyncRuns = z.object({ configured: z.boolean(), items: z.array(SyncRun) });
export type SyncRuns = z.infer<typeof SyncRuns>;

export const SyncStarted = z.object({ started: z.boolean(), from: Instant, to: Instant });
export type SyncStarted = z.infer<typeof SyncStarted>;

export const SyncBody = z
  .object({ from: dayParam("开始日期"), to: dayParam("结束日期"), byUpdateTime: z.boolean().optional() })
  .refine((r) => r.from <= r.to, { message: "开始日期不能晚于结束日期", path: ["to"] })
  .refine((r) => beijingDayEnd(r.to).getTime() - beijingDayStart(r.from).getTime() <= 92 * 86_400_000, { message: "一次最多对账 92 天（美团只提供近 3 个月的订单）", path: ["from"] });
