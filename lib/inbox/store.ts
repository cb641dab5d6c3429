// The inbox: every callback request is stored raw first, then processed in the same transaction under a
// savepoint, so a processing error leaves a stored, failed row for the retry instead of losing the push.
import { sql } from "kysely";
import { afterCommit, dialect, exec, first, inParallel, prepare, q, type Work } from "../db/query";
import { wakeAdmins } from "../live/bus";
import { normalizePush, readPushBody, type UnionPush } from "../meituan/push";
import { toCompactJson, type RawJson } from "../meituan/raw-json";
import { applyUnionState, firstStates, type ApplyContext } from "../orders/apply";
import type { PushOutcome as StoredPushOutcome } from "../contracts/enums";

/** What processing a push did: every outcome but `received` (stored, not yet processed). */
export type PushOutcome = Exclude<StoredPushOutcome, "received">;

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

const insertInbox = prepare<{
  receivedAt: Date; remoteAddr: string | null; contentType: string | null; body: Buffer; bodyTruncated: boolean; signatureValid: boolean;
  signVariant: string | null; orderId: string | null; outcome: string; error: string | null;
}>()((p) =>
  q.insertInto("inbox_pushes")
    .values({
      receivedAt: p.receivedAt, remoteAddr: p.remoteAddr, contentType: p.contentType, body: p.body, bodyTruncated: p.bodyTruncated, signatureValid: p.signatureValid,
      signVariant: p.signVariant, orderId: p.orderId, outcome: p.outcome, error: p.error, attempts: sql.lit(0),
    })
    .returning("id"),
);

// Processing a push again that already took effect finds its event recorded: the row keeps what it did the
// first time instead of becoming a "duplicate" of itself.
const markDone = prepare<{ outcome: string; error: string | null; processedAt: Date; processingMs: number; id: number }>()((p) =>
  q.updateTable("inbox_pushes")
    .set((eb) => ({
      outcome: eb.case().when(eb.and([eb(eb.val(p.outcome), "=", sql.lit("duplicate")), eb("outcome", "in", [sql.lit("applied"), sql.lit("ignored")])])).then(eb.ref("outcome")).else(p.outcome).end(),
      error: p.error,
      processedAt: p.processedAt,
      processingMs: p.processingMs,
      attempts: eb("attempts", "+", eb.lit(1)),
    }))
    .where("id", "=", p.id),
);

const selectStored = prepare<{ id: number }>()((p) =>
  q.selectFrom("inbox_pushes").select(["id", "body", "contentType", "signatureValid", "receivedAt", "outcome"]).where("id", "=", p.id).forUpdate().skipLocked(),
);

// Savepoints have no builder: the same text on both databases.
const savepoint = (name: string) => ({ begin: sql.raw(`SAVEPOINT ${name}`), release: sql.raw(`RELEASE ${name}`), rollback: sql.raw(`ROLLBACK TO ${name}`) });
const PROCESS = savepoint("process_push");
const STORE = savepoint("store_push");

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e)).slice(0, 1000);

/** Processes a stored, validly signed push under a savepoint; records the outcome on its inbox row. */
export function* processStored(
  pushId: number,
  push: UnionPush,
  rawPayload: string,
  receivedAt: Date,
  /** When this processing started: the receipt for a new push (queue wait included), now for a reprocess. */
  startedAt: Date = receivedAt,
  /** Without isolation a processing error aborts the caller's transaction instead of becoming a failed row. */
  isolate = true,
): Work<StoredPush> {
  const apply = () => applyUnionState(push, { platform: "union", source: "push", pushId, rawPayload, at: new Date() });
  let outcome: PushOutcome;
  let error: string | null = null;
  if (!isolate) outcome = yield* apply();
  else {
    yield* exec(PROCESS.begin);
    try {
      outcome = yield* apply();
      yield* exec(PROCESS.release);
    } catch (e) {
      yield* exec(PROCESS.rollback);
      yield* exec(PROCESS.release);
      outcome = "failed";
      error = errorText(e);
    }
  }
  const now = new Date();
  yield* exec(markDone({ outcome, error, processedAt: now, processingMs: Math.max(0, now.getTime() - startedAt.getTime()), id: pushId }));
  return { pushId, outcome, error };
}

