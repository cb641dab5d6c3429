// Commission rules, stored as versions. Rows snapshot the version they were made under.
import type { z } from "zod";
import type { RuleInputSchema } from "../contracts/settings";
import { LEVELS, storedCode, type Level } from "../contracts/enums";
import { sql, type Selectable } from "kysely";
import { exec, first, prepare, q, type DB, type Work } from "../db/query";
import { fenToYuan, parseYuanToFen } from "../money";


export interface Rule {
  version: number;
  levels: { level: Level; rateBps: number }[];
  overrides: { businessLine: number; levels: { level: Level; rateBps: number }[] }[];
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

type Rates = { level: number; rateBps: number }[];

/** The rate of each level for an order of this business line (a saved rule or a draft). */
export function ratesFor(rule: { levels: Rates; overrides: { businessLine: number; levels: Rates }[] }, businessLine: number | null): Map<number, number> {
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
  const sortLevels = (ls: { level: number; rateBps: number }[]) => [...ls].sort((a, b) => a.level - b.level).map((l) => ({ level: storedCode(LEVELS, l.level), rateBps: l.rateBps }));
  const levels = sortLevels(input.levels);
  const overrides = input.businessLineOverrides.map((o) => ({ businessLine: o.businessLine, levels: sortLevels(o.levels) }));
  const minWithdrawalFen = parseYuanToFen(input.minWithdrawal)!;
  yield* exec(
    q.insertInto("commission_rules").values({ version, levels: JSON.stringify(levels), overrides: JSON.stringify(overrides), holdDays: input.holdDays, minWithdrawalFen, createdById: actorId, createdAt: now }),
  );
  return { version, levels, overrides, holdDays: input.holdDays, minWithdrawalFen };
}
