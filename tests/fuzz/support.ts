// Shared by the fuzz files: run counts and replay from the environment, a runner that can either stop at the first
// failure (default, with shrinking and a replayable seed) or collect every distinct failure (FUZZ_EXPLORE=1),
// and a request helper for bodies `call()` cannot express (raw bytes, chunked or failing streams).
import fc from "fast-check";
import { NextRequest } from "next/server";
import { encode } from "next-auth/jwt";
import { expect } from "vitest";

/** FUZZ_RUNS is the callback's case count; the other targets take a fixed share of it. */
export const FUZZ_RUNS = Math.max(1, Number(process.env.FUZZ_RUNS ?? 10_000) || 10_000);
export const runsFor = (shareOfCallback: number) => Math.max(5, Math.round(FUZZ_RUNS * shareOfCallback));

const seed = process.env.FUZZ_SEED !== undefined && process.env.FUZZ_SEED !== "" ? Number(process.env.FUZZ_SEED) : undefined;
const path = process.env.FUZZ_PATH || undefined;
const explore = process.env.FUZZ_EXPLORE === "1";
/** Only this target runs when set (a name as printed in the summary, e.g. "callback/unsigned"). */
const only = process.env.FUZZ_ONLY || undefined;

export const targetEnabled = (name: string) => !only || only.split(",").some((o) => name === o || name.startsWith(`${o}/`));

/** What each target ran, printed once per file. */
export const summary: { target: string; cases: number; seconds: number; failures: number }[] = [];
/** Per target, how often each answer was seen (e.g. "422", "200 ok"), to show what the cases reached. */
const tallies = new Map<string, Map<string, number>>();
let current = "";
export function tally(label: string) {
  const t = tallies.get(current) ?? new Map<string, number>();
  t.set(label, (t.get(label) ?? 0) + 1);
  tallies.set(current, t);
}

export function printSummary(title: string) {
  const lines = summary.map((s) => {
    const t = [...(tallies.get(s.target) ?? new Map<string, number>()).entries()].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k}: ${n}`).join(", ");
    return `  ${s.target.padEnd(34)} ${String(s.cases).padStart(6)} cases  ${s.seconds.toFixed(1).padStart(6)} s${s.failures ? `  ${s.failures} failure(s)` : ""}${t ? `\n      ${t}` : ""}`;
  });
  console.log(`fuzz summary (${title}, FUZZ_RUNS=${FUZZ_RUNS}${seed !== undefined ? `, FUZZ_SEED=${seed}` : ""}):\n${lines.join("\n")}`);
}

// The app logs one JSON line per event on stderr; its error lines (with the stack of an unhandled error) are kept
// per case so that a failing case can show what the server said.
const appErrors: string[] = [];
const stderrWrite = process.stderr.write.bind(process.stderr);
process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
  const line = typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
  if (line.startsWith('{"t":') && line.includes('"level":"error"')) appErrors.push(line.trim());
  return (stderrWrite as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
}) as typeof process.stderr.write;

/** Forgets the server errors seen so far (the fuzz runner does this before every case). */
export function resetServerErrors() {
  appErrors.length = 0;
}

/** The server's error log lines since the case started, the stack first, for a failure message. */
export function serverErrors(): string {
  return appErrors
    .map((l) => {
      try {
        const j = JSON.parse(l) as { msg?: string; error?: string };
        return `${j.msg}: ${String(j.error ?? "").split("\n").filter((x) => x.trim()).slice(0, 10).join("\n        ")}`;
      } catch {
        return l;
      }
    })
    .join("\n      ");
}

/** The line of the server's error that says what went wrong (not the code excerpt or the stack), digits blanked. */
export function serverCause(): string {
  for (const l of appErrors) {
    try {
      const j = JSON.parse(l) as { error?: string };
      const lines = String(j.error ?? "").split("\n").map((x) => x.trim());
      const cause = lines.find((x) => x && !/^(at |\d+(\s|$)|→|Invalid `|PrismaClient\w*Error:?$|\/\S+:\d+:\d+$)/.test(x));
      if (cause) return cause.replace(/\d+/g, "#").slice(0, 160);
    } catch {
      /* not JSON */
    }
  }
  return "";
}

/** The first line of an error, with numbers blanked out, groups failures of one kind together. */
const signatureOf = (e: unknown) =>
  (e instanceof Error ? e.message : String(e)).split("\n").find((l) => l.trim() !== "")!.replace(/\d{4,}/g, "#").slice(0, 300);

/**
 * Runs `check` over `runs` generated cases. Default: fast-check's assert, which stops at the first failure,
 * shrinks it and prints the seed and path to replay (FUZZ_SEED, FUZZ_PATH). FUZZ_EXPLORE=1: every case runs and
 * each distinct kind of failure is reported once, with the smallest input that showed it.
 */
