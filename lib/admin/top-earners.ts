// The members who earned the most on the orders placed since a day: closed days from rollup_member_days, the open
// day from the rows. Adding up every member's days of a month is the dashboard's dearest step (as many rollup rows
// as member-days: some 170,000 for 30 days at a million orders), and the closed days' totals change only when a
// late correction reaches one of them. So they are kept per range, with the range's fingerprint
// (rollup_member_changes, which every write of those days' member rows moves): while the fingerprint is the same,
// the kept totals are exactly what adding the rows up again would give, whichever instance wrote last.
import { exec, first, q, type Work } from "../db/query";
import { memberChangesBetween } from "../rollups/record";
import { beijingDay } from "../time";

export interface Earner {
  beneficiaryId: string;
  amount: number;
}

/** The closed days' totals of one range, and its members from the highest total down. */
interface ClosedTotals {
  changes: string;
  fen: Map<string, number>;
  best: [string, number][];
}

// A few ranges at a time (today's 7 and 30 days, and yesterday's until nobody asks for them); each is at most a
// map entry per member who earned in the range.
const KEPT_RANGES = 4;
const kept = new Map<string, ClosedTotals>();

const byAmountThenId = (a: [string, number], b: [string, number]) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/** By amount, then id; members whose rows add up to nothing are left out. */
const ranked = (totals: Map<string, number>, k: number): Earner[] =>
  [...totals.entries()]
    .filter(([, v]) => v !== 0)
    .sort(byAmountThenId)
    .slice(0, k)
    .map(([beneficiaryId, amount]) => ({ beneficiaryId, amount }));

function* fingerprint(firstDay: string, openDay: string) {
  return String((yield* first(memberChangesBetween(firstDay, openDay)))?.changes ?? 0);
}

/** Every member's total over the closed days [firstDay, openDay): kept while the days' fingerprint holds. */
function* closedTotals(firstDay: string, openDay: string): Work<ClosedTotals> {
  const key = `${firstDay}|${openDay}`;
  const before = yield* fingerprint(firstDay, openDay);
  const hit = kept.get(key);
  if (hit && hit.changes === before) return hit;
  const rows = yield* exec(
    q
      .selectFrom("rollup_member_days")
      .select((eb) => ["memberId", eb.fn.sum<number>("earnedFen").as("fen")])
      .where("day", ">=", firstDay)
      .where("day", "<", openDay)
      .groupBy("memberId"),
  );
  const fen = new Map(rows.map((r) => [r.memberId, Number(r.fen)]));
  const totals: ClosedTotals = { changes: before, fen, best: [...fen.entries()].sort(byAmountThenId) };
  // A write that committed while the rows were being added up may or may not be in them: use them this once.
  if ((yield* fingerprint(firstDay, openDay)) !== before) return totals;
  kept.delete(key);
  kept.set(key, totals);
  if (kept.size > KEPT_RANGES) kept.delete(kept.keys().next().value!);
  return totals;
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
  if (firstDay >= openDay) return ranked(openFen, k);
  const closed = yield* closedTotals(firstDay, openDay);
  // Whoever earned nothing today totals their closed days, so the k best of those are the only ones of them that
  // can be in the top k; one more for each member whose today is negative (they may fall out of it).
  const falling = [...openFen.values()].filter((v) => v < 0).length;
  const candidates = new Map(closed.best.slice(0, k + falling));
  for (const [id, fen] of openFen) candidates.set(id, (closed.fen.get(id) ?? 0) + fen);
  return ranked(candidates, k);
}
