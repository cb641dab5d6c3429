// A Server-Sent Events response: an event stream that writes what `open` sends, a comment every HEARTBEAT_MS so
// proxies and phones keep the connection, and an end after MAX_LIFETIME_MS so that the browser reconnects (with
// Last-Event-ID) and the session is checked again. Cleans up when the client goes away.
export const HEARTBEAT_MS = 15_000;
export const MAX_LIFETIME_MS = 30 * 60_000;
/** How long the browser waits before reconnecting after the stream ends or drops. */
export const RETRY_MS = 2_000;

export interface SseSink {
  /** Sends one event; `id` becomes the browser's Last-Event-ID. */
  send(event: string, data: unknown, id?: number): void;
  /** Called every heartbeat as well: the stream's fallback poll. */
  onHeartbeat(fn: () => void): void;
  readonly closed: boolean;
}

export function sseResponse(signal: AbortSignal, open: (sink: SseSink) => () => void): Response {
  const encoder = new TextEncoder();
  let cleanup: (() => void) | null = null;
  let timers: NodeJS.Timeout[] = [];
  let closed = false;
  const heartbeats: (() => void)[] = [];
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const write = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          close();
        }
      };
      const close = () => {
        if (closed) return;
        closed = true;
        for (const t of timers) clearInterval(t);
        timers = [];
        cleanup?.();
        try {
          controller.close();
        } catch {
          // Already closed by the client going away.
        }
      };
      const sink: SseSink = {
        send(event, data, id) {
          write(`${id !== undefined ? `id: ${id}\n` : ""}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
        },
        onHeartbeat(fn) {
          heartbeats.push(fn);
        },
        get closed() {
          return closed;
        },
      };
      write(`retry: ${RETRY_MS}\n\n`);
      timers.push(
        setInterval(() => {
          write(": ping\n\n");
          for (const fn of heartbeats) fn();
        }, HEARTBEAT_MS),
        setTimeout(close, MAX_LIFETIME_MS),
      );
      for (const t of timers) t.unref?.();
      signal.addEventListener("abort", close, { once: true });
      cleanup = open(sink);
      if (closed) cleanup();
    },
    cancel() {
      closed = true;
      for (const t of timers) clearInterval(t);
      cleanup?.();
    },
  });
  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      // no-transform: no proxy (nor Next's compression) may buffer the stream to compress it.
      "cache-control": "no-cache, no-store, no-transform",
      "x-accel-buffering": "no",
      connection: "keep-alive",
    },
  });
}
