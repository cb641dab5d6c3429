// One outbound HTTP call of a channel, bounded in time, classified into a DeliveryResult: a timeout, a network
// failure, a 429 or a 5xx is worth retrying; anything else the channel's own answer decides.
import type { DeliveryResult } from "./types";

export const DEFAULT_TIMEOUT_MS = 5000;

export interface SendOptions {
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export type Answer = { status: number; json: unknown };

/** POSTs JSON; answers the response (status and parsed body) or the DeliveryResult of a transport failure. */
export async function postJson(url: string, body: unknown, o: SendOptions = {}, headers: Record<string, string> = {}): Promise<Answer | DeliveryResult> {
  return request(url, { method: "POST", headers: { "content-type": "application/json; charset=utf-8", ...headers }, body: JSON.stringify(body) }, o);
}

export async function request(url: string, init: RequestInit, o: SendOptions = {}): Promise<Answer | DeliveryResult> {
  const timeoutMs = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const doFetch = o.fetch ?? fetch;
  let res: Response;
  let text: string;
  try {
    // redirect: "manual" — a webhook that redirects elsewhere must not take us to a host we did not check.
    res = await doFetch(url, { ...init, redirect: "manual", signal: AbortSignal.timeout(timeoutMs) });
    text = await res.text();
  } catch (e) {
    const timedOut = e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError");
    return { ok: false, retry: true, error: timedOut ? `超时（${timeoutMs} ms 内无应答）` : `网络错误：${e instanceof Error ? e.message : String(e)}` };
  }
  if (res.status === 429) return { ok: false, retry: true, error: "HTTP 429：发送过于频繁" };
  if (res.status >= 500) return { ok: false, retry: true, error: `HTTP ${res.status}：服务暂时不可用` };
  if (res.status >= 300 && res.status < 400) return { ok: false, retry: false, error: `HTTP ${res.status}：地址发生跳转，已拒绝` };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json };
}

export const isResult = (a: Answer | DeliveryResult): a is DeliveryResult => "ok" in a;

/** A field of a JSON object answer, when it is one. */
export function field(json: unknown, name: string): unknown {
  return json && typeof json === "object" ? (json as Record<string, unknown>)[name] : undefined;
}
