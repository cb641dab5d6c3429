// The address of the TCP peer of a request, which a route handler cannot otherwise learn: Next 16 gives a
// handler only headers, and the one it derives from the socket (`x-forwarded-for`) it sets only when the client
// did not send one (base-server.js: `req.headers['x-forwarded-for'] ??= socket.remoteAddress`), so the client
// chooses it. Instead, every request the process's HTTP server receives is stamped, before Next sees it, with
// the socket's address and a token known only inside this process: a client can send a header of the same
// name, but it is overwritten, and a stamp without the token (a request that arrived before the hook) counts
// as "no known address", never as an address the client chose.
import { randomBytes, timingSafeEqual } from "node:crypto";
import http from "node:http";

export const PEER_HEADER = "x-mt-cps-peer";

interface PeerState {
  token: string;
  installed: boolean;
}

// On globalThis: instrumentation and the route bundles are separate module instances in one process.
const state = globalThis as unknown as { __cpsPeer?: PeerState };
const peerState = (): PeerState => (state.__cpsPeer ??= { token: randomBytes(18).toString("base64url"), installed: false });

/** The stamp for one request: the token, a space, the address. */
export const peerStamp = (address: string): string => `${peerState().token} ${address}`;

/**
 * Stamps every request of every HTTP server in this process with its socket's address. Idempotent. Called
 * from instrumentation.ts, which Next runs before it serves the first request.
 */
export function installPeerStamp() {
  const s = peerState();
  if (s.installed) return;
  s.installed = true;
  const emit = http.Server.prototype.emit as (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
  http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const req = args[0] as http.IncomingMessage;
      req.headers[PEER_HEADER] = peerStamp(req.socket?.remoteAddress ?? "");
    }
    return emit.call(this, event, ...args);
  } as typeof http.Server.prototype.emit;
}

type HeaderSource = { get(name: string): string | null } | Record<string, unknown> | undefined | null;

/** One header from a Headers object or a plain (node-style or next-auth) header record. */
export function headerValue(headers: HeaderSource, name: string): string | null {
  if (!headers) return null;
  if (typeof (headers as { get?: unknown }).get === "function") return (headers as { get(n: string): string | null }).get(name);
  const v = (headers as Record<string, unknown>)[name];
  if (Array.isArray(v)) return v.map(String).join(", ");
  return typeof v === "string" ? v : null;
}

/** The socket address this process stamped on the request, or null when it carries no valid stamp. */
export function stampedPeer(headers: HeaderSource): string | null {
  const v = headerValue(headers, PEER_HEADER);
  const token = peerState().token;
  if (!v || v.length <= token.length || v[token.length] !== " ") return null;
  const given = Buffer.from(v.slice(0, token.length));
  const expected = Buffer.from(token);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return v.slice(token.length + 1) || null;
}
