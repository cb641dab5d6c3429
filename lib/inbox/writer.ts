// Group commit for the callback: pushes that arrive while a transaction is being written wait and go into
// the next one together, so a burst costs one commit (one fsync) instead of one per push.
// SQLite has one writer, so batches run one at a time; PostgreSQL runs a few at once on separate connections
// (each batch locks its orders in orderid order, so concurrent batches cannot deadlock each other).
//
// The queue is bounded, in two lanes. Pushes to process (validly signed) wait in one, refused requests (bad
// sign, unreadable, too large: stored for the record only) in another, smaller one, and batches take from the
// first lane before the second, so a flood of forged requests can neither grow memory without limit nor delay
// Meituan's pushes behind it. Beyond a lane's bound a push is refused at once (the callback answers 503 and
// Meituan retries) instead of waiting for a deadline it could not meet.
import type { RawDb } from "../db/sql";
import { BatchNeedsIsolation, storeBatch, type InboxEntry, type StoredPush } from "./store";

interface Waiting {
  entry: InboxEntry;
  resolve: (r: StoredPush) => void;
  reject: (e: Error) => void;
}

const RETRYABLE_PG = new Set(["40P01", "40001"]); // deadlock, serialization failure

/**
 * Pushes to process that may wait. bench:callback commits about 380 pushes/s on SQLite with 50 senders on a busy
 * two-core machine, so 2,000 waiting pushes drain in about 5 s, inside the 9 s a push may wait for its commit;
 * one queued behind more would time out anyway, after keeping its sender waiting. Memory: at most 2,000 × 64 KiB
 * (the body limit) = 128 MiB, in practice 2,000 × ~1 KiB.
 */
export const MAX_QUEUED = 2_000;
/** Refused requests that may wait to be stored: a flood of them is shed at once and holds ≤ 200 × 64 KiB. */
export const MAX_QUEUED_REFUSED = 200;

/** The queue's lane is full: the caller answers 503 so that Meituan retries later. */
export class QueueFull extends Error {
  constructor(readonly lane: "accepted" | "refused") {
    super(`push queue full (${lane})`);
  }
}

/**
 * Failures of the database rather than of one entry (lock wait or statement timed out, connection lost, server
 * shutting down, disk full or busy): writing the batch again entry by entry would only fail the same way, later.
 */
function isDatabaseWide(e: unknown): boolean {
  const code = String((e as { code?: unknown }).code ?? "");
  if (/^(08|53|57)/.test(code) || code === "55P03") return true;
  if (/^SQLITE_(BUSY|LOCKED|IOERR|FULL|CANTOPEN|NOMEM)/.test(code)) return true;
  const message = e instanceof Error ? e.message : String(e);
  return !code && /timeout|terminated|ECONNREFUSED|ECONNRESET|EPIPE/i.test(message);
}

export interface WriterOptions {
  maxBatch?: number;
  /** From how many orders a PostgreSQL batch takes their first states together (tests lower it). */
  firstStatesMin?: number;
  maxConcurrent?: number;
  maxQueued?: number;
  maxQueuedRefused?: number;
}

export class PushWriter {
  private accepted: Waiting[] = [];
  private refused: Waiting[] = [];
  private active = 0;
  private scheduled = false;
  private readonly maxBatch: number;
  private readonly maxConcurrent: number;
  private readonly maxQueued: number;
  private readonly maxQueuedRefused: number;
  private readonly firstStatesMin: number | undefined;

  constructor(
    private readonly raw: Pick<RawDb, "dialect" | "transaction">,
    o: WriterOptions = {},
  ) {
    this.maxBatch = o.maxBatch ?? 200;
    this.maxConcurrent = o.maxConcurrent ?? (raw.dialect === "pg" ? 4 : 1);
    this.maxQueued = o.maxQueued ?? MAX_QUEUED;
    this.maxQueuedRefused = o.maxQueuedRefused ?? MAX_QUEUED_REFUSED;
    this.firstStatesMin = o.firstStatesMin;
  }

  /** Pushes waiting, by lane. */
  get queued() {
    return { accepted: this.accepted.length, refused: this.refused.length };
  }

  /**
   * Resolves once the push is committed. Past the deadline it rejects (the caller answers 503 and Meituan
   * retries); if the write commits after all, the retry is recognised as an exact repeat.
   */
  submit(entry: InboxEntry, deadlineMs = 9_000): Promise<StoredPush> {
    const lane = entry.push ? this.accepted : this.refused;
    if (lane.length >= (entry.push ? this.maxQueued : this.maxQueuedRefused)) return Promise.reject(new QueueFull(entry.push ? "accepted" : "refused"));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`push not stored within ${deadlineMs} ms`)), deadlineMs);
      timer.unref();
      lane.push({
        entry,
        resolve: (r) => (clearTimeout(timer), resolve(r)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      if (!this.scheduled && this.active < this.maxConcurrent) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.pump();
        });
      }
    });
  }

  private pump() {
    while ((this.accepted.length || this.refused.length) && this.active < this.maxConcurrent) {
      const batch = this.accepted.splice(0, this.maxBatch);
      if (batch.length < this.maxBatch) batch.push(...this.refused.splice(0, this.maxBatch - batch.length));
      this.active++;
      void this.run(batch).finally(() => {
        this.active--;
        this.pump();
      });
    }
  }

  private async run(batch: Waiting[]) {
    try {
      const results = await this.write(batch.map((w) => w.entry));
      batch.forEach((w, i) => {
        const r = results[i];
        if (r instanceof Error) w.reject(r);
        else w.resolve(r);
      });
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      for (const w of batch) w.reject(err);
    }
  }

  private async write(entries: InboxEntry[]) {
    let isolate = false;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.raw.transaction(() => storeBatch(entries, isolate, this.firstStatesMin));
      } catch (e) {
        const cause = e instanceof BatchNeedsIsolation ? e.cause : e;
        const code = (cause as { code?: string }).code;
        if (attempt < 3 && code && RETRYABLE_PG.has(code)) continue;
        if (e instanceof BatchNeedsIsolation && !isolate && !isDatabaseWide(cause)) {
          isolate = true;
          continue;
        }
        throw cause;
      }
    }
  }
}