export async function fuzz<T>(target: string, arb: fc.Arbitrary<T>, check: (input: T) => Promise<void>, runs: number) {
  if (!targetEnabled(target)) return;
  current = target;
  const started = Date.now();
  let cases = 0;
  const params: fc.Parameters<[T]> = {
    numRuns: runs,
    seed,
    path,
    plugins: [fc.timeout(30_000)], // a case that takes this long is a hang
  };
  if (!explore) {
    try {
      await fc.assert(
        fc.asyncProperty(fc.limitShrink(arb, 300), async (input) => {
          cases++;
          appErrors.length = 0;
          await check(input);
        }),
        params,
      );
    } finally {
      summary.push({ target, cases, seconds: (Date.now() - started) / 1000, failures: 0 });
    }
    return;
  }
  const found = new Map<string, { input: T; size: number; count: number; error: string }>();
  await fc.assert(
    fc.asyncProperty(fc.noShrink(arb), async (input) => {
      cases++;
      appErrors.length = 0;
      try {
        await check(input);
      } catch (e) {
        if (fc.PreconditionFailure.isFailure(e)) throw e;
        const sig = signatureOf(e);
        const shown = fc.stringify(input);
        const prev = found.get(sig);
        if (!prev || shown.length < prev.size) found.set(sig, { input, size: shown.length, count: (prev?.count ?? 0) + 1, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
        else prev.count++;
      }
    }),
    params,
  );
  summary.push({ target, cases, seconds: (Date.now() - started) / 1000, failures: [...found.values()].reduce((n, f) => n + f.count, 0) });
  if (found.size) {
    const report = [...found.entries()]
      .map(([sig, f], i) => `#${i + 1} (${f.count}×) ${sig}\n  smallest input: ${fc.stringify(f.input).slice(0, 1500)}\n  ${f.error.split("\n").slice(0, 6).map((l) => l.slice(0, 1500)).join("\n  ")}`)
      .join("\n\n");
    throw new Error(`${target}: ${found.size} distinct failure(s) in ${cases} cases\n\n${report}`);
  }
}

/** Long runs of one character shown as «c×n», so a counterexample with a 16 MiB body still prints on a screen. */
export function shorten(s: string): string {
  return s.replace(/(.)\1{39,}/gsu, (run, c: string) => `«${c}×${run.length / c.length}»`);
}

/** Makes fast-check print the case compactly (the value itself is unchanged; replay by seed and path as usual). */
export function compact<T extends object>(c: T): T {
  Object.defineProperty(c, fc.toStringMethod, {
    value: () => shorten(JSON.stringify(c, (_k, v) => (typeof v === "object" && v && "repeat" in v ? { ...v, note: "body = prefix + repeat × times + suffix" } : v))),
    enumerable: false,
  });
  return c;
}

/** Fails with the thrown error's stack when a handler throws instead of answering. */
export async function noThrow<T>(what: string, f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    throw new Error(`${what} threw instead of answering: ${e instanceof Error ? e.stack : String(e)}`);
  }
}

export type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** A request body: text (sent as UTF-8), raw bytes, or a stream of chunks that may fail part way. */
export type RawBody =
  | { text: string }
  | { bytes: number[] }
  | { repeat: string; times: number; prefix?: string; suffix?: string }
  /** The text's UTF-8 bytes streamed in chunks of these sizes (the rest in one last chunk); maybe failing after. */
  | { stream: string; chunkSizes: number[]; failAfter?: boolean };

export function bodyBytes(b: RawBody): Uint8Array {
  if ("text" in b) return new TextEncoder().encode(b.text);
  if ("bytes" in b) return Uint8Array.from(b.bytes);
  if ("repeat" in b) return new TextEncoder().encode((b.prefix ?? "") + b.repeat.repeat(b.times) + (b.suffix ?? ""));
  return new TextEncoder().encode(b.stream);
}

/** Like tests/helpers/http `call`, for bodies that are not a plain string. */
export async function callRaw(
  handler: Handler,
  url: string,
  init: { method?: string; body?: RawBody; headers?: Record<string, string>; as?: { id: string; role: "MEMBER" | "ADMIN" }; params?: Record<string, string> },
) {
  const headers: Record<string, string> = { ...init.headers };
  if (init.as) {
    const token = await encode({ token: { uid: init.as.id, role: init.as.role }, secret: process.env.NEXTAUTH_SECRET! });
    headers.cookie = `next-auth.session-token=${token}`;
  }
  let body: BodyInit | undefined;
  let duplex: "half" | undefined;
  const b = init.body;
  if (b && "stream" in b) {
    const all = new TextEncoder().encode(b.stream);
    const parts: Uint8Array[] = [];
    let at = 0;
    for (const n of b.chunkSizes) if (at < all.length) (parts.push(all.subarray(at, at + n)), (at += n));
    if (at < all.length) parts.push(all.subarray(at));
    let i = 0;
    body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (i < parts.length) controller.enqueue(parts[i++]);
        else if (b.failAfter) controller.error(new Error("client went away"));
        else controller.close();
      },
    });
    duplex = "half";
  } else if (b) {
    body = bodyBytes(b) as BodyInit;
  }
  const req = new NextRequest(new URL(url, "http://localhost"), { method: init.method ?? "POST", headers, body, ...(duplex ? { duplex } : {}) } as never);
  const res = await handler(req, { params: Promise.resolve(init.params ?? {}) });
  const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await res.arrayBuffer());
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    data = undefined;
  }
  return { status: res.status, data, text, headers: res.headers };
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

