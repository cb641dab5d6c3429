// The commission rules (levels' rates, per-business-line overrides, hold days, minimum withdrawal) and the preview of
// draft rules, as the API returns them.
import { z } from "zod";
import { Yuan } from "./common";
import { LevelSchema } from "./enums";

export const LevelRate = z.object({ level: LevelSchema, rateBps: z.number().int() });
export type LevelRate = z.infer<typeof LevelRate>;

export const CommissionSettings = z.object({
  version: z.number().int(),
  levels: z.array(LevelRate),
  businessLineOverrides: z.array(z.object({ businessLine: z.number().int(), levels: z.array(LevelRate) })),
  holdDays: z.number().int(),
  minWithdrawal: Yuan,
});
export type CommissionSettings = z.infer<typeof CommissionSettings>;

export const CommissionPreview = z.object({
  base: Yuan,
  /** "order": the base of the order named; "amounts": from the amounts given. */
  baseSource: z.enum(["order", "amounts"]),
  businessLine: z.number().int().nullable(),
  levels: z.array(z.object({ level: LevelSchema, rateBps: z.number().int(), amount: Yuan })),
  total: Yuan,
});
export type CommissionPreview = z.infer<typeof CommissionPreview>;
