// What a money action does to members, for its confirmation: each member's net rows on a set of orders, before
// and after (the action runs in a transaction that a preview rolls back).
import { one, type Work } from "../db/sql";
import { fenToYuan } from "../money";

type Totals = Map<string, { username: string | null; fen: number }>;

/** Each member's counted rows (not void) on these orders (Meituan order ids), by member. */
export function* memberMoneyOn(orderIds: string[]): Work<Totals> {
  const out: Totals = new Map();
  const ids = [...new Set(orderIds)];
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const rows = yield* one(
      `SELECT c."beneficiaryId", u."username", SUM(c."amountFen") AS "total" FROM commissions c JOIN orders o ON o."id" = c."orderRef" LEFT JOIN users u ON u."id" = c."beneficiaryId"
       WHERE o."platform" = 'union' AND o."orderId" IN (${chunk.map(() => "?").join(", ")}) AND c."status" <> 'void' GROUP BY c."beneficiaryId", u."username"`,
      chunk,
    );
    for (const r of rows) {
      const prev = out.get(String(r.beneficiaryId))?.fen ?? 0;
      out.set(String(r.beneficiaryId), { username: (r.username as string | null) ?? null, fen: prev + Number(r.total) });
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
