// A member's live stream: each new notification of theirs as an event (id = the notification's id), from the
// Last-Event-ID the browser reconnects with, so a dropped connection misses nothing. Woken by the bus after each
// commit that wrote rows for them, and polled at every heartbeat in case a wake was lost.
import { rawDb } from "../db";
import { ApiError } from "../api/errors";
import { newestNotificationId, notificationsAfter, unreadOf } from "../notify/center";
import { onMemberWake } from "./bus";
import { sseResponse } from "./sse";

/** Open streams per member (tabs, devices); one more is refused rather than holding connections without bound. */
export const MAX_STREAMS_PER_MEMBER = 6;
/**
 * On PostgreSQL, batches commit concurrently, so a notification can become visible after one with a higher id.
 * Each read looks this far back in time past the cursor, and skips what it already sent.
 */
const LATE_COMMIT_MS = 15_000;
const PAGE = 50;

const open = ((globalThis as unknown as { __cpsMemberStreams?: Map<string, number> }).__cpsMemberStreams ??= new Map());

export const parseLastEventId = (v: string | null | undefined): number | null => (v && /^\d{1,10}$/.test(v) ? Number(v) : null);

export async function memberStream(userId: string, lastEventId: number | null, signal: AbortSignal): Promise<Response> {
  if ((open.get(userId) ?? 0) >= MAX_STREAMS_PER_MEMBER) throw new ApiError(429, "too_many_streams", "打开的页面过多，请关闭部分页面后刷新");
  // Counted before anything is awaited, so that streams opened at once cannot all pass the check.
  open.set(userId, (open.get(userId) ?? 0) + 1);
  const release = () => {
    const n = (open.get(userId) ?? 1) - 1;
    if (n <= 0) open.delete(userId);
    else open.set(userId, n);
  };
  const raw = rawDb();
  let cursor: number;
  let unread: number;
  try {
    cursor = lastEventId ?? (await raw.run(() => newestNotificationId(userId)));
    unread = await raw.run(() => unreadOf(userId));
  } catch (e) {
    release();
    throw e;
  }

  return sseResponse(signal, (sink) => {
    // Where reads start: the cursor as it was LATE_COMMIT_MS ago, and the ids sent since (to skip them).
    const floors: { at: number; cursor: number }[] = [];
    const sent = new Map<number, number>();
    let reading = false;
    let again = false;

    const read = async () => {
      if (reading) {
        again = true;
        return;
      }
      reading = true;
      try {
        do {
          again = false;
          const now = Date.now();
          floors.push({ at: now, cursor });
          while (floors.length > 1 && floors[1].at < now - LATE_COMMIT_MS) floors.shift();
          for (const [id, at] of sent) if (at < now - 2 * LATE_COMMIT_MS) sent.delete(id);
          for (let from = floors[0].cursor; ; ) {
            const items = await raw.run(() => notificationsAfter(userId, from, PAGE));
            if (sink.closed) return;
            for (const item of items) {
              if (sent.has(item.id)) continue;
              sent.set(item.id, now);
              cursor = Math.max(cursor, item.id);
              sink.send("notification", item, cursor);
            }
            if (items.length < PAGE) break;
            from = items[items.length - 1].id;
          }
        } while (again && !sink.closed);
      } catch {
        // The database is away: the next wake or heartbeat reads again.
      } finally {
        reading = false;
      }
    };

    sink.send("ready", { unread }, cursor);
    const unsubscribe = onMemberWake(userId, () => void read());
    sink.onHeartbeat(() => void read());
    // Anything committed between the cursor and the subscription.
    if (lastEventId !== null) void read();
    return () => {
      unsubscribe();
      release();
    };
  });
}
