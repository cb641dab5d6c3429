// Money per order for operators: 美团佣金 (the order's base as orderMoneyBase stored it, and where it came from),
// each level's member and share (the net of that level's rows), and 毛利; and the totals of a filter.
import { rawDb } from "../db";
import { fenToYuan } from "../money";
import { filterSql } from "./filter-sql";
import type { AdminOrderFilter } from "./queries";

export interface LevelShare {
  level: number;
  memberId: string;
  username: string | null;
  amountFen: number;
}

/**
 * Per order id: every level's member and net share (rows not void), ordered by level. The rows are summed here and
 * the usernames read once per distinct member (the CSV export calls this for every batch of thousands of orders).
 */
export async function levelSharesOf(orderRefs: number[], chunk = rawDb().dialect === "pg" ? 10_000 : 900): Promise<Map<number, LevelShare[]>> {
  const out = new Map<number, LevelShare[]>();
  const raw = rawDb();
  for (let i = 0; i < orderRefs.length; i += chunk) {
    const ids = orderRefs.slice(i, i + chunk);
    const rows = await raw.query(
      `SELECT "orderRef", "level", "beneficiaryId", "amountFen" FROM commissions WHERE "orderRef" IN (${ids.map(() => "?").join(", ")}) AND "status" <> 'void'`,
      ids,
    );
    for (const r of rows) {
      const ref = Number(r.orderRef);
      const list = out.get(ref) ?? [];
      const level = Number(r.level);
      const memberId = String(r.beneficiaryId);
      const share = list.find((s) => s.level === level && s.memberId === memberId);
      if (share) share.amountFen += Number(r.amountFen);
      else list.push({ level, memberId, username: null, amountFen: Number(r.amountFen) });
      out.set(ref, list);
    }
  }
  const memberIds = [...new Set([...out.values()].flatMap((l) => l.map((s) => s.memberId)))];
  const names = new Map<string, string>();
  for (let i = 0; i < memberIds.length; i += chunk) {
    const ids = memberIds.slice(i, i + chunk);
    for (const u of await raw.query(`SELECT "id", "username" FROM users WHERE "id" IN (${ids.map(() => "?").join(", ")})`, ids)) names.set(String(u.id), String(u.username));
  }
  for (const list of out.values()) {
    list.sort((a, b) => a.level - b.level);
    for (const s of list) s.username = names.get(s.memberId) ?? null;
  }
  return out;
}

/**
 * The level shares of each row of an orders query, as one column computed in the same statement ("level:member:
 * amount,…"; the CSV export reads hundreds of thousands of orders and a separate read per batch would double it).
 */
export const SHARES_COLUMN = (dialect: "sqlite" | "pg") =>
  `(SELECT ${dialect === "pg" ? "string_agg" : "group_concat"}(c."level" || ':' || c."beneficiaryId" || ':' || c."amountFen", ',') FROM commissions c
    WHERE c."orderRef" = orders."id" AND c."status" <> 'void') AS "shares"`;

/** SHARES_COLUMN's text as shares (usernames still to fill in). */
export function parseShares(text: unknown): LevelShare[] {
  const list: LevelShare[] = [];
  if (!text) return list;
  for (const part of String(text).split(",")) {
    const [levelText, memberId, amountText] = part.split(":");
    const level = Number(levelText);
    const share = list.find((s) => s.level === level && s.memberId === memberId);
    if (share) share.amountFen += Number(amountText);
    else list.push({ level, memberId, username: null, amountFen: Number(amountText) });
  }
  return list.sort((a, b) => a.level - b.level);
}

/** Usernames of these members, read once. */
export async function usernamesOf(memberIds: string[], chunk = 10_000): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const ids = [...new Set(memberIds)];
  for (let i = 0; i < ids.length; i += chunk) {
    const part = ids.slice(i, i + chunk);
    for (const u of await rawDb().query(`SELECT "id", "username" FROM users WHERE "id" IN (${part.map(() => "?").join(", ")})`, part)) names.set(String(u.id), String(u.username));
  }
  return names;
}

/** The money block of one order, as the list, the order page and the CSV show it. */
export function orderMoneyDto(o: { gmvFen: number; baseFen: number; baseSource: string; refundFen: number | null }, shares: LevelShare[]) {
  const memberFen = shares.reduce((t, s) => t + s.amountFen, 0);
  return {
    gmv: fenToYuan(o.gmvFen),
    refund: o.refundFen === null ? null : fenToYuan(o.refundFen),
    commission: fenToYuan(o.baseFen),
    commissionSource: o.baseSource,
    levels: shares.map((s) => ({ level: s.level, memberId: s.memberId, username: s.username, amount: fenToYuan(s.amountFen) })),
    memberCommission: fenToYuan(memberFen),
    margin: fenToYuan(o.baseFen - memberFen),
  };
}
export type OrderMoneyDto = ReturnType<typeof orderMoneyDto>;

type Totals = { count: number; gmv: string; commission: string; memberCommission: string; margin: string };
// Requests for the same filter while one is being computed share it (several operators, or one reloading).
const inFlight = new Map<string, Promise<Totals>>();

/** Count and money totals of every order matching the admin filter (not only the page), from the rows. */
export function orderTotals(filter: Omit<AdminOrderFilter, "cursor" | "limit">): Promise<Totals> {
  const key = JSON.stringify(filter);
  let pending = inFlight.get(key);
  if (!pending) {
    pending = computeTotals(filter).finally(() => inFlight.delete(key));
    inFlight.set(key, pending);
  }
  return pending;
}

async function computeTotals(filter: Omit<AdminOrderFilter, "cursor" | "limit">): Promise<Totals> {
  const { sql, params, empty } = filterSql(filter);
  const raw = rawDb();
  // Without a filter every row counts: one pass over a covering index, instead of a lookup per order.
  const members = empty
    ? raw.query(`SELECT COALESCE(SUM("amountFen"), 0) AS "total" FROM commissions WHERE "status" <> 'void'`)
    : raw.query(`SELECT COALESCE(SUM("amountFen"), 0) AS "total" FROM commissions WHERE "status" <> 'void' AND "orderRef" IN (SELECT "id" FROM orders WHERE ${sql})`, params);
  const [[orders], [m]] = await Promise.all([raw.query(`SELECT COUNT(*) AS "n", COALESCE(SUM("gmvFen"), 0) AS "gmv", COALESCE(SUM("baseFen"), 0) AS "base" FROM orders WHERE ${sql}`, params), members]);
  const base = Number(orders.base);
  const member = Number(m.total);
  return { count: Number(orders.n), gmv: fenToYuan(Number(orders.gmv)), commission: fenToYuan(base), memberCommission: fenToYuan(member), margin: fenToYuan(base - member) };
}

/** The order page's money block: the list's, plus what the base was computed from. */
export async function orderMoneyView(o: {
  id: number; payFen: number | null; ratio: string | null; commissionFen: number | null; commissionSource: string | null;
  gmvFen: number; baseFen: number; baseSource: string; refundFen: number | null;
}) {
  const shares = (await levelSharesOf([o.id])).get(o.id) ?? [];
  return {
    ...orderMoneyDto(o, shares),
    payAmount: o.payFen === null ? null : fenToYuan(o.payFen),
    ratio: o.ratio,
    meituanCommission: o.commissionFen === null ? null : fenToYuan(o.commissionFen),
    meituanCommissionSource: o.commissionSource,
  };
}
