// The background retry: failed inbox rows are processed again until they succeed. Processing is idempotent
// (order_events' unique key), so a row retried twice, or by two instances, changes nothing the second time.
import type { RawDb } from "../db/sql";
import { reprocessStored, type StoredPush } from "./store";

const MAX_ATTEMPTS = 50;

export async function retryFailedPushes(raw: RawDb, limit = 100): Promise<StoredPush[]> {
  const rows = await raw.query(
    `SELECT "id" FROM inbox_pushes WHERE "outcome" = 'failed' AND "attempts" < ? ORDER BY "id" LIMIT ?`,
    [MAX_ATTEMPTS, limit],
  );
  const results: StoredPush[] = [];
  for (const row of rows) {
    const result = await raw.transaction(() => reprocessStored(Number(row.id), raw.dialect, true));
    if (result) results.push(result);
  }
  return results;
}
