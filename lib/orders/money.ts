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

/** Per order id: every level's member and net share (rows not void), ordered by level. */
export async function levelSharesOf(orderRefs: number[], chunk = rawDb().dialect === "pg" ? 10_000 : 900): Promise<Map<number, LevelShare[]>> {
  const out = new Map<number, LevelShare[]>();
  for (let i = 0; i < orderRefs.length; i += chunk) {
    const ids = orderRefs.slice(i, i + chunk);
    const rows = await rawDb().query(
      `SELECT c."orderRef", c."level", c."beneficiaryId", u."username", SUM(c."amountFen") AS "amount"
       FROM commissions c LEFT JOIN users u ON u."id" = c."beneficiaryId"
       WHERE c."orderRef" IN (${ids.map(() => "?").join(", ")}) AND c."status" <> 'void'
       GROUP BY c."orderRef", c."level", c."beneficiaryId", u."username" ORDER BY c."orderRef", c."level"`,
      ids,
    );
    for (const r of rows) {
      const ref = Number(r.orderRef);
      const list = out.get(ref) ?? [];
      list.push({ level: Number(r.level), memberId: String(r.beneficiaryId), username: (r.username as string | null) ?? null, amountFen: Number(r.amount) });
      out.set(ref, list);
    }
  }
  return out;
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

/** Count and money totals of every order matching the admin filter (not only the page). */
export async function orderTotals(filter: Omit<AdminOrderFilter, "cursor" | "limit">) {
  const { sql, params } = filterSql(filter);
  const raw = rawDb();
  const [[orders], [members]] = await Promise.all([
    raw.query(`SELECT COUNT(*) AS "n", COALESCE(SUM("gmvFen"), 0) AS "gmv", COALESCE(SUM("baseFen"), 0) AS "base" FROM orders WHERE ${sql}`, params),
    raw.query(
      `SELECT COALESCE(SUM("amountFen"), 0) AS "total" FROM commissions WHERE "status" <> 'void' AND "orderRef" IN (SELECT "id" FROM orders WHERE ${sql})`,
      params,
    ),
  ]);
  const base = Number(orders.base);
  const member = Number(members.total);
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
