// Retention for refused requests. Anyone can POST to the callback, and every request is stored (its first
// 64 KiB), so the rows of requests refused without a valid sign (bad sign, unreadable, too large, no secret
// configured) are kept INBOX_REJECTED_RETENTION_DAYS for investigation and then deleted, a bounded batch per
// statement so that no delete holds the table for long. Validly signed pushes — whatever their outcome,
// including a signed push whose content was refused — are Meituan's records and are kept.
import { q } from "../db/query";
import type { RawDb } from "../db/sql";
import { acquireLease } from "../jobs/lock";

export const RETENTION_BATCH = 1_000;
/** Per run; whatever is left waits for the next run. */
export const RETENTION_MAX_BATCHES = 100;
const LEASE_SECONDS = 300;

export interface RetentionResult {
  deleted: number;
  /** True when the run stopped at its batch budget with rows still due. */
  more: boolean;
}

export async function purgeRejectedPushes(
  raw: RawDb,
  o: { days: number; now?: Date; batch?: number; maxBatches?: number },
): Promise<RetentionResult> {
  const cutoff = new Date((o.now ?? new Date()).getTime() - o.days * 86_400_000);
  const batch = o.batch ?? RETENTION_BATCH;
  const maxBatches = o.maxBatches ?? RETENTION_MAX_BATCHES;
  // Ids grow with arrival: the newest row before the cutoff bounds the (outcome, id) index range to walk, so a
  // run never scans the rows that are not due yet.
  const last = await raw.row(q.selectFrom("inbox_pushes").select("id").where("receivedAt", "<", cutoff).orderBy("receivedAt", "desc").limit(1));
  if (!last) return { deleted: 0, more: false };
  let deleted = 0;
  for (let i = 0; i < maxBatches; i++) {
    const rows = await raw.rows(
      q.deleteFrom("inbox_pushes")
        .where("id", "in", (eb) =>
          eb.selectFrom("inbox_pushes").select("id")
            .where("outcome", "=", "rejected").where("signatureValid", "=", false).where("id", "<=", last.id).where("receivedAt", "<", cutoff)
            .orderBy("id").limit(batch),
        )
        .returning("id"),
    );
    deleted += rows.length;
    if (rows.length < batch) return { deleted, more: false };
  }
  return { deleted, more: true };
}

/** The scheduled job: one instance at a time (a database lease); null when another instance holds it. */
export async function runInboxRetention(raw: RawDb, days: number): Promise<RetentionResult | null> {
  const lease = await acquireLease(raw, "inbox-retention", LEASE_SECONDS);
  if (!lease) return null;
  try {
    return await purgeRejectedPushes(raw, { days });
  } finally {
    await lease.release().catch(() => {});
  }
}
