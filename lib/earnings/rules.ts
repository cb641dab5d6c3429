// Commission rules, stored as versions. Rows snapshot the version they were made under.
import { z } from "zod";
import { one, type Work } from "../db/sql";
import { fenToYuan, parseYuanToFen } from "../money";

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

export interface Rule {
  version: number;
  levels: { level: number; rateBps: number }[];
  overrides: { businessLine: number; levels: { level: number; rateBps: number }[] }[];
  holdDays: number;
  minWithdrawalFen: number;
}

export function ruleFromRow(row: Record<string, unknown>): Rule {
  return {
    version: Number(row.version),
    levels: JSON.parse(String(row.levels)),
    overrides: JSON.parse(String(row.overrides)),
    holdDays: Number(row.holdDays),
    minWithdrawalFen: Number(row.minWithdrawalFen),
  };
}

export function ruleDto(rule: Rule) {
  return {
    version: rule.version,
    levels: rule.levels,
    businessLineOverrides: rule.overrides,
    holdDays: rule.holdDays,
    minWithdrawal: fenToYuan(rule.minWithdrawalFen),
  };
}

/** The rate of each level for an order of this business line. */
export function ratesFor(rule: Rule, businessLine: number | null): Map<number, number> {
  const override = businessLine === null ? undefined : rule.overrides.find((o) => o.businessLine === businessLine);
  return new Map((override?.levels ?? rule.levels).map((l) => [l.level, l.rateBps]));
}

export function* currentRule(): Work<Rule> {
  const [row] = yield* one(`SELECT * FROM commission_rules ORDER BY "version" DESC LIMIT 1`);
  return ruleFromRow(row);
}

/** Saves the input as the next rule version; returns it. */
export function* saveRuleVersion(input: z.infer<typeof RuleInputSchema>, actorId: string, now = new Date()): Work<Rule> {
  const [{ version }] = yield* one(`SELECT COALESCE(MAX("version"), 0) + 1 AS "version" FROM commission_rules`);
  const sortLevels = (ls: { level: number; rateBps: number }[]) => [...ls].sort((a, b) => a.level - b.level);
  const levels = sortLevels(input.levels);
  const overrides = input.businessLineOverrides.map((o) => ({ businessLine: o.businessLine, levels: sortLevels(o.levels) }));
  const minWithdrawalFen = parseYuanToFen(input.minWithdrawal)!;
  yield* one(
    `INSERT INTO commission_rules ("version", "levels", "overrides", "holdDays", "minWithdrawalFen", "createdById", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?)`,
    [Number(version), JSON.stringify(levels), JSON.stringify(overrides), input.holdDays, minWithdrawalFen, actorId, now],
  );
  return { version: Number(version), levels, overrides, holdDays: input.holdDays, minWithdrawalFen };
}
