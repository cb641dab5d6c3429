// The members who earned the most on the orders placed since a day: closed days from rollup_member_days, the open
// day from the rows. Adding up every member's days of a month is the dashboard's dearest step (a member earns on
// few days, so a month has as many rollup rows as member-days), so it starts from candidates instead: each day's
// best earners, a depth of them. A member who is none of them earned at most the depth-th best amount on each day,
// so when the K-th candidate's total is above the sum of those amounts, nobody else can be in the top K and the
// answer is exact; otherwise it looks deeper, and at last (flat data) adds up every member's days.
import { sql } from "kysely";
import { exec, q, type Work } from "../db/query";
import { beijingDay, beijingDayStart } from "../time";

/** How deep into each day's earners to look, deeper while the bound does not decide. */
const DEPTHS = [50, 200, 800];
const IDS_PER_STATEMENT = 5000;

export interface Earner {
  beneficiaryId: string;
  amount: number;
}

/** By amount, then id; members whose rows add up to nothing are left out. */
const ranked = (totals: Map<string, number>, k: number): Earner[] =>
  [...totals.entries()]
    .filter(([, v]) => v !== 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, k)
    .map(([beneficiaryId, amount]) => ({ beneficiaryId, amount }));

function* closedTotals(firstDay: string, openDay: string, ids?: string[]) {
  let query = q
    .selectFrom("rollup_member_days")
    .select((eb) => ["memberId", eb.fn.sum<number>("earnedFen").as("fen")])
    .where("day", ">=", firstDay)
    .where("day", "<", openDay)
    .groupBy("memberId");
  if (ids) query = query.where("memberId", "in", ids);
  return new Map((yield* exec(query)).map((r) => [r.memberId, Number(r.fen)]));
}

/** The top `k` earners on the orders placed since the start of `from`'s day; `openStart`: the open day's start. */
export function* topEarners(from: Date, openStart: Date, k: number): Work<Earner[]> {
  const firstDay = beijingDay(from);
  const openDay = beijingDay(openStart);
  const open = yield* exec(
    q
      .selectFrom("orders as o")
      .innerJoin("commissions as c", "c.orderRef", "o.id")
      .select((eb) => ["c.beneficiaryId", eb.fn.sum<number>("c.amountFen").as("fen")])
      .where("o.occurredAt", ">=", openStart)
      .where("c.status", "<>", "void")
      .groupBy("c.beneficiaryId"),
  );
  const openFen = new Map(open.map((r) => [r.beneficiaryId, Number(r.fen)]));
  const openBest = [...openFen.entries()].sort((a, b) => b[1] - a[1]);
  const closedDays: string[] = [];
  for (let day = firstDay; day < openDay; day = beijingDay(new Date(beijingDayStart(day).getTime() + 86_400_000))) closedDays.push(day);
  const known = new Map<string, number>();
  for (const depth of DEPTHS) {
    const candidates = new Set<string>();
    // A day with fewer than `depth` earners has all of them among the candidates: it bounds nobody else.
    let complete = true;
    let bound = 0;
    const take = (best: [string, number][]) => {
      for (const [id] of best) candidates.add(id);
      if (best.length < depth) return;
      complete = false;
      bound += Math.max(0, best[depth - 1][1]);
    };
    take(openBest.slice(0, depth));
    // Every day's best in one statement (a round trip, not one per day, on PostgreSQL), each on its index.
    const bestOf = (day: string) =>
      q.selectFrom((db) => db.selectFrom("rollup_member_days").select(["day", "memberId", "earnedFen"]).where("day", "=", day).orderBy("earnedFen", "desc").limit(sql.lit(depth)).as("b")).selectAll();
    const best = closedDays.length ? yield* exec(closedDays.slice(1).reduce((u, day) => u.unionAll(bestOf(day)), bestOf(closedDays[0]))) : [];
    const perDay = new Map<string, [string, number][]>();
    for (const b of best) {
      const list = perDay.get(b.day) ?? [];
      list.push([b.memberId, Number(b.earnedFen)]);
      perDay.set(b.day, list);
    }
    for (const list of perDay.values()) take(list.sort((x, y) => y[1] - x[1]));
    const missing = [...candidates].filter((id) => !known.has(id));
    for (let i = 0; i < missing.length; i += IDS_PER_STATEMENT) {
      const ids = missing.slice(i, i + IDS_PER_STATEMENT);
      const sums = yield* closedTotals(firstDay, openDay, ids);
      for (const id of ids) known.set(id, sums.get(id) ?? 0);
    }
    const top = ranked(new Map([...candidates].map((id) => [id, known.get(id)! + (openFen.get(id) ?? 0)])), k);
    if (complete || (top.length === k && top[k - 1].amount > bound)) return top;
  }
  const all = yield* closedTotals(firstDay, openDay);
  for (const [id, fen] of openFen) all.set(id, (all.get(id) ?? 0) + fen);
  return ranked(all, k);
}
