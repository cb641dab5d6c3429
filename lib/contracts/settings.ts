// The commission rules (levels' rates, per-business-line overrides, hold days, minimum withdrawal) and the preview of
// draft rules, as the API returns them.
import { z } from "zod";
import { Instant, page, Yuan } from "./common";
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

/** A saved version of the rules: who saved it and when, and what it changed against the version before it. */
export const RuleVersion = CommissionSettings.extend({
  createdAt: Instant,
  /** The admin who saved it; null for the rules the system started with. */
  actor: z.object({ name: z.string() }).nullable(),
  /** "level:<n>", "override:<business line>", "holdDays", "minWithdrawal": the values this version changed. */
  changes: z.array(z.string()),
  /** The first version: nothing before it to compare with. */
  initial: z.boolean(),
});
export type RuleVersion = z.infer<typeof RuleVersion>;
export const RuleVersionPage = page(RuleVersion);

export const CommissionPreview = z.object({
  base: Yuan,
  /** "order": the base of the order named; "amounts": from the amounts given. */
  baseSource: z.enum(["order", "amounts"]),
  businessLine: z.number().int().nullable(),
  levels: z.array(z.object({ level: LevelSchema, rateBps: z.number().int(), amount: Yuan })),
  total: Yuan,
});
export type CommissionPreview = z.infer<typeof CommissionPreview>;
