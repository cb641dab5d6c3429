// Calling route handlers the way Next.js does, with or without a session cookie.
import { NextRequest } from "next/server";
import { encode } from "next-auth/jwt";
import { PEER_HEADER, peerStamp } from "@/lib/net/peer";

/** Headers carrying a connection address the way the server's socket stamp does (lib/net/peer.ts). */
export const fromPeer = (address: string): Record<string, string> => ({ [PEER_HEADER]: peerStamp(address) });

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

export interface Actor {
  id: string;
  role: "MEMBER" | "ADMIN";
}

export async function call(
  handler: Handler,
  url: string,
  init: {
    method?: string;
    json?: unknown;
    body?: string;
    headers?: Record<string, string>;
    as?: Actor;
    params?: Record<string, string>;
    /** The connection's address, as the server's socket stamp (lib/net/peer.ts) would give it. */
    peer?: string;
  } = {},
) {
  const headers: Record<string, string> = { ...init.headers };
  if (init.peer) headers[PEER_HEADER] = peerStamp(init.peer);
  let body = init.body;
  if (init.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(init.json);
  }
  if (init.as) {
    const token = await encode({ token: { uid: init.as.id, role: init.as.role }, secret: process.env.NEXTAUTH_SECRET! });
    headers.cookie = `next-auth.session-token=${token}`;
  }
  const req = new NextRequest(new URL(url, "http://localhost"), { method: init.method ?? (body ? "POST" : "GET"), headers, body });
  const res = await handler(req, { params: Promise.resolve(init.params ?? {}) });
  // Decoded without stripping a byte-order mark, so tests can see exactly what was sent.
  const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await res.arrayBuffer());
  let data: any;
  try {
    data = JSON.parse(text);
  } catch {
    data = undefined;
  }
  return { status: res.status, data, text, headers: res.headers };
}
