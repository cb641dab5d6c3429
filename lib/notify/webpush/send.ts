// One Web Push message to one subscription. web-push does the VAPID signature (ES256 JWT) and the aes128gcm
// payload encryption (RFC 8291); we send its request ourselves, bounded in time and only to push services
// (endpoints.ts). A 404 or 410 means the subscription is gone (RFC 8030 §7.3): drop it.
import { createHash } from "node:crypto";
import webpush from "web-push";
import { request, isResult, type SendOptions } from "../http";
import type { DeliveryResult, MemberMessage } from "../types";
import { pushEndpointRefusal } from "./endpoints";
import { vapid } from "./vapid";

export interface StoredSubscription {
  endpoint: string;
  p256dh: string;
  auth: string;
}

/** What the service worker (public/sw.js) reads. */
export const pushPayload = (msg: MemberMessage) =>
  JSON.stringify({ title: msg.title, body: msg.body, url: msg.url, tag: `${msg.kind}:${msg.notificationId}`, notificationId: msg.notificationId });

/** A day: a notification older than that is no longer news. */
const TTL_SECONDS = 24 * 3600;

export async function sendWebPush(sub: StoredSubscription, msg: MemberMessage, o?: SendOptions): Promise<DeliveryResult> {
  const refusal = pushEndpointRefusal(sub.endpoint);
  if (refusal) return { ok: false, retry: false, gone: true, error: refusal };
  const keys = vapid();
  let details: webpush.RequestDetails;
  try {
    details = webpush.generateRequestDetails({ endpoint: sub.endpoint, keys: { p256dh: sub.p256dh, auth: sub.auth } }, pushPayload(msg), {
      vapidDetails: { subject: keys.subject, publicKey: keys.publicKey, privateKey: keys.privateKey },
      TTL: TTL_SECONDS,
      contentEncoding: "aes128gcm",
      urgency: "normal",
      // A resend of the same delivery (after a crash) replaces the copy still waiting at the push service.
      ...(msg.deliveryKey ? { topic: createHash("sha256").update(msg.deliveryKey).digest("base64url").slice(0, 32) } : {}),
    });
  } catch (e) {
    // Keys the browser sent that do not make a P-256 point: this subscription can never be sent to.
    return { ok: false, retry: false, gone: true, error: `订阅密钥无效：${e instanceof Error ? e.message : String(e)}` };
  }
  const answer = await request(details.endpoint, { method: details.method, headers: details.headers as Record<string, string>, body: details.body ? new Uint8Array(details.body) : undefined }, o);
  if (isResult(answer)) return answer;
  if (answer.status >= 200 && answer.status < 300) return { ok: true };
  if (answer.status === 404 || answer.status === 410) return { ok: false, retry: false, gone: true, error: `推送服务返回 ${answer.status}：订阅已失效` };
  return { ok: false, retry: false, error: `推送服务返回 HTTP ${answer.status}` };
}
