// POST /api/meituan/callback: Meituan's order push. Inbox first: whatever arrives is stored raw, then verified,
// then processed. The reply is "ok" only once the push is durably stored.
import { closeHeaders, readBody } from "../http/body";
import { log } from "../log";
import type { InboxEntry, StoredPush } from "../inbox/store";
import { QueueFull } from "../inbox/writer";
import { normalizePush, orderIdOf, readPushBody } from "./push";
import { verifyUnionSign } from "./sign";

export const MAX_BODY_BYTES = 64 * 1024;
const OK = JSON.stringify({ errcode: "0", errmsg: "ok" });
const ERR = JSON.stringify({ errcode: "1", errmsg: "err" });

const reply = (body: string, status = 200, extra: Record<string, string> = {}) =>
  new Response(body, { status, headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...extra } });

export interface CallbackDeps {
  /** The callback secrets currently accepted; empty when none is configured. */
  secrets: string[];
  store: (entry: InboxEntry) => Promise<StoredPush>;
}

export async function handleCallback(req: Request, deps: CallbackDeps, remoteAddr: string | null): Promise<Response> {
  const receivedAt = new Date();
  const contentType = req.headers.get("content-type");
  const entry: InboxEntry = {
    receivedAt, remoteAddr, contentType, body: Buffer.alloc(0), bodyTruncated: false,
    signatureValid: false, signVariant: null, orderId: null, rejection: null, push: null, params: null,
  };
  let tooLarge = false;
  // A body left partly unread (far over the limit) must close the connection, or the client's next request
  // on it would be lost (lib/http/body.ts).
  let connection: Record<string, string> = {};
  try {
    const read = await readBody(req, MAX_BODY_BYTES);
    entry.body = read.bytes;
    entry.bodyTruncated = read.tooLarge;
    tooLarge = read.tooLarge;
    connection = closeHeaders(read);
  } catch (e) {
    entry.rejection = `报文读取失败：${e instanceof Error ? e.message : e}`;
  }

  if (!entry.rejection) entry.rejection = tooLarge ? `报文超过 ${MAX_BODY_BYTES / 1024} KiB，已拒收` : classify(entry, deps.secrets);

  let stored: StoredPush;
  try {
    stored = await deps.store(entry);
  } catch (e) {
    if (e instanceof QueueFull) noteShed(e.lane);
    else log.error("callback: push could not be stored", { error: e instanceof Error ? e.message : String(e), orderId: entry.orderId });
    return reply(ERR, 503, connection);
  }
  if (entry.rejection) {
    log.warn("callback: push rejected", { pushId: stored.pushId, reason: entry.rejection, orderId: entry.orderId, remoteAddr });
    return reply(ERR, tooLarge ? 413 : 200, connection);
  }
  if (stored.outcome === "failed") log.error("callback: processing failed, will retry", { pushId: stored.pushId, error: stored.error });
  return reply(OK);
}

// Shedding happens in floods: one log line per lane every 10 s, with how many were refused, not one per push.
const shed = { accepted: 0, refused: 0, loggedAt: 0 };
function noteShed(lane: QueueFull["lane"]) {
  shed[lane]++;
  const now = Date.now();
  if (now - shed.loggedAt < 10_000) return;
  log.warn("callback: push queue full, refused with 503 (Meituan retries)", { accepted: shed.accepted, refused: shed.refused });
  shed.accepted = shed.refused = 0;
  shed.loggedAt = now;
}

/** Fills in what can be read from the body; returns why it is refused, or null when it is to be processed. */
function classify(entry: InboxEntry, secrets: string[]): string | null {
  const text = entry.body.toString("utf8");
  const read = readPushBody(entry.contentType, text);
  if (!read.ok) return `报文无法解析（${read.error}）`;
  entry.orderId = orderIdOf(read.params);
  if (secrets.length === 0) return "未配置回调密钥 MEITUAN_CALLBACK_SECRET，推送一律拒收";
  const sign = verifyUnionSign(read.params, secrets);
  entry.signatureValid = sign.valid;
  entry.signVariant = sign.variant;
  if (!sign.valid) return "签名错误";
  const normalized = normalizePush(read.params);
  if (!normalized.ok) return `推送内容无效（${normalized.error}）`;
  entry.push = normalized.push;
  entry.params = read.params;
  return null;
}
