// 可提现 per member (member_balances), kept like the dashboard's rollups: every commission row's move into, out of
// or within a balance status (each one is a commission_events row, so it is recorded where that row is written,
// lib/earnings/ledger.ts recordCommissionEvent), every withdrawal request and every rejection adds its delta, and
// the driver writes a transaction's deltas once, in member order, just before COMMIT (lib/db/query.ts tally).
// The admin's member list sorts and filters by it; what a page shows is still summed from the rows
// (availableBalanceFen). tests/integration/rollups.test.ts checks the two agree after random event sequences.
import { sql } from "kysely";
import { dialect, exec, q, tally, type Work } from "../db/query";

/** The rows 可提现 counts (earned and available, reserved or paid out by a withdrawal, and every 扣回). */
export const BALANCE_ROW_STATUSES = ["available", "reserved", "withdrawn", "clawback"];

/** What a commission row adds to its beneficiary's balance (nothing when it does not exist yet). */
const inBalanceFen = (row: { status: string | null; amountFen: number | null }) => (row.status !== null && BALANCE_ROW_STATUSES.includes(row.status) ? (row.amountFen ?? 0) : 0);

// Bounds the parameters of one statement when a transaction moved many members' balances (a settlement batch).
const ROWS_PER_STATEMENT = 1000;

function* flushBalances(sums: [string, number[]][]): Work<void> {
  for (let i = 0; i < sums.length; i += ROWS_PER_STATEMENT) {
    const values = sums.slice(i, i + ROWS_PER_STATEMENT).map(([memberId, [fen]]) => ({ memberId, balanceFen: String(fen) }));
    yield* exec(
      q.insertInto("member_balances").values(values).onConflict((oc) => oc.column("memberId").doUpdateSet({ balanceFen: sql`member_balances."balanceFen" + excluded."balanceFen"` })),
    );
  }
}

/** The member's balance moved by `deltaFen` (a withdrawal requested: negative; rejected: positive). */
export function* balanceMoved(memberId: string, deltaFen: number): Work<void> {
  if (deltaFen === 0) return;
  yield* tally("member_balances", memberId, [deltaFen], flushBalances);
}

/** A commission row of `memberId` went from `from` (null status: it is new) to `to`. */
export function* commissionRowMoved(memberId: string, from: { status: string | null; amountFen: number | null }, to: { status: string; amountFen: number }): Work<void> {
  yield* balanceMoved(memberId, inBalanceFen(to) - inBalanceFen(from));
}

/** A new member's row (every member has one: the member list walks their index to sort by balance). */
export function* openBalance(memberId: string): Work<void> {
  yield* exec(q.insertInto("member_balances").values({ memberId, balanceFen: "0" }));
}

/** Recomputes every member's balance from the rows, in one transaction (the caller's). */
export function* rebuildBalances(): Work<void> {
  if ((yield* dialect()) === "pg") yield* exec(sql`LOCK TABLE member_balances IN EXCLUSIVE MODE`);
  yield* exec(q.deleteFrom("member_balances"));
  const moves = q.selectFrom("commissions").select(["beneficiaryId as memberId", "amountFen as fen"]).where("status", "in", BALANCE_ROW_STATUSES)
    .unionAll(q.selectFrom("withdrawals").select((eb) => ["memberId", eb.neg(eb.ref("amountFen")).as("fen")]).where("status", "<>", "rejected"));
  const perMember = q.selectFrom(moves.as("rows")).select((eb) => ["rows.memberId", eb.fn.sum<string>("rows.fen").as("fen")]).groupBy("rows.memberId");
  yield* exec(
    q.insertInto("member_balances")
      .columns(["memberId", "balanceFen"])
      .expression(q.selectFrom("users").leftJoin(perMember.as("moves"), "moves.memberId", "users.id").select((eb) => ["users.id", eb.fn.coalesce("moves.fen", sql.lit("0")).as("balanceFen")])),
  );
}

/** Every member's stored balance that is not 0, and how many members have no row (tests compare them with the rows). */
export function* storedBalances(): Work<{ balances: Map<string, number>; membersWithoutRow: number }> {
  const rows = yield* exec(q.selectFrom("member_balances").select(["memberId", "balanceFen"]).orderBy("memberId"));
  const [missing] = yield* exec(
    q.selectFrom("users").select((eb) => eb.fn.countAll<number>().as("n")).where((eb) => eb.not(eb.exists(eb.selectFrom("member_balances as b").select("b.memberId").whereRef("b.memberId", "=", "users.id")))),
  );
  return { balances: new Map(rows.map((r) => [r.memberId, Number(r.balanceFen)] as const).filter(([, fen]) => fen !== 0)), membersWithoutRow: Number(missing.n) };
}
