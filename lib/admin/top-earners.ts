// The members who earned the most on the orders placed since a day: closed days from rollup_member_days, the open
// day from the rows. Adding up every member's days of a month is the dashboard's dearest step (a member earns on
// few days, so a month has as many rollup rows as member-days), so it starts from candidates instead: each day's
// DEPTH best earners. A member who is none of them earned at most the DEPTH-th best amount on each day, so when
// the K-th candidate's total is above the sum of those amounts, nobody else can be in the top K and the answer is
// exact; otherwise (flat data) every member's days are added up.
import { sql } from "kysely";
import { exec, q, type Work } from "../db/query";
import { beijingDay, beijingDayStart } from "../time";

const DEPTH = 20;

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
  const candidates = new Set<string>();
  // Every member of a day with fewer than DEPTH earners is a candidate: that day bounds nobody else.
  let complete = true;
  const depthOf = (amounts: number[]) => {
    if (amounts.length < DEPTH) return 0;
    complete = false;
    return Math.max(0, amounts[DEPTH - 1]);
  };
  let bound = depthOf([...openFen.values()].sort((a, b) => b - a));
  for (const v of [...openFen.entries()].sort((a, b) => b[1] - a[1]).slice(0, DEPTH)) candidates.add(v[0]);
  for (let day = firstDay; day < openDay; day = beijingDay(new Date(beijingDayStart(day).getTime() + 86_400_000))) {
    const best = yield* exec(
      q.selectFrom("rollup_member_days").select(["memberId", "earnedFen"]).where("day", "=", day).orderBy("earnedFen", "desc").limit(sql.lit(DEPTH)),
    );
    for (const b of best) candidates.add(b.memberId);
    bound += depthOf(best.map((b) => Number(b.earnedFen)));
  }
  const ids = [...candidates];
  const closed = ids.length ? yield* closedTotals(firstDay, openDay, ids) : new Map<string, number>();
  const totals = new Map(ids.map((id) => [id, (closed.get(id) ?? 0) + (openFen.get(id) ?? 0)]));
  const top = ranked(totals, k);
  if (complete || (top.length === k && top[k - 1].amount > bound)) return top;
  const all = yield* closedTotals(firstDay, openDay);
  for (const [id, fen] of openFen) all.set(id, (all.get(id) ?? 0) + fen);
  return ranked(all, k);
}
