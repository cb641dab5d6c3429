// Clicks are written like pushes (lib/inbox/writer.ts): the redirect hands its click to this queue and answers
// at once; clicks that arrive within a short window (25 ms) or while a transaction is being written go into the
// next one together (group commit), with the daily rollup (link_click_daily) updated in the same transaction.
// The window matters on SQLite, whose commit (an fsync) blocks the event loop: at 200 clicks/s it is 40 commits
// a second of 5 clicks each instead of 200 of one, and the redirects waiting behind a commit wait less often. The redirect never waits for the
// database: a full queue drops the click, a failed batch is retried with back-off and then dropped, and both are
// counted and logged. Nothing is lost under normal load, and a process that is asked to stop flushes first.
import type { RawDb } from "../db/sql";
import { exec, q, type Work } from "../db/query";
import { log } from "../log";
import { beijingDay } from "../time";
import type { LinkType, UaClass } from "../contracts/enums";
import { daySalt, visitorHash } from "./salt";

/** A click as the redirect saw it. The address lives only in memory, until the batch hashes it. */
export interface ClickEntry {
  at: Date;
  code: string;
  memberId: string;
  activityId: number;
  linkType: LinkType;
  uaClass: UaClass;
  bot: boolean;
  referrerHost: string | null;
  ip: string | null;
  userAgent: string;
}

/** 20,000 clicks ≈ 100 s of 200 clicks/s with the database gone, ≈ 10 MB. */
export const MAX_QUEUED_CLICKS = 20_000;
const RETRY_DELAYS_MS = [50, 250, 1_000, 3_000];

/** How long a click may wait for others to share its commit. */
export const COMMIT_WINDOW_MS = 25;

export interface ClickWriterOptions {
  maxBatch?: number;
  windowMs?: number;
  maxQueued?: number;
  retryDelaysMs?: number[];
}

export interface ClickWriterStats {
  queued: number;
  written: number;
  dropped: number;
  failedBatches: number;
}

function* storeClicks(entries: ClickEntry[], now: Date): Work<void> {
  const secret = yield* daySalt(now);
  for (let i = 0; i < entries.length; i += 500) {
    const rows = entries.slice(i, i + 500).map((e) => ({
      at: e.at,
      code: e.code,
      memberId: e.memberId,
      activityId: e.activityId,
      linkType: e.linkType,
      uaClass: e.uaClass,
      bot: e.bot,
      referrerHost: e.referrerHost,
      visitorHash: visitorHash(secret, e.ip, e.userAgent),
    }));
    yield* exec(q.insertInto("link_clicks").values(rows));
  }
  const daily = new Map<string, { day: string; memberId: string; activityId: number; linkType: string; clicks: number; botClicks: number }>();
  for (const e of entries) {
    const day = beijingDay(e.at);
    const key = `${day}|${e.memberId}|${e.activityId}|${e.linkType}`;
    const d = daily.get(key) ?? { day, memberId: e.memberId, activityId: e.activityId, linkType: e.linkType, clicks: 0, botClicks: 0 };
    if (e.bot) d.botClicks++;
    else d.clicks++;
    daily.set(key, d);
  }
  // One statement for every rollup row of the batch, in key order, so concurrent writers on PostgreSQL lock the
  // rollup rows in the same order.
  const rollup = [...daily.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, v]) => v);
  for (let i = 0; i < rollup.length; i += 500) {
    yield* exec(
      q
        .insertInto("link_click_daily")
        .values(rollup.slice(i, i + 500))
        .onConflict((oc) =>
          oc.columns(["day", "memberId", "activityId", "linkType"]).doUpdateSet((eb) => ({
            clicks: eb("link_click_daily.clicks", "+", eb.ref("excluded.clicks")),
            botClicks: eb("link_click_daily.botClicks", "+", eb.ref("excluded.botClicks")),
          })),
        ),
    );
  }
}

export class ClickWriter {
  private queue: ClickEntry[] = [];
  private running = false;
  private timer: NodeJS.Timeout | null = null;
  private idle: (() => void)[] = [];
  private lastDropLog = 0;
  private readonly maxBatch: number;
  private readonly windowMs: number;
  private readonly maxQueued: number;
  private readonly retryDelaysMs: number[];
  readonly stats = { written: 0, dropped: 0, failedBatches: 0 };

  constructor(
    private readonly raw: () => Pick<RawDb, "transaction">,
    o: ClickWriterOptions = {},
  ) {
    this.maxBatch = o.maxBatch ?? 1_000;
    this.windowMs = o.windowMs ?? COMMIT_WINDOW_MS;
    this.maxQueued = o.maxQueued ?? MAX_QUEUED_CLICKS;
    this.retryDelaysMs = o.retryDelaysMs ?? RETRY_DELAYS_MS;
  }

  snapshot(): ClickWriterStats {
    return { queued: this.queue.length, ...this.stats };
  }

  /** Queues a click; false (counted, logged at most once a minute) when the queue is full. Never throws. */
  record(entry: ClickEntry): boolean {
    if (this.queue.length >= this.maxQueued) {
      this.stats.dropped++;
      if (Date.now() - this.lastDropLog > 60_000) {
        this.lastDropLog = Date.now();
        log.error("click queue full: clicks dropped", { dropped: this.stats.dropped, maxQueued: this.maxQueued });
      }
      return false;
    }
    this.queue.push(entry);
    if (!this.running && !this.timer) this.timer = setTimeout(() => this.start(), this.windowMs);
    else if (this.timer && this.queue.length >= this.maxBatch) this.start();
    return true;
  }

  private start() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.running) return;
    this.running = true;
    void this.drain();
  }

  /** Clicks queued or being written. */
  get busy(): boolean {
    return this.running || this.queue.length > 0;
  }

  /** Resolves once every click queued so far is written (or dropped after its retries). */
  flush(): Promise<void> {
    if (!this.running && this.queue.length === 0) return Promise.resolve();
    const done = new Promise<void>((resolve) => this.idle.push(resolve));
    if (this.timer) this.start();
    return done;
  }

  private async drain() {
    try {
      while (this.queue.length) {
        const batch = this.queue.splice(0, this.maxBatch);
        await this.write(batch);
      }
    } finally {
      this.running = false;
      for (const resolve of this.idle.splice(0)) resolve();
    }
  }

  private async write(batch: ClickEntry[]) {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.raw().transaction(() => storeClicks(batch, new Date()));
        this.stats.written += batch.length;
        return;
      } catch (e) {
        const delay = this.retryDelaysMs[attempt];
        if (delay === undefined) {
          this.stats.failedBatches++;
          this.stats.dropped += batch.length;
          log.error("clicks could not be written: dropped", { clicks: batch.length, attempts: attempt + 1, error: e instanceof Error ? e.message : String(e) });
          return;
        }
        log.warn("click batch failed; retrying", { clicks: batch.length, attempt: attempt + 1, retryInMs: delay, error: e instanceof Error ? e.message : String(e) });
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }
}