function* storeEntry(entry: InboxEntry, isolate: boolean): Work<StoredPush> {
  const [{ id: pushId }] = yield* exec(
    insertInbox({
      receivedAt: entry.receivedAt, remoteAddr: entry.remoteAddr, contentType: entry.contentType, body: entry.body, bodyTruncated: entry.bodyTruncated,
      signatureValid: entry.signatureValid, signVariant: entry.signVariant, orderId: entry.orderId, outcome: entry.push ? "received" : "rejected", error: entry.rejection,
    }),
  );
  if (!entry.push || !entry.params) return { pushId, outcome: "rejected", error: entry.rejection };
  return yield* processStored(pushId, entry.push, toCompactJson(entry.params), entry.receivedAt, entry.receivedAt, isolate);
}

const wakeConsole = () => wakeAdmins("pushes");

/** Thrown by a batch written without savepoints when one of its entries failed: write it again, isolated. */
export class BatchNeedsIsolation extends Error {
  constructor(readonly cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

/**
 * Stores and processes a batch of entries in one transaction (group commit: one fsync for many pushes).
 * Entries are handled in order of orderid so that concurrent batches lock orders in the same order (in the fast
 * path, each round of statements is sent in that order).
 *
 * `isolate`: each entry under savepoints, one after another, so an entry that cannot be stored gets an Error in
 * its place and one whose processing fails is stored as a failed row, the others unaffected. Without it (the fast
 * path: four statements fewer per push, and the orders side by side) the first error aborts the batch with
 * BatchNeedsIsolation, and the caller rolls back and writes the batch again isolated.
 */
export function* storeBatch(entries: InboxEntry[], isolate = true, firstStatesMin = FIRST_STATES_MIN): Work<(StoredPush | Error)[]> {
  const order = entries.map((_, i) => i).sort((a, b) => (entries[a].orderId ?? "").localeCompare(entries[b].orderId ?? "") || a - b);
  // The console's push health and badges follow every batch (coalesced: one wake for many batches).
  yield* afterCommit(wakeConsole);
  if (!isolate) {
    // Each order's pushes one after another, different orders side by side (one round trip per step on PostgreSQL).
    const groups: number[][] = [];
    for (const i of order) {
      const last = groups.at(-1);
      const orderId = entries[i].orderId;
      if (last && orderId !== null && entries[last[0]].orderId === orderId) last.push(i);
      else groups.push([i]);
    }
    try {
      // A batch of one is cheaper one by one: its two statements are compiled once for every push.
      const setBased = entries.length > 1 && (yield* dialect()) === "pg";
      const stored = setBased ? yield* storeSetBased(entries, groups, firstStatesMin) : yield* storeOneByOne(entries, groups);
      const results: StoredPush[] = new Array(entries.length);
      groups.forEach((g, k) => g.forEach((i, j) => (results[i] = stored[k][j])));
      return results;
    } catch (e) {
      throw new BatchNeedsIsolation(e);
    }
  }
  const results: (StoredPush | Error)[] = new Array(entries.length);
  for (const i of order) {
    yield* exec(STORE.begin);
    try {
      results[i] = yield* storeEntry(entries[i], true);
      yield* exec(STORE.release);
    } catch (e) {
      yield* exec(STORE.rollback);
      yield* exec(STORE.release);
      results[i] = e instanceof Error ? e : new Error(String(e));
    }
  }
  return results;
}

/** Each entry stored, then processed: SQLite (where a statement costs no round trip) and batches of one. */
function* storeOneByOne(entries: InboxEntry[], groups: number[][]): Work<StoredPush[][]> {
  return yield* inParallel(
    groups.map((g) =>
      function* () {
        const out: StoredPush[] = [];
        for (const i of g) out.push(yield* storeEntry(entries[i], false));
        return out;
      },
    ),
  );
}

// The ids of n new inbox rows, drawn from the table's own sequence: increasing, so sorted they follow the batch order.
const allocateInboxIds = (n: number) => sql<{ id: number }>`SELECT nextval(pg_get_serial_sequence('inbox_pushes', 'id'))::int AS id FROM generate_series(1, ${n}::int)`;

/** From how many orders a batch takes their first states together (orders/apply.ts firstStates). */
export const FIRST_STATES_MIN = 16;

/**
 * PostgreSQL: the batch's inbox rows in two statements instead of two per push — their ids drawn first, so that
 * processing can name them, and the rows written at the end with what processing did. Same transaction, so what
 * commits is what the one-by-one path commits: the raw push and its processing together.
 */
function* storeSetBased(entries: InboxEntry[], groups: number[][], firstStatesMin: number): Work<StoredPush[][]> {
  const inOrder = groups.flat();
  const row = (i: number, id: number | undefined, r: Pick<StoredPush, "outcome" | "error">, done: Date | null) => {
    const e = entries[i];
    return {
      ...(id === undefined ? {} : { id }), receivedAt: e.receivedAt, remoteAddr: e.remoteAddr, contentType: e.contentType, body: e.body, bodyTruncated: e.bodyTruncated,
      signatureValid: e.signatureValid, signVariant: e.signVariant, orderId: e.orderId, outcome: r.outcome, error: r.error, attempts: done ? 1 : 0, processedAt: done,
      processingMs: done ? Math.max(0, done.getTime() - e.receivedAt.getTime()) : null,
    };
  };
  if (entries.every((e) => !e.push || !e.params)) {
    // Refused requests only (nothing to process): one insert; its ids, sorted, follow the rows' order (the sequence
    // numbers them as they are inserted).
    const written = yield* exec(q.insertInto("inbox_pushes").values(inOrder.map((i) => row(i, undefined, { outcome: "rejected", error: entries[i].rejection }, null))).returning("id"));
    const ids = written.map((r) => r.id).sort((a, b) => a - b);
    const idOf = new Map(inOrder.map((i, k) => [i, ids[k]]));
    return groups.map((g) => g.map((i) => ({ pushId: idOf.get(i)!, outcome: "rejected", error: entries[i].rejection })));
  }
  const ids = (yield* exec(allocateInboxIds(entries.length))).map((r) => r.id).sort((a, b) => a - b);
  const idOf: number[] = new Array(entries.length);
  inOrder.forEach((i, k) => (idOf[i] = ids[k]));
  const at = new Date();
  const ctxOf = (i: number): ApplyContext => ({ platform: "union", source: "push", pushId: idOf[i], rawPayload: toCompactJson(entries[i].params!), at });
  // The first state of each order, for all orders at once: the new ones created, the others locked and decided on.
  const firsts = groups.map((g) => g.find((i) => entries[i].push && entries[i].params)).filter((i) => i !== undefined);
  // A few orders go one by one: their statements are prepared once per connection, while the batch's are compiled
  // and planned for each batch, which costs more than it saves for a handful.
  const batched = firsts.length >= firstStatesMin ? firsts : [];
  const contexts = new Map(batched.map((i) => [i, ctxOf(i)]));
  const known = yield* firstStates(batched.map((i) => ({ p: entries[i].push!, ctx: contexts.get(i)! })));
  // What processing did to each entry, by its index: the inbox rows are written from it at the end.
  const done: { stored: StoredPush; at: Date | null }[] = new Array(entries.length);
  const stored = yield* inParallel(
    groups.map((g) =>
      function* () {
        const out: StoredPush[] = [];
        for (const i of g) {
          const e = entries[i];
          if (!e.push || !e.params) done[i] = { stored: { pushId: idOf[i], outcome: "rejected", error: e.rejection }, at: null };
          else {
            const first = contexts.get(i);
            const outcome = yield* applyUnionState(e.push, first ?? ctxOf(i), first ? known.get(e.push.orderId) : undefined);
            done[i] = { stored: { pushId: idOf[i], outcome, error: null }, at: new Date() };
          }
          out.push(done[i].stored);
        }
        return out;
      },
    ),
  );
  yield* exec(q.insertInto("inbox_pushes").values(inOrder.map((i) => row(i, idOf[i], done[i].stored, done[i].at))));
  return stored;
}

/** Re-reads a stored push and processes it again: the background retry and the admin's reprocess. */
export function* reprocessStored(pushId: number, onlyIfFailed = false): Work<StoredPush | null> {
  const row = yield* first(selectStored({ id: pushId }));
  if (!row || (onlyIfFailed && row.outcome !== "failed") || !row.signatureValid) return null;
  const read = readPushBody(row.contentType, Buffer.from(row.body).toString("utf8"));
  const normalized = read.ok ? normalizePush(read.params) : null;
  if (!read.ok || !normalized?.ok) return null;
  return yield* processStored(pushId, normalized.push, toCompactJson(read.params), row.receivedAt, new Date());
}
