// Settlement: pending rows whose hold period has passed become available. Runs on a schedule in the app and
// on demand; a compare-and-set on the status makes a second run (or a second instance) change nothing.
import type { RawDb, Work } from "../db/sql";
import { one } from "../db/sql";
import { recordCommissionEvent } from "./ledger";

const BATCH = 500;

function* settleBatch(now: Date, dialect: RawDb["dialect"]): Work<{ settled: number; more: boolean; busy: boolean }> {
  if (dialect === "pg") {
    // One settlement at a time across all instances.
    const [lock] = yield* one(`SELECT pg_try_advisory_xact_lock(727072) AS "ok"`);
    if (!lock.ok) return { settled: 0, more: false, busy: true };
  }
  const due = yield* one(
    `SELECT "id", "orderRef", "amountFen" FROM commissions WHERE "status" = 'pending' AND "availableAt" <= ? ORDER BY "availableAt", "id" LIMIT ?`,
    [now, BATCH],
  );
  let settled = 0;
  for (const row of due) {
    const changed = yield* one(`UPDATE commissions SET "status" = 'available', "updatedAt" = ? WHERE "id" = ? AND "status" = 'pending' RETURNING "id"`, [now, row.id]);
    if (!changed.length) continue;
    settled++;
    const amountFen = Number(row.amountFen);
    yield* recordCommissionEvent(Number(row.id), Number(row.orderRef), { status: "pending", amountFen }, { status: "available", amountFen }, "settled", now);
  }
  return { settled, more: due.length === BATCH, busy: false };
}

/** Settles everything due at `now`, in batches of 500 rows per transaction. Returns how many rows moved. */
export async function runSettlement(raw: RawDb, now = new Date()): Promise<number> {
  let total = 0;
  for (;;) {
    const { settled, more } = await raw.transaction(() => settleBatch(now, raw.dialect));
    total += settled;
    if (!more) return total;
  }
}
