// Group commit for the callback: pushes that arrive while a transaction is being written wait and go into
// the next one together, so a burst costs one commit (one fsync) instead of one per push.
// SQLite has one writer, so batches run one at a time; PostgreSQL runs a few at once on separate connections
// (each batch locks its orders in orderid order, so concurrent batches cannot deadlock each other).
import type { RawDb } from "../db/sql";
import { BatchNeedsIsolation, storeBatch, type InboxEntry, type StoredPush } from "./store";

interface Waiting {
  entry: InboxEntry;
  resolve: (r: StoredPush) => void;
  reject: (e: Error) => void;
}

const RETRYABLE_PG = new Set(["40P01", "40001"]); // deadlock, serialization failure

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

export class PushWriter {
  private queue: Waiting[] = [];
  private active = 0;
  private scheduled = false;

  constructor(
    private readonly raw: RawDb,
    private readonly maxBatch = 200,
    private readonly maxConcurrent = raw.dialect === "pg" ? 4 : 1,
  ) {}

  /**
   * Resolves once the push is committed. Past the deadline it rejects (the caller answers 503 and Meituan
   * retries); if the write commits after all, the retry is recognised as an exact repeat.
   */
  submit(entry: InboxEntry, deadlineMs = 9_000): Promise<StoredPush> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`push not stored within ${deadlineMs} ms`)), deadlineMs);
      timer.unref();
      this.queue.push({
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
    while (this.queue.length && this.active < this.maxConcurrent) {
      const batch = this.queue.splice(0, this.maxBatch);
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
        return await this.raw.transaction(() => storeBatch(entries, this.raw.dialect, isolate));
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
