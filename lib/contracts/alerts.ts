// Operator alerts as the console shows them: the thresholds, the incidents (open first, then the latest resolved),
// and how the off-site deliveries stand; and the thresholds an admin saves.
import { z } from "zod";
import { Instant } from "./common";
import { AlertKindSchema } from "./enums";

export const AlertThresholds = z.object({
  signatureFailures: z.number().int(),
  failedPushes: z.number().int(),
  silenceHours: z.number().int(),
  withdrawalsWaiting: z.number().int(),
  jobFailures: z.number().int(),
});

export const Incident = z.object({
  id: z.number().int(),
  kind: AlertKindSchema,
  title: z.string(),
  body: z.string(),
  openValue: z.number().int(),
  lastValue: z.number().int(),
  openedAt: Instant,
  resolvedAt: Instant.nullable(),
});
export type Incident = z.infer<typeof Incident>;

export const AlertsOverview = z.object({
  thresholds: AlertThresholds,
  open: z.array(Incident),
  recent: z.array(Incident),
  deliveries: z.object({ pending: z.number().int(), sent: z.number().int(), failed: z.number().int(), dropped: z.number().int() }),
});
export type AlertsOverview = z.infer<typeof AlertsOverview>;

const positive = (what: string, max: number) => z.number({ error: `${what}必须是整数` }).int(`${what}必须是整数`).min(1, `${what}至少为 1`).max(max, `${what}最多为 ${max}`);

export const AlertThresholdsBody = z
  .object({
    signatureFailures: positive("签名失败次数", 100_000),
    failedPushes: positive("失败推送数", 100_000),
    silenceHours: positive("无回推小时数", 72),
    withdrawalsWaiting: positive("待审核提现数", 100_000),
    jobFailures: positive("连续失败次数", 100),
  })
  .strict();
