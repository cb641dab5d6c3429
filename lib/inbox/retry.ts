// The background retry: failed inbox rows are processed again until they succeed. Processing is idempotent
// (order_events' unique key), so a row retried twice, or by two instances, changes nothing the second time.
import { q } from "../db/query";
import type { RawDb } from "../db/sql";
import { log } from "../log";
import { reprocessStored, type StoredPush } from "./store";

const MAX_ATTEMPTS = 50;

export async function retryFailedPushes(raw: RawDb, limit = 100): Promise<StoredPush[]> {
  const rows = await raw.rows(
    q.selectFrom("inbox_pushes").select("id").where("outcome", "=", "failed").where("attempts", "<", MAX_ATTEMPTS).orderBy("attempts").orderBy("id").limit(limit),
  );
  const results: StoredPush[] = [];
  for (const row of rows) {
    // One row that cannot even be retried must not hold up the others.
    try {
      const result = await raw.transaction(() => reprocessStored(row.id, true));
      if (result) results.push(result);
    } catch (e) {
      log.warn("inbox retry: row could not be retried", { pushId: row.id, error: e instanceof Error ? e.message : String(e) });
    }
  }
  return results;
}
