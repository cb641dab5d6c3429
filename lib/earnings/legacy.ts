// Withdrawals made before requests reserved rows (marked legacy by the money_truth migration) get their rows,
// member by member, the first time that member's money moves (and for everyone at server start):
// - a paid one takes the rows already marked 已提现 (oldest first), then available rows for what they do not
//   cover (the old ledger marked whole rows only), splitting the last row;
// - a pending or approved one reserves available rows exactly as a new request does;
// - what no row covers any more (the old ledger recomputed rows a request had counted on) becomes a row of the
//   withdrawal at that amount plus a 扣回 row of the same amount, so the balance stays what it was and the
//   difference is explained by a row instead of by nothing.
import { one, type Dialect, type Work, type RawDb } from "../db/sql";
import { recordCommissionEvent } from "./ledger";
import { takeRow, type Candidate } from "./withdrawals";

function* rowsOf(memberId: string, status: "available" | "withdrawn", dialect: Dialect): Work<Candidate[]> {
  const rows = yield* one(
    `SELECT c."id", c."orderRef", c."level", c."amountFen", c."availableAt", o."orderId" FROM commissions c JOIN orders o ON o."id" = c."orderRef"
     WHERE c."beneficiaryId" = ? AND c."status" = ? AND c."withdrawalId" IS NULL AND c."amountFen" > 0 ORDER BY c."id"${dialect === "pg" ? " FOR UPDATE OF c" : ""}`,
    [memberId, status],
  );
  const time = (v: unknown) => (v ? new Date(v as string | Date).getTime() : 0);
  rows.sort((a, b) => time(a.availableAt) - time(b.availableAt) || Number(a.id) - Number(b.id));
  return rows.map((r) => ({ id: Number(r.id), orderRef: Number(r.orderRef), orderId: String(r.orderId), level: Number(r.level), amountFen: Number(r.amountFen) }));
}

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
  const [ref] = anchor
    ? [{ orderRef: anchor.orderRef, level: anchor.level }]
    : yield* one(`SELECT "orderRef", "level" FROM commissions WHERE "beneficiaryId" = ? ORDER BY "id" DESC LIMIT 1`, [memberId]);
  if (!ref) throw new Error(`legacy withdrawal ${withdrawalId}: member ${memberId} has no commission rows to explain ${shortFen} fen`);
  const orderRef = Number(ref.orderRef);
  const level = Number(ref.level);
  const [{ n }] = yield* one(`SELECT COUNT(*) AS "n" FROM commissions WHERE "orderRef" = ? AND "level" = ? AND "key" LIKE 'adjust:%'`, [orderRef, level]);
  const insert = `INSERT INTO commissions ("orderRef", "beneficiaryId", "level", "key", "baseFen", "rateBps", "amountFen", "ruleVersion", "status", "availableAt", "reason", "withdrawalId", "causeKind", "createdAt", "updatedAt")
     SELECT "orderRef", "beneficiaryId", "level", ?, "baseFen", "rateBps", ?, "ruleVersion", ?, ?, ?, ?, 'legacy', ?, ? FROM commissions WHERE "orderRef" = ? AND "level" = ? AND "key" = 'earning' RETURNING "id"`;
  const [paidRow] = yield* one(insert, [`legacy:${withdrawalId}`, shortFen, status, now, `legacy_paid:${withdrawalId}`, withdrawalId, now, now, orderRef, level]);
  const [claw] = yield* one(insert, [`adjust:${Number(n) + 1}`, -shortFen, "clawback", now, `legacy_shortfall:${withdrawalId}`, null, now, now, orderRef, level]);
  if (!paidRow || !claw) throw new Error(`legacy withdrawal ${withdrawalId}: no earning row at order ${orderRef} level ${level}`);
  yield* recordCommissionEvent(Number(paidRow.id), orderRef, { status: null, amountFen: null }, { status, amountFen: shortFen }, `legacy:w${withdrawalId}`, now);
  yield* recordCommissionEvent(Number(claw.id), orderRef, { status: null, amountFen: null }, { status: "clawback", amountFen: -shortFen }, `adjust:legacy`, now);
}

/** Attaches the member's legacy withdrawals to rows. Runs inside the caller's transaction, the member locked. */
export function* attachLegacyWithdrawals(memberId: string, dialect: Dialect, now = new Date()): Work<number> {
  const ws = yield* one(`SELECT "id", "status", "amountFen" FROM withdrawals WHERE "memberId" = ? AND "legacy" = ? ORDER BY "requestedAt", "id"`, [memberId, true]);
  if (!ws.length) return 0;
  const withdrawn = yield* rowsOf(memberId, "withdrawn", dialect);
  const available = yield* rowsOf(memberId, "available", dialect);
  // Paid ones first, in the order they were paid: the old ledger marked rows withdrawn in that order.
  const paid = ws.filter((w) => w.status === "paid");
  const open = ws.filter((w) => w.status === "pending" || w.status === "approved");
  for (const w of paid) {
    const id = Number(w.id);
    const last: { row?: Candidate } = {};
    let missing = yield* fill(withdrawn, Number(w.amountFen), id, "withdrawn", "withdrawn", now, last);
    missing = yield* fill(available, missing, id, "withdrawn", "available", now, last);
    if (missing > 0) yield* explainShortfall(memberId, id, missing, "withdrawn", last.row, now);
  }
  for (const w of open) {
    const id = Number(w.id);
    const last: { row?: Candidate } = {};
    const missing = yield* fill(available, Number(w.amountFen), id, "reserved", "available", now, last);
    if (missing > 0) yield* explainShortfall(memberId, id, missing, "reserved", last.row, now);
  }
  yield* one(`UPDATE withdrawals SET "legacy" = ? WHERE "memberId" = ? AND "legacy" = ?`, [false, memberId, true]);
  return ws.length;
}

/** At server start: every member who still has legacy withdrawals, one transaction each. */
export async function attachAllLegacyWithdrawals(raw: RawDb): Promise<number> {
  let members = 0;
  for (;;) {
    const batch = await raw.query(`SELECT DISTINCT "memberId" FROM withdrawals WHERE "legacy" = ? LIMIT 200`, [true]);
    if (!batch.length) return members;
    for (const m of batch) {
      const memberId = String(m.memberId);
      await raw.transaction(function* () {
        yield* one(`SELECT "id" FROM users WHERE "id" = ?${raw.dialect === "pg" ? " FOR UPDATE" : ""}`, [memberId]);
        return yield* attachLegacyWithdrawals(memberId, raw.dialect);
      });
      members++;
    }
  }
}
