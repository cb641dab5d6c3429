// The inbox: every callback request is stored raw first, then processed in the same transaction under a
// savepoint, so a processing error leaves a stored, failed row for the retry instead of losing the push.
import { performance } from "node:perf_hooks";
import { one, type Dialect, type Work } from "../db/sql";
import { normalizePush, readPushBody, type UnionPush } from "../meituan/push";
import { toCompactJson, type RawJson } from "../meituan/raw-json";
import { applyUnionState, type ApplyOutcome } from "../orders/apply";

export type PushOutcome = ApplyOutcome | "rejected" | "failed";

export interface InboxEntry {
  receivedAt: Date;
  remoteAddr: string | null;
  contentType: string | null;
  body: Buffer;
  bodyTruncated: boolean;
  signatureValid: boolean;
  signVariant: string | null;
  orderId: string | null;
  /** Why the request is refused (bad sign, unreadable body …); null when it is to be processed. */
  rejection: string | null;
  push: UnionPush | null;
  params: Record<string, RawJson> | null;
}

export interface StoredPush {
  pushId: number;
  outcome: PushOutcome;
  error: string | null;
}

const INBOX_INSERT = `INSERT INTO inbox_pushes ("receivedAt", "remoteAddr", "contentType", "body", "bodyTruncated", "signatureValid",
  "signVariant", "orderId", "outcome", "error", "attempts") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0) RETURNING "id"`;
// Processing a push again that already took effect finds its event recorded: the row keeps what it did the
// first time instead of becoming a "duplicate" of itself.
const INBOX_DONE = `UPDATE inbox_pushes SET "outcome" = CASE WHEN ? = 'duplicate' AND "outcome" IN ('applied', 'ignored') THEN "outcome" ELSE ? END,
  "error" = ?, "processedAt" = ?, "processingMs" = ?, "attempts" = "attempts" + 1 WHERE "id" = ?`;

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e)).slice(0, 1000);

/** Processes a stored, validly signed push under a savepoint; records the outcome on its inbox row. */
export function* processStored(
  pushId: number,
  push: UnionPush,
  rawPayload: string,
  receivedAt: Date,
  dialect: Dialect,
  /** When this processing started: the receipt for a new push (queue wait included), now for a reprocess. */
  startedAt: Date = receivedAt,
  /** Without isolation a processing error aborts the caller's transaction instead of becoming a failed row. */
  isolate = true,
): Work<StoredPush> {
  const apply = () => applyUnionState(push, { dialect, platform: "union", source: "push", pushId, rawPayload, at: new Date() });
  let outcome: PushOutcome;
  let error: string | null = null;
  if (!isolate) outcome = yield* apply();
  else {
    yield* one("SAVEPOINT process_push");
    try {
      outcome = yield* apply();
      yield* one("RELEASE process_push");
    } catch (e) {
      yield* one("ROLLBACK TO process_push");
      yield* one("RELEASE process_push");
      outcome = "failed";
      error = errorText(e);
    }
  }
  const now = new Date();
  yield* one(INBOX_DONE, [outcome, outcome, error, now, Math.max(0, now.getTime() - startedAt.getTime()), pushId]);
  return { pushId, outcome, error };
}

function* storeEntry(entry: InboxEntry, dialect: Dialect, isolate: boolean): Work<StoredPush> {
  const [row] = yield* one(INBOX_INSERT, [
    entry.receivedAt, entry.remoteAddr, entry.contentType, entry.body, entry.bodyTruncated, entry.signatureValid,
    entry.signVariant, entry.orderId, entry.push ? "received" : "rejected", entry.rejection,
  ]);
  const pushId = Number(row.id);
  if (!entry.push || !entry.params) return { pushId, outcome: "rejected", error: entry.rejection };
  return yield* processStored(pushId, entry.push, toCompactJson(entry.params), entry.receivedAt, dialect, entry.receivedAt, isolate);
}

/** Thrown by a batch written without savepoints when one of its entries failed: write it again, isolated. */
export class BatchNeedsIsolation extends Error {
  constructor(readonly cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

/**
 * Stores and processes a batch of entries in one transaction (group commit: one fsync for many pushes).
 * Entries are handled in order of orderid so that concurrent batches lock orders in the same order.
 *
 * `isolate`: each entry under savepoints, so an entry that cannot be stored gets an Error in its place and one
 * whose processing fails is stored as a failed row, the others unaffected. Without it (the fast path: four
 * statements fewer per push) the first error aborts the batch with BatchNeedsIsolation, and the caller rolls
 * back and writes the batch again isolated.
 */
export function* storeBatch(entries: InboxEntry[], dialect: Dialect, isolate = true): Work<(StoredPush | Error)[]> {
  const order = entries.map((_, i) => i).sort((a, b) => (entries[a].orderId ?? "").localeCompare(entries[b].orderId ?? "") || a - b);
  const results: (StoredPush | Error)[] = new Array(entries.length);
  for (const i of order) {
    if (!isolate) {
      try {
        results[i] = yield* storeEntry(entries[i], dialect, false);
      } catch (e) {
        throw new BatchNeedsIsolation(e);
      }
      continue;
    }
    yield* one("SAVEPOINT store_push");
    try {
      results[i] = yield* storeEntry(entries[i], dialect, true);
      yield* one("RELEASE store_push");
    } catch (e) {
      yield* one("ROLLBACK TO store_push");
      yield* one("RELEASE store_push");
      results[i] = e instanceof Error ? e : new Error(String(e));
    }
  }
  return results;
}

/** Re-reads a stored push and processes it again: the background retry and the admin's reprocess. */
export function* reprocessStored(pushId: number, dialect: Dialect, onlyIfFailed = false): Work<StoredPush | null> {
  const lock = dialect === "pg" ? " FOR UPDATE SKIP LOCKED" : "";
  const [row] = yield* one(
    `SELECT "id", "body", "contentType", "signatureValid", "receivedAt", "outcome" FROM inbox_pushes WHERE "id" = ?${lock}`,
    [pushId],
  );
  if (!row || (onlyIfFailed && row.outcome !== "failed") || !(row.signatureValid === true || Number(row.signatureValid) === 1)) return null;
  const body = Buffer.from(row.body as Uint8Array).toString("utf8");
  const read = readPushBody((row.contentType as string | null) ?? null, body);
  const normalized = read.ok ? normalizePush(read.params) : null;
  if (!read.ok || !normalized?.ok) return null;
  const receivedAt = new Date(row.receivedAt as string | Date);
  return yield* processStored(pushId, normalized.push, toCompactJson(read.params), receivedAt, dialect, new Date());
}
