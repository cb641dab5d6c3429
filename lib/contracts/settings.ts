// The commission rules (levels' rates, per-business-line overrides, hold days, minimum withdrawal) and the preview of
// draft rules, as the API returns them, and the rules an admin saves or previews.
import { z } from "zod";
import { parseYuanToFen } from "../money";
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

// ---- requests ----------------------------------------------------------------------------------------------------

export const MAX_LEVELS = 3;

const LevelRates = z
  .array(
    z.object({
      level: z.number({ error: "层级必须是 0、1 或 2" }).int().min(0).max(MAX_LEVELS - 1, "最多 3 级（0、1、2）"),
      rateBps: z.number({ error: "比例必须是整数（基点）" }).int("比例必须是整数（基点）").min(0, "比例不能为负").max(10000, "比例不能超过 100%"),
    }),
  )
  .max(MAX_LEVELS, "最多 3 级")
  .refine((ls) => new Set(ls.map((l) => l.level)).size === ls.length, "层级不能重复")
  .refine((ls) => ls.reduce((s, l) => s + l.rateBps, 0) <= 10000, "各级比例之和不能超过 100%");

export const RuleInputSchema = z.object({
  levels: LevelRates,
  businessLineOverrides: z
    .array(z.object({ businessLine: z.number({ error: "业务线必须是整数" }).int().min(0).max(100000), levels: LevelRates }))
    .max(50)
    .refine((os) => new Set(os.map((o) => o.businessLine)).size === os.length, "同一业务线只能有一条覆盖规则")
    .default([]),
  holdDays: z.number({ error: "结算期必须是整数天" }).int("结算期必须是整数天").min(0, "结算期不能为负").max(365, "结算期最多 365 天"),
  minWithdrawal: z
    .string({ error: "请输入最低提现金额" })
    .refine((v) => {
      const fen = parseYuanToFen(v);
      return fen !== null && fen >= 1 && fen <= 100_000_000;
    }, "最低提现金额应在 ¥0.01 到 ¥1,000,000.00 之间"),
});
export type RuleInput = z.input<typeof RuleInputSchema>;

export const PreviewBody = z.object({
  rules: RuleInputSchema,
  orderId: z.string().trim().max(64).optional(),
  payAmount: z.string().max(20).optional(),
  ratio: z.string().max(20).optional(),
  base: z.string().max(20).optional(),
});
