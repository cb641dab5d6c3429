// Reading a request body within a limit without ever resetting the client's connection.
//
// Why not simply stop: Next hands a route the request body as a web stream over Node's IncomingMessage.
// Cancelling that stream (reader.cancel(), or an abandoned for-await) destroys the IncomingMessage, and Node
// destroys the socket of a message that was not read to its end — the reply may still go out, but the
// connection is reset, and a client that reuses it (Meituan's pusher keeps connections alive) loses its next
// request to ECONNRESET. So a body over the limit is read on and thrown away, up to a bound, which leaves the
// connection clean for the next request; a body beyond that bound is left unread and the reply carries
// `Connection: close`, so the client opens a new connection instead of writing into one that is closing.

/** How much is read past the limit, and thrown away, to keep a kept-alive connection usable. */
export const DRAIN_BYTES = 1024 * 1024;
/** How long draining may take (a client trickling a huge body is not waited for). */
export const DRAIN_MS = 5_000;

export interface BodyRead {
  /** The body, or its first `limit` bytes when it is larger. */
  bytes: Buffer;
  tooLarge: boolean;
  /** False when part of the body was left unread: the reply must close the connection (see closeHeaders). */
  complete: boolean;
}

export interface ReadOptions {
  drainBytes?: number;
  drainMs?: number;
}

const EMPTY: BodyRead = { bytes: Buffer.alloc(0), tooLarge: false, complete: true };

/** Reads `req`'s body, keeping at most `limit` bytes; never cancels the stream (see above). */
export async function readBody(req: Request, limit: number, o: ReadOptions = {}): Promise<BodyRead> {
  if (!req.body) return EMPTY;
  const drainBytes = o.drainBytes ?? DRAIN_BYTES;
  const declared = Number(req.headers.get("content-length") ?? "NaN");
  // Declared beyond what would be drained: keep the start (the inbox stores it) and read no further.
  const bound = Number.isFinite(declared) && declared > limit + drainBytes ? limit : limit + drainBytes;
  const deadline = Date.now() + (o.drainMs ?? DRAIN_MS);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let kept = 0;
  let seen = 0;
  for (;;) {
    const next = seen > limit ? await readBefore(reader, deadline) : await reader.read();
    if (next === "late") return { bytes: Buffer.concat(chunks), tooLarge: true, complete: false };
    if (next.done) break;
    const chunk = next.value;
    seen += chunk.byteLength;
    if (kept < limit) {
      const take = chunk.subarray(0, limit - kept);
      chunks.push(take);
      kept += take.byteLength;
    }
    if (seen > bound) {
      reader.releaseLock();
      return { bytes: Buffer.concat(chunks), tooLarge: true, complete: false };
    }
  }
  return { bytes: Buffer.concat(chunks), tooLarge: seen > limit || (Number.isFinite(declared) && declared > limit), complete: true };
}

/** A read that gives up at the deadline; the read it abandons is left to settle (or fail) on its own. */
async function readBefore(reader: ReadableStreamDefaultReader<Uint8Array>, deadline: number): Promise<ReadableStreamReadResult<Uint8Array> | "late"> {
  const read = reader.read();
  read.catch(() => {});
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), Math.max(0, deadline - Date.now()))));
  try {
    return await Promise.race([read, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The header a reply needs when the request body was left partly unread. */
export const closeHeaders = (read: Pick<BodyRead, "complete">): Record<string, string> => (read.complete ? {} : { connection: "close" });
