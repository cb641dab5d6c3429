// The one request helper both Meituan clients use: a timeout per attempt, retries with exponential backoff and
// jitter on network errors, timeouts, HTTP 5xx/429 and Meituan's rate-limit code 402, and one log line per attempt.
// Logs carry the endpoint path only: never the query string (it holds `sign`), never a secret.
import { log } from "../../log";
import { RawJsonError } from "../raw-json";
import { parseJsonLossless } from "./json";
import type { ApiKind, RetryOptions } from "./types";

export type MeituanErrorKind =
  | "network" // no HTTP response (connection refused/reset, DNS)
  | "timeout" // no complete response within timeoutMs
  | "http" // an HTTP error status without a Meituan error envelope
  | "rate-limit" // HTTP 429, union status 402, media code 402
  | "auth" // the signature, app key or timestamp was refused
  | "api" // any other Meituan error code
  | "invalid-response" // 2xx but not the JSON envelope we expect
  | "invalid-request"; // refused locally before sending (e.g. a window over 1 day)

export class MeituanApiError extends Error {
  override name = "MeituanApiError";
  constructor(
    message: string,
    readonly info: {
      api: ApiKind;
      endpoint: string;
      kind: MeituanErrorKind;
      retryable: boolean;
      attempts: number;
      httpStatus?: number;
      /** Meituan's status/code, as text. */
      code?: string;
    },
  ) {
    super(message);
  }
  get kind() {
    return this.info.kind;
  }
  get code() {
    return this.info.code;
  }
  get attempts() {
    return this.info.attempts;
  }
  get retryable() {
    return this.info.retryable;
  }
  get httpStatus() {
    return this.info.httpStatus;
  }
  get api() {
    return this.info.api;
  }
  get endpoint() {
    return this.info.endpoint;
  }
}

export const DEFAULT_RETRY = { maxAttempts: 4, timeoutMs: 10_000, baseDelayMs: 500, maxDelayMs: 10_000 } as const;

export type Outcome<T> =
  | { ok: true; value: T }
  | { ok: false; kind: MeituanErrorKind; retryable: boolean; code?: string; message: string };

export interface HttpResult {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed losslessly; undefined when it is not JSON. */
  json: unknown;
}

export interface CallSpec<T> {
  api: ApiKind;
  /** The path, e.g. /api/orderList. What the log and errors show. */
  endpoint: string;
  /** Called before every attempt, so the timestamp and signature are fresh on a retry. */
  prepare: () => { url: string; init: RequestInit };
  interpret: (res: HttpResult) => Outcome<T>;
}

/** Replaces the value of `sign` (and any other secret-like parameter) in a URL or query string. */
export function redactUrl(url: string): string {
  return url.replace(/([?&](?:sign|secret|appSecret)=)[^&#]*/gi, "$1REDACTED");
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function backoffMs(failedAttempt: number, o: { baseDelayMs: number; maxDelayMs: number }, random: () => number): number {
  const d = Math.min(o.maxDelayMs, o.baseDelayMs * 2 ** (failedAttempt - 1));
  return Math.round(d / 2 + (random() * d) / 2);
}

function retryAfterMs(headers: Headers | undefined, maxDelayMs: number): number | null {
  const v = headers?.get("retry-after");
  if (!v || !/^\d+$/.test(v.trim())) return null;
  return Math.min(maxDelayMs, Number(v) * 1000);
}

function describeNetworkError(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const cause = (e as { cause?: unknown }).cause;
  const code = cause && typeof cause === "object" && "code" in cause ? String((cause as { code: unknown }).code) : null;
  return redactUrl(code ? `${e.message} (${code})` : e.message);
}

export async function callMeituan<T>(spec: CallSpec<T>, opts: { fetch?: typeof fetch; retry?: RetryOptions } = {}): Promise<T> {
  const doFetch = opts.fetch ?? globalThis.fetch;
  const r = { ...DEFAULT_RETRY, ...stripUndefined(opts.retry ?? {}) };
  const sleep = opts.retry?.sleep ?? defaultSleep;
  const random = opts.retry?.random ?? Math.random;
  const maxAttempts = Math.max(1, Math.floor(r.maxAttempts));
  let last: Extract<Outcome<T>, { ok: false }> | null = null;
  let lastStatus: number | undefined;
  let attemptsMade = 0;

  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    attemptsMade = attempt;
    const started = performance.now();
    const controller = new AbortController();
    let timedOut = false;
    let failure: Extract<Outcome<T>, { ok: false }> | undefined;
    let res: HttpResult | undefined;
    // Outside the try: a request that cannot be built is a bug to surface, not a network error to retry.
    const { url, init } = spec.prepare();
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, r.timeoutMs);
    try {
      const response = await doFetch(url, { ...init, signal: controller.signal });
      const text = await response.text();
      let json: unknown;
      try {
        json = text.trim() === "" ? undefined : parseJsonLossless(text);
      } catch (e) {
        if (!(e instanceof RawJsonError)) throw e;
        json = undefined;
      }
      res = { status: response.status, headers: response.headers, text, json };
    } catch (e) {
      res = undefined;
      failure = timedOut
        ? { ok: false, kind: "timeout", retryable: true, message: `no response within ${r.timeoutMs} ms` }
        : { ok: false, kind: "network", retryable: true, message: describeNetworkError(e) };
    } finally {
      clearTimeout(timer);
    }
    const outcome: Outcome<T> = res ? spec.interpret(res) : failure!;
    const durationMs = Math.round(performance.now() - started);
    const fields = { api: spec.api, endpoint: spec.endpoint, durationMs, attempt, httpStatus: res?.status };
    if (outcome.ok) {
      log.info("meituan api call", { ...fields, result: "ok" });
      return outcome.value;
    }
    last = outcome;
    lastStatus = res?.status;
    const willRetry = outcome.retryable && attempt < maxAttempts;
    log.warn("meituan api call", {
      ...fields,
      result: outcome.kind,
      code: outcome.code,
      error: outcome.message,
      retry: willRetry,
    });
    if (!willRetry) break;
    const wait = (outcome.kind === "rate-limit" ? retryAfterMs(res?.headers, r.maxDelayMs) : null) ?? backoffMs(attempt, r, random);
    await sleep(wait);
  }
  const f = last!;
  throw new MeituanApiError(
    `Meituan ${spec.api} ${spec.endpoint} failed after ${attemptsMade} attempt(s): ${f.kind}${f.code !== undefined ? ` ${f.code}` : ""}: ${f.message}`,
    { api: spec.api, endpoint: spec.endpoint, kind: f.kind, retryable: f.retryable, attempts: attemptsMade, httpStatus: lastStatus, code: f.code },
  );
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && typeof v !== "function")) as Partial<T>;
}

/** Interprets an HTTP status before the envelope: 5xx and 429 retry, other non-2xx fail. */
export function httpStatusOutcome(res: HttpResult): Extract<Outcome<never>, { ok: false }> | null {
  if (res.status === 429) return { ok: false, kind: "rate-limit", retryable: true, code: "429", message: "HTTP 429 Too Many Requests" };
  if (res.status >= 500) return { ok: false, kind: "http", retryable: true, message: `HTTP ${res.status}` };
  return null;
}
