// Commission rules, stored as versions. Rows snapshot the version they were made under.
import { z } from "zod";
import { sql, type Selectable } from "kysely";
import { exec, first, prepare, q, type DB, type Work } from "../db/query";
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

export function ruleFromRow(row: Pick<Selectable<DB["commission_rules"]>, "version" | "levels" | "overrides" | "holdDays" | "minWithdrawalFen">): Rule {
  return {
    version: row.version,
    levels: JSON.parse(row.levels),
    overrides: JSON.parse(row.overrides),
    holdDays: row.holdDays,
    minWithdrawalFen: row.minWithdrawalFen,
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

const selectCurrentRule = prepare<object>()(() =>
  q.selectFrom("commission_rules").select(["version", "levels", "overrides", "holdDays", "minWithdrawalFen"]).orderBy("version", "desc").limit(sql.lit(1)),
);

export function* currentRule(): Work<Rule> {
  const row = yield* first(selectCurrentRule({}));
  if (!row) throw new Error("no commission rule: the migrations seed version 1");
  return ruleFromRow(row);
}

/** Saves the input as the next rule version; returns it. */
export function* saveRuleVersion(input: z.infer<typeof RuleInputSchema>, actorId: string, now = new Date()): Work<Rule> {
  const [{ next }] = yield* exec(q.selectFrom("commission_rules").select(sql<number>`CAST(COALESCE(MAX("version"), 0) + 1 AS INTEGER)`.as("next")));
  const version = Number(next);
  const sortLevels = (ls: { level: number; rateBps: number }[]) => [...ls].sort((a, b) => a.level - b.level);
  const levels = sortLevels(input.levels);
  const overrides = input.businessLineOverrides.map((o) => ({ businessLine: o.businessLine, levels: sortLevels(o.levels) }));
  const minWithdrawalFen = parseYuanToFen(input.minWithdrawal)!;
  yield* exec(
    q.insertInto("commission_rules").values({ version, levels: JSON.stringify(levels), overrides: JSON.stringify(overrides), holdDays: input.holdDays, minWithdrawalFen, createdById: actorId, createdAt: now }),
  );
  return { version, levels, overrides, holdDays: input.holdDays, minWithdrawalFen };
}
