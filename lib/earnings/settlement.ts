// Settlement: pending rows whose hold period has passed become available. Runs on a schedule in the app and
// on demand; a compare-and-set on the status makes a second run (or a second instance) change nothing.
import { sql } from "kysely";
import { changes, dialect, exec, first, q, type Work } from "../db/query";
import type { RawDb } from "../db/sql";
import { recordCommissionEvent } from "./ledger";
import { notify } from "../notify/outbox";

const BATCH = 500;

function* settleBatch(now: Date): Work<{ settled: number; more: boolean; busy: boolean }> {
  // One settlement at a time across all instances: PostgreSQL only (SQLite's single writer already is).
  if ((yield* dialect()) === "pg") {
    const lock = yield* first(q.selectNoFrom(sql<boolean>`pg_try_advisory_xact_lock(727072)`.as("ok")));
    if (!lock?.ok) return { settled: 0, more: false, busy: true };
  }
  const due = yield* exec(
    q.selectFrom("commissions").select(["id", "orderRef", "amountFen", "beneficiaryId"]).where("status", "=", "pending").where("availableAt", "<=", now).orderBy("availableAt").orderBy("id").limit(BATCH),
  );
  let settled = 0;
  // One notification per member per batch ("¥12.30 已可提现，5 笔"), keyed by its first row: a row settles once.
  const perMember = new Map<string, { firstId: number; amountFen: number; count: number }>();
  for (const row of due) {
    const changed = yield* changes(q.updateTable("commissions").set({ status: "available", updatedAt: now }).where("id", "=", row.id).where("status", "=", "pending"));
    if (!changed) continue;
    settled++;
    yield* recordCommissionEvent(row.id, row.orderRef, row.beneficiaryId, { status: "pending", amountFen: row.amountFen }, { status: "available", amountFen: row.amountFen }, "settled", now);
    const m = perMember.get(row.beneficiaryId) ?? { firstId: row.id, amountFen: 0, count: 0 };
    m.amountFen += row.amountFen;
    m.count++;
    perMember.set(row.beneficiaryId, m);
  }
  yield* notify(
    [...perMember].filter(([, m]) => m.amountFen > 0).map(([userId, m]) => ({ userId, kind: "commission_available" as const, dedupeKey: `settled:c${m.firstId}`, amountFen: m.amountFen, count: m.count })),
    now,
  );
  return { settled, more: due.length === BATCH, busy: false };
}

/** Settles everything due at `now`, in batches of 500 rows per transaction. Returns how many rows moved. */
export async function runSettlement(raw: RawDb, now = new Date()): Promise<number> {
  let total = 0;
  for (;;) {
    const { settled, more } = await raw.transaction(() => settleBatch(now));
    total += settled;
    if (!more) return total;
  }
}
