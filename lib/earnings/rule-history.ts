// The versions of the commission rules, newest first, each with who saved it, when, and which of its values differ
// from the version before it. The saver is the rule's own createdById (every save also writes an audit row with
// the same actor); version 1 is the migrations' seed and has none.
import { z } from "zod";
import { rawDb } from "../db";
import { exec, q } from "../db/query";
import { afterKey, decodeKey, pageOf, type KeysetOrder } from "../api/cursor";
import { cursorParam, limitParam } from "../contracts/common";
import { ruleDto, ruleFromRow, type Rule } from "./rules";

export const RuleHistoryQuery = z.object({ cursor: cursorParam, limit: limitParam(20, 50) });

const NEWEST: KeysetOrder<"r.version"> = { column: "r.version", id: "r.version", direction: "desc" };

/**
 * What `rule` changed against `before`: "level:<n>" for a default rate, "override:<business line>" for an override
 * added, removed or changed, "holdDays", "minWithdrawal".
 */
export function ruleChanges(rule: Rule, before: Rule): string[] {
  const changed: string[] = [];
  const rates = (r: Rule) => new Map(r.levels.map((l) => [l.level, l.rateBps]));
  const [now, was] = [rates(rule), rates(before)];
  for (const level of [...new Set([...now.keys(), ...was.keys()])].sort()) if ((now.get(level) ?? 0) !== (was.get(level) ?? 0)) changed.push(`level:${level}`);
  const overrides = (r: Rule) => new Map(r.overrides.map((o) => [o.businessLine, JSON.stringify(o.levels.filter((l) => l.rateBps > 0))]));
  const [on, ow] = [overrides(rule), overrides(before)];
  for (const line of [...new Set([...on.keys(), ...ow.keys()])].sort((a, b) => a - b)) if (on.get(line) !== ow.get(line)) changed.push(`override:${line}`);
  if (rule.holdDays !== before.holdDays) changed.push("holdDays");
  if (rule.minWithdrawalFen !== before.minWithdrawalFen) changed.push("minWithdrawal");
  return changed;
}

export async function ruleHistory(page: z.infer<typeof RuleHistoryQuery>) {
  const after = page.cursor ? decodeKey(page.cursor) : null;
  const base = q
    .selectFrom("commission_rules as r")
    .leftJoin("users as u", "u.id", "r.createdById")
    .select(["r.version", "r.levels", "r.overrides", "r.holdDays", "r.minWithdrawalFen", "r.createdAt", "u.name", "u.username"]);
  // One row past the page says there is more, and one more is the version the page's last one is compared with.
  const rows = await rawDb().rows(afterKey(base, NEWEST, after).limit(page.limit + 2));
  const { rows: items, nextCursor } = pageOf(rows.slice(0, page.limit + 1), page.limit, NEWEST);
  return {
    items: items.map((row, i) => {
      const rule = ruleFromRow(row);
      const before = rows[i + 1];
      return {
        ...ruleDto(rule),
        createdAt: row.createdAt.toISOString(),
        actor: row.username ? { name: row.name || row.username } : null,
        changes: before ? ruleChanges(rule, ruleFromRow(before)) : [],
        initial: !before,
      };
    }),
    nextCursor,
  };
}