/**
 * The JSON API's contract for any input: no 5xx, JSON bodies, and 4xx as {error: {code, message}} in Chinese.
 * Failure messages start with "label → status code message" (what FUZZ_EXPLORE groups by), then the input.
 */
export function expectApiShape(res: { status: number; text: string; data: unknown; headers: Headers }, label: string, input: string) {
  const e = (res.data as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  const logged = res.status >= 500 ? `\n    server log: ${serverErrors()}` : "";
  const ctx = `${label} → ${res.status} ${e ? `${String(e.code)} ${JSON.stringify(e.message)}` : res.text.slice(0, 120)}${res.status >= 500 ? ` [${serverCause()}]` : ""}\n    input: ${shorten(input).slice(0, 1500)}\n    reply: ${res.text.slice(0, 500)}${logged}\n   `;
  expect(res.status, ctx).toBeLessThan(500);
  expect(res.data, `${ctx}: body is not JSON`).not.toBeUndefined();
  expect(res.headers.get("content-type") ?? "", ctx).toContain("application/json");
  if (res.status >= 400) {
    const err = (res.data as { error?: { code?: unknown; message?: unknown } }).error;
    expect(err, `${ctx}: no {error} object`).toBeTypeOf("object");
    expect(err!.code, `${ctx}: error.code`).toBeTypeOf("string");
    expect(err!.message, `${ctx}: error.message`).toBeTypeOf("string");
    expect(CJK.test(err!.message as string), `${ctx}: error.message is not Chinese`).toBe(true);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Hostile building blocks shared by the targets.

export const emoji = fc.constantFrom("😀", "👨‍👩‍👧‍👦", "🏳️‍🌈", "🇨🇳", "\u{1F4A9}", "\u{10FFFF}");
export const rtl = fc.constantFrom("\u202e", "\u202d", "\u200f", "\u061c", "مرحبا", "שלום", "\u202egnp.exe");
export const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
export const controlChar = fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c));
export const oddWhitespace = fc.constantFrom("\u00a0", "\u3000", "\ufeff", "\u2028", "\u2029", "\u200b", "\t", "\r\n", "\u000b", "\u0085");
export const sqlish = fc.constantFrom(
  "' OR '1'='1",
  "'; DROP TABLE users; --",
  '" OR 1=1 --',
  "1; SELECT pg_sleep(5)",
  "%' OR 1=1 --",
  "\\'; --",
  "1' UNION SELECT * FROM users --",
  "$1",
  "?",
  "NULL",
  "null",
  "undefined",
  "__proto__",
  "constructor",
  "${7*7}",
  "{{7*7}}",
  "<script>alert(1)</script>",
  "../../etc/passwd",
);

/** Short strings that break naive code: unicode of every kind, controls, NULs, SQL and template syntax. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 12 }),
  fc.string({ unit: "binary", maxLength: 12 }),
  fc.string({ unit: "binary-ascii", maxLength: 12 }),
  fc.string({ unit: fc.oneof(emoji, rtl, loneSurrogate, controlChar, oddWhitespace, fc.constant("\u0000")), maxLength: 6 }),
  sqlish,
  fc.tuple(sqlish, fc.string({ unit: fc.oneof(emoji, loneSurrogate, fc.constant("\u0000")), maxLength: 3 })).map(([a, b]) => a + b),
  fc.constantFrom("", " ", "\u0000", "a\u0000b", "\ud800", "\udfff", "\ud83d", "x".repeat(300), "中文", "ＡＢＣ１２３", "İı", "ß", "ﬃ"),
);

/** Number-looking text: the edges of every numeric parser. */
export const numberText = fc.oneof(
  fc.constantFrom(
    "0", "-0", "1", "-1", "1e400", "-1e400", "1e-400", "1E+2", "0.1", ".5", "5.", "01", "1_000", "0x10", "0b1", "0o7", "Infinity", "-Infinity", "NaN",
    "123456789012345678901234567890", "-123456789012345678901234567890", "9007199254740993", "2147483648", "-2147483649", "4294967296",
    "1.7976931348623157e308", "5e-324", "1e9", "1e15", "999999999999999", " 5 ", "5 ", "１０", "٣", "1,000", "28.80", "28.805", "0.005",
  ),
  fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }).map(String),
  fc.double().map(String),
  fc.integer().map(String),
);
