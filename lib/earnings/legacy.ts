// Withdrawals made before requests reserved rows (marked legacy by the money_truth migration) get their rows,
// member by member, the first time that member's money moves (and for everyone at server start):
// - a paid one takes the rows already marked 已提现 (oldest first), then available rows for what they do not
//   cover (the old ledger marked whole rows only), splitting the last row;
// - a pending or approved one reserves available rows exactly as a new request does;
// - what no row covers any more (the old ledger recomputed rows a request had counted on) becomes a row of the
//   withdrawal at that amount plus a 扣回 row of the same amount, so the balance stays what it was and the
//   difference is explained by a row instead of by nothing.
import { sql } from "kysely";
import { exec, first, q, type Work } from "../db/query";
import type { RawDb } from "../db/sql";
import { recordCommissionEvent } from "./ledger";
import { candidateRows, lockMember, takeRow, type Candidate } from "./withdrawals";

/** Takes up to `amountFen` from `pool` (consumed in place) into the withdrawal; returns what is still missing. */
function* fill(pool: Candidate[], amountFen: number, withdrawalId: number, status: "reserved" | "withdrawn", from: "available" | "withdrawn", now: Date, last: { row?: Candidate }): Work<number> {
  let remaining = amountFen;
  while (remaining > 0 && pool.length) {
    const row = pool[0];
    const take = Math.min(row.amountFen, remaining);
    yield* takeRow(row, take, withdrawalId, status, from, now);
    last.row = row;
    remaining -= take;
    if (take === row.amountFen) pool.shift();
    else row.amountFen -= take;
  }
  return remaining;
}

/** A row of the withdrawal for what nothing covers, and the 扣回 that keeps the balance where it was. */
function* explainShortfall(memberId: string, withdrawalId: number, shortFen: number, status: "reserved" | "withdrawn", anchor: Candidate | undefined, now: Date): Work<void> {
  const ref = anchor ?? (yield* first(q.selectFrom("commissions").select(["orderRef", "level"]).where("beneficiaryId", "=", memberId).orderBy("id", "desc").limit(1)));
  if (!ref) throw new Error(`legacy withdrawal ${withdrawalId}: member ${memberId} has no commission rows to explain ${shortFen} fen`);
  const { orderRef, level } = ref;
  const [{ n }] = yield* exec(
    q.selectFrom("commissions").select(sql<number>`COUNT(*)`.as("n")).where("orderRef", "=", orderRef).where("level", "=", level).where("key", "like", "adjust:%"),
  );
  // A copy of the earning row's rate and base, with its own key, amount, status and reason.
  const insert = (key: string, amountFen: number, rowStatus: string, reason: string, ofWithdrawal: number | null) =>
    first(
      q.insertInto("commissions")
        .columns(["orderRef", "beneficiaryId", "level", "key", "baseFen", "rateBps", "amountFen", "ruleVersion", "status", "availableAt", "reason", "withdrawalId", "causeKind", "createdAt", "updatedAt"])
        .expression((eb) =>
          eb.selectFrom("commissions")
            .select((s) => [
              "orderRef", "beneficiaryId", "level", s.val(key).as("key"), "baseFen", "rateBps", s.val(amountFen).as("amountFen"), "ruleVersion", s.val(rowStatus).as("status"),
              s.val(now).as("availableAt"), s.val(reason).as("reason"), s.val(ofWithdrawal).as("withdrawalId"), s.val("legacy").as("causeKind"), s.val(now).as("createdAt"), s.val(now).as("updatedAt"),
            ])
            .where("orderRef", "=", orderRef).where("level", "=", level).where("key", "=", "earning"),
        )
        .returning("id"),
    );
  const paidRow = yield* insert(`legacy:${withdrawalId}`, shortFen, status, `legacy_paid:${withdrawalId}`, withdrawalId);
  const claw = yield* insert(`adjust:${Number(n) + 1}`, -shortFen, "clawback", `legacy_shortfall:${withdrawalId}`, null);
  if (!paidRow || !claw) throw new Error(`legacy withdrawal ${withdrawalId}: no earning row at order ${orderRef} level ${level}`);
  yield* recordCommissionEvent(paidRow.id, orderRef, memberId, { status: null, amountFen: null }, { status, amountFen: shortFen }, `legacy:w${withdrawalId}`, now);
  yield* recordCommissionEvent(claw.id, orderRef, memberId, { status: null, amountFen: null }, { status: "clawback", amountFen: -shortFen }, `adjust:legacy`, now);
}

/** Attaches the member's legacy withdrawals to rows. Runs inside the caller's transaction, the member locked. */
export function* attachLegacyWithdrawals(memberId: string, now = new Date()): Work<number> {
  const ws = yield* exec(
    q.selectFrom("withdrawals").select(["id", "status", "amountFen"]).where("memberId", "=", memberId).where("legacy", "=", true).orderBy("requestedAt").orderBy("id"),
  );
  if (!ws.length) return 0;
  const withdrawn = yield* candidateRows(memberId, "withdrawn", true);
  const available = yield* candidateRows(memberId, "available", true);
  // Paid ones first, in the order they were paid: the old ledger marked rows withdrawn in that order.
  const paid = ws.filter((w) => w.status === "paid");
  const open = ws.filter((w) => w.status === "pending" || w.status === "approved");
  for (const w of paid) {
    const id = w.id;
    const last: { row?: Candidate } = {};
    let missing = yield* fill(withdrawn, w.amountFen, id, "withdrawn", "withdrawn", now, last);
    missing = yield* fill(available, missing, id, "withdrawn", "available", now, last);
    if (missing > 0) yield* explainShortfall(memberId, id, missing, "withdrawn", last.row, now);
  }
  for (const w of open) {
    const id = w.id;
    const last: { row?: Candidate } = {};
    const missing = yield* fill(available, w.amountFen, id, "reserved", "available", now, last);
    if (missing > 0) yield* explainShortfall(memberId, id, missing, "reserved", last.row, now);
  }
  yield* exec(q.updateTable("withdrawals").set({ legacy: false }).where("memberId", "=", memberId).where("legacy", "=", true));
  return ws.length;
}

/** At server start: every member who still has legacy withdrawals, one transaction each. */
export async function attachAllLegacyWithdrawals(raw: RawDb): Promise<number> {
  let members = 0;
  for (;;) {
    const batch = await raw.rows(q.selectFrom("withdrawals").select("memberId").distinct().where("legacy", "=", true).limit(200));
    if (!batch.length) return members;
    for (const { memberId } of batch) {
      await raw.transaction(function* () {
        yield* lockMember(memberId);
        return yield* attachLegacyWithdrawals(memberId);
      });
      members++;
    }
  }
}
