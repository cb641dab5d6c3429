// What a money action does to members, for its confirmation: each member's net rows on a set of orders, before
// and after (the action runs in a transaction that a preview rolls back).
import { sql } from "kysely";
import { exec, q, type Work } from "../db/query";
import { fenToYuan } from "../money";

type Totals = Map<string, { username: string | null; fen: number }>;

/** Each member's counted rows (not void) on these orders (Meituan order ids), by member. */
export function* memberMoneyOn(orderIds: string[]): Work<Totals> {
  const out: Totals = new Map();
  const ids = [...new Set(orderIds)];
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const rows = yield* exec(
      q.selectFrom("commissions as c")
        .innerJoin("orders as o", "o.id", "c.orderRef")
        .leftJoin("users as u", "u.id", "c.beneficiaryId")
        .select(["c.beneficiaryId", "u.username", sql<number>`SUM(c."amountFen")`.as("total")])
        .where("o.platform", "=", "union").where("o.orderId", "in", chunk).where("c.status", "<>", "void")
        .groupBy(["c.beneficiaryId", "u.username"]),
    );
    for (const r of rows) {
      const prev = out.get(r.beneficiaryId)?.fen ?? 0;
      // PostgreSQL's SUM of integers is a bigint, which arrives as text.
      out.set(r.beneficiaryId, { username: r.username, fen: prev + Number(r.total) });
    }
  }
  return out;
}

/** The change per member (largest first), and in total. */
export function moneyChange(before: Totals, after: Totals, limit = 50) {
  const members = [...new Set([...before.keys(), ...after.keys()])]
    .map((id) => ({ memberId: id, username: after.get(id)?.username ?? before.get(id)?.username ?? null, fen: (after.get(id)?.fen ?? 0) - (before.get(id)?.fen ?? 0) }))
    .filter((m) => m.fen !== 0)
    .sort((a, b) => Math.abs(b.fen) - Math.abs(a.fen));
  return {
    total: fenToYuan(members.reduce((t, m) => t + m.fen, 0)),
    memberCount: members.length,
    members: members.slice(0, limit).map((m) => ({ memberId: m.memberId, username: m.username, change: fenToYuan(m.fen) })),
  };
}
