// Fuzzing POST /api/meituan/callback (FUZZ_RUNS cases in all, 10,000 by default).
//   callback/unsigned   bodies nobody signed, or signed wrongly: never an order change, always errcode 1
//   callback/signed     validly signed pushes whose values are hostile: stored, verified, processed, never "failed"
//   callback/splice     a captured signed push re-split (k1v1k2v2… read differently, same sign): no new order
//   callback/addresses  spoofed X-Forwarded-For / X-Real-IP / Forwarded and forged socket stamps, with and without
//                       TRUSTED_PROXIES: the inbox records the connection's address, or the right-most untrusted hop
// Every case: 200 or 413, exactly {"errcode":"0","errmsg":"ok"} or {"errcode":"1","errmsg":"err"}, no throw, and
// exactly one new inbox_pushes row.
import { createHash } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count, raw, row, rows, useTestDatabase } from "../helpers/db";
import { q } from "@/lib/db/query";
import { call } from "../helpers/http";
import { normalizeAddress } from "@/lib/net/client-address";
import { PEER_HEADER, peerStamp } from "@/lib/net/peer";
import { newOrderId, pushPayload, SECRET, sign } from "../helpers/push";
import {
  bodyBytes, callRaw, compact, controlChar, emoji, fuzz, hostileText, loneSurrogate, noThrow, numberText, oddWhitespace, printSummary,
  rtl, runsFor, tally, type Handler, type RawBody,
} from "./support";

process.env.MEITUAN_CALLBACK_SECRET = SECRET;
const dbInfo = useTestDatabase();

const OK = JSON.stringify({ errcode: "0", errmsg: "ok" });
const ERR = JSON.stringify({ errcode: "1", errmsg: "err" });
const LIMIT = 64 * 1024;

// ---------------------------------------------------------------------------------------------------------------
// The push model: an ordered list of fields, each with the JSON text that is sent and the text the sign covers.

type JsonStyle = "std" | "escapeAll" | "raw";

interface Field {
  key: string;
  /** JSON text of the value as written in the body. */
  raw: string;
  /** What Meituan's sign covers for this value (scalars as written, null as "", containers as compact JSON). */
  signText: string;
  /** The value in a form body (strings only). */
  form: string;
}

const wellFormed = (s: string) => s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");
const hex4 = (n: number) => n.toString(16).padStart(4, "0");

function jsonString(s: string, style: JsonStyle = "std"): string {
  if (style === "std") return JSON.stringify(s);
  if (style === "escapeAll") return `"${Array.from({ length: s.length }, (_, i) => `\\u${hex4(s.charCodeAt(i))}`).join("")}"`;
  // Only what JSON requires escaped; everything else (emoji, lone surrogates, RTL marks) goes in as is.
  return `"${s.replace(/["\\\u0000-\u001f]/g, (c) => JSON.stringify(c).slice(1, -1))}"`;
}

// A lone surrogate written raw (not as an escape) reaches the server as U+FFFD: the sign covers what arrives.
const str = (key: string, s: string, style: JsonStyle = "std"): Field => ({ key, raw: jsonString(s, style), signText: style === "raw" ? wellFormed(s) : s, form: s });
const num = (key: string, text: string): Field => ({ key, raw: text, signText: text, form: text });

/** A JSON value for nested positions: raw text (maybe spaced), compact canonical text for the sign. */
type Nested = { raw: string; canon: string };
const JSON_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;
const jsonNumberText = fc
  .tuple(
    fc.boolean(),
    fc.oneof(fc.constant("0"), fc.tuple(fc.integer({ min: 1, max: 9 }), fc.string({ unit: fc.constantFrom(..."0123456789"), maxLength: 60 })).map(([a, b]) => `${a}${b}`)),
    fc.option(fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: 1, maxLength: 40 }), { nil: undefined }),
    fc.option(fc.tuple(fc.constantFrom("e", "E"), fc.constantFrom("", "+", "-"), fc.oneof(fc.integer({ min: 0, max: 400 }).map(String), fc.constantFrom("999999", "0000400"))), { nil: undefined }),
  )
  .map(([neg, int, frac, exp]) => `${neg ? "-" : ""}${int}${frac !== undefined ? `.${frac}` : ""}${exp ? exp.join("") : ""}`)
  .filter((t) => JSON_NUMBER.test(t));
const hugeNumber = fc.oneof(
  fc.constantFrom("1e400", "-1e400", "1E400", "1e-400", "123456789012345678901234567890", "-0", "0.0000000000000000000000001", "9007199254740993", "2147483648", "1.7976931348623157e309"),
  jsonNumberText,
);

const nested: fc.Arbitrary<Nested> = fc.letrec<{ v: Nested }>((tie) => ({
  v: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    hugeNumber.map((t) => ({ raw: t, canon: t })),
    hostileText.map((s) => ({ raw: JSON.stringify(s), canon: JSON.stringify(s) })),
    fc.constantFrom("true", "false", "null").map((t) => ({ raw: t, canon: t })),
    fc.tuple(fc.array(tie("v"), { maxLength: 4 }), fc.boolean()).map(([xs, spaced]) => ({
      raw: `[${xs.map((x) => x.raw).join(spaced ? " , " : ",")}]`,
      canon: `[${xs.map((x) => x.canon).join(",")}]`,
    })),
    // Keys that are not array indexes: JS objects would reorder "1" before "b" and the canonical text with them.
    fc.tuple(fc.uniqueArray(fc.tuple(fc.string({ unit: "grapheme", minLength: 1, maxLength: 6 }).filter((k) => !/^\d+$/.test(k) && k !== "__proto__"), tie("v")), { maxLength: 4, selector: ([k]) => k }), fc.boolean()).map(([kvs, spaced]) => ({
      raw: `{${kvs.map(([k, v]) => `${JSON.stringify(k)}${spaced ? " : " : ":"}${v.raw}`).join(",")}}`,
      canon: `{${kvs.map(([k, v]) => `${JSON.stringify(k)}:${v.canon}`).join(",")}}`,
    })),
  ),
})).v;

/** A hostile value for any field; it may be a string, a number, a container, a boolean or null. */
const hostileValue = (key: string): fc.Arbitrary<Field> =>
  fc.oneof(
    { arbitrary: fc.tuple(hostileText, fc.constantFrom<JsonStyle>("std", "escapeAll", "raw")).map(([s, style]) => str(key, s, style)), weight: 5 },
    { arbitrary: fc.tuple(fc.string({ unit: fc.oneof(emoji, rtl, loneSurrogate, controlChar, oddWhitespace, fc.constant("\u0000"), fc.constant("中")), minLength: 1, maxLength: 20 }), fc.constantFrom<JsonStyle>("std", "escapeAll", "raw")).map(([s, style]) => str(key, s, style)), weight: 3 },
    { arbitrary: hugeNumber.map((t) => num(key, t)), weight: 3 },
    { arbitrary: numberText.map((t) => str(key, t)), weight: 2 },
    { arbitrary: nested.filter((n) => n.raw.startsWith("[") || n.raw.startsWith("{")).map((n) => ({ key, raw: n.raw, signText: n.canon, form: n.canon })), weight: 2 },
    { arbitrary: fc.constantFrom("true", "false").map((t) => ({ key, raw: t, signText: t, form: t })), weight: 1 },
    { arbitrary: fc.constant({ key, raw: "null", signText: "", form: "" }), weight: 1 },
    { arbitrary: fc.integer({ min: 300, max: 4000 }).map((n) => str(key, "长".repeat(n))), weight: 1 },
    { arbitrary: fc.constantFrom("9999999999999", "0000000000", "-1764300000", "17643000001", "1764300000.5", "1.7643e9", " 1764300000", "２０２６").map((t) => str(key, t)), weight: 1 },
  );

/** A well-formed push's fields, as pushPayload builds them. */
const baseFields = (over: Record<string, string> = {}): Field[] => Object.entries(pushPayload(over)).map(([k, v]) => str(k, String(v)));

/** The object the helper's sign() takes: every value as the text the sign covers. */
const signPayload = (fields: Field[]) => Object.fromEntries(lastWins(fields).map((f) => [f.key, f.signText]));
const lastWins = (fields: Field[]) => {
  const m = new Map<string, Field>();
  for (const f of fields) {
    m.delete(f.key);
    m.set(f.key, f);
  }
  return [...m.values()];
};

function jsonBody(fields: Field[], spaced = false): string {
  const sep = spaced ? ", " : ",";
  return `{${fields.map((f) => `${JSON.stringify(f.key)}${spaced ? ": " : ":"}${f.raw}`).join(sep)}}`;
}
const formBody = (fields: Field[]) => {
  const p = new URLSearchParams();
  for (const f of fields) p.append(f.key, f.form);
  return p.toString();
};

/** True when `given` is a sign the app must accept for these fields (either empty-value convention, any case). */
function validSign(fields: Field[], given: unknown) {
  if (typeof given !== "string") return false;
  const p = signPayload(fields.filter((f) => f.key !== "sign"));
  return [sign(p), sign(p, SECRET, true)].includes(given.toLowerCase());
}

// ---------------------------------------------------------------------------------------------------------------
// The database side of the checks.

let POST: Handler;
const seededOrderIds: string[] = [];
const memberSids: string[] = [];

const inboxCount = () => count(q.selectFrom("inbox_pushes"));
async function latestInbox() {
  const r = await row(q.selectFrom("inbox_pushes").select(["id", "signatureValid", "outcome", "error", "bodyTruncated", "remoteAddr"]).orderBy("id", "desc").limit(1));
  if (!r) throw new Error("the inbox is empty");
  return r;
}
/** Row count and a checksum of (orderId, status, updatedAt) and the money fields of every order. */
async function ordersChecksum() {
  const all = await rows(q.selectFrom("orders").select(["orderId", "status", "updatedAt", "payFen", "memberId", "refundType"]).orderBy("id"));
  const h = createHash("sha256");
  for (const r of all) h.update(JSON.stringify([r.orderId, r.status, r.updatedAt.toISOString(), r.payFen, r.memberId, r.refundType]));
  return `${all.length}:${h.digest("hex").slice(0, 16)}`;
}
async function eventsOfPush(pushId: number) {
  return count(q.selectFrom("order_events").where("pushId", "=", pushId));
}

interface Sent {
  body: RawBody;
  /** null: no content-type header at all. */
  contentType: string | null;
  headers?: Record<string, string>;
}

async function send(c: Sent) {
  const headers: Record<string, string> = { ...(c.contentType !== null ? { "content-type": c.contentType } : {}), ...c.headers };
  // Plain text with a content type goes through the project's own helper; everything else needs raw bytes or a stream.
  const b = c.body;
  if ("text" in b && c.contentType !== null) {
    return noThrow("callback POST", () => call(POST as never, "/api/meituan/callback", { method: "POST", body: b.text, headers }));
  }
  const body: RawBody = "text" in c.body ? { bytes: Array.from(bodyBytes(c.body)) } : c.body;
  return noThrow("callback POST", () => callRaw(POST, "/api/meituan/callback", { method: "POST", body, headers }));
}

/** The checks every single case must pass; returns the inbox row the case left. */
async function sendAndCheck(c: Sent) {
  const before = await inboxCount();
  const res = await send(c);
  expect([200, 413], `status ${res.status}: ${res.text.slice(0, 200)}`).toContain(res.status);
  expect([OK, ERR], "reply body").toContain(res.text);
  expect(res.headers.get("content-type") ?? "").toContain("application/json");
  if (res.status === 413) expect(res.text).toBe(ERR);
  expect(await inboxCount(), "exactly one new inbox_pushes row").toBe(before + 1);
  const row = await latestInbox();
  tally(`${res.status} ${row.outcome}`);
  return { res, row };
}

// ---------------------------------------------------------------------------------------------------------------
// Generators: bodies that nobody (validly) signed.

const jsonTypes = fc.constantFrom("application/json", "application/json; charset=utf-8", "APPLICATION/JSON", "application/vnd.api+json", "text/json");
const anyType = fc.oneof(
  jsonTypes,
  fc.constantFrom(
    "text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=GBK",
    "multipart/form-data; boundary=X-BOUNDARY", "application/xml", "application/octet-stream", "", ";", "json", "application/json; charset=utf-16",
    "*/*", "application/x-www-form-urlencoded;json", "text/html; charset=\u00e9",
  ),
  fc.constant(null),
  fc.string({ unit: "grapheme-ascii", maxLength: 40 }),
);

const existingOrNewId = fc.oneof({ arbitrary: fc.constant(null), weight: 2 }, { arbitrary: fc.nat(), weight: 1 });
const pickOrderId = (n: number | null) => (n === null || seededOrderIds.length === 0 ? newOrderId() : seededOrderIds[n % seededOrderIds.length]);

/** A push that would change an order if it were signed: an existing order refunded, or a new paid one. */
const victim = fc.record({
  id: existingOrNewId,
  status: fc.constantFrom("1", "8", "9"),
  refundType: fc.constantFrom("1", "2", "3", undefined),
  modTime: fc.constantFrom("1764300001", "1999999999", "9999999999"),
  sid: fc.nat(),
});
const victimFields = (v: fc.Arbitrary<{ id: number | null; status: string; refundType?: string; modTime: string; sid: number }>) =>
  v.map((x) =>
    baseFields({
      orderid: pickOrderId(x.id),
      status: x.status,
      modTime: x.modTime,
      ...(x.refundType ? { refundType: x.refundType } : {}),
      ...(memberSids.length ? { sid: memberSids[x.sid % memberSids.length] } : {}),
    }),
  );

type Forgery =
  | "none" | "empty" | "otherSecret" | "flip" | "truncate" | "pad" | "nonString" | "valueTweak" | "extraField" | "removeField"
  | "keyCase" | "unsorted" | "parsedNumbers" | "noSecret" | "replay" | "dupSignLast" | "dupValueLast";

/** A wrongly signed (or unsigned) version of a push: the fields sent and the sign field's JSON text. */
function forge(fields: Field[], how: Forgery, pick: number): { fields: Field[]; signRaw: string | null; signLast?: boolean } {
  const correct = sign(signPayload(fields));
  const at = (n: number) => n % fields.length;
  switch (how) {
    case "none":
      return { fields, signRaw: null };
    case "empty":
      return { fields, signRaw: '""' };
    case "otherSecret":
      return { fields, signRaw: JSON.stringify(sign(signPayload(fields), ["test_api_secret", "", " ", SECRET.toUpperCase(), `${SECRET} `][pick % 5])) };
    case "flip": {
      const i = pick % 32;
      const c = correct[i];
      const flipped = "0123456789abcdef"[("0123456789abcdef".indexOf(c) + 1 + (pick % 15)) % 16];
      return { fields, signRaw: JSON.stringify(correct.slice(0, i) + flipped + correct.slice(i + 1)) };
    }
    case "truncate":
      return { fields, signRaw: JSON.stringify(correct.slice(0, pick % 32)) };
    case "pad":
      return { fields, signRaw: JSON.stringify([` ${correct}`, `${correct} `, `${correct}0`, `${correct}\n`, `\u0000${correct}`, `${correct}\u0000`][pick % 6]) };
    case "nonString":
      return { fields, signRaw: [`["${correct}"]`, `{"sign":"${correct}"}`, "true", "null", "0", `"${correct}"`.replace(/"/g, "")][pick % 6].replace(/^[0-9a-f]{32}$/, "1e400") };
    case "valueTweak": {
      const i = at(pick);
      const f = fields[i];
      const tweaked: Field = f.signText === "1" ? str(f.key, "9") : { key: f.key, raw: jsonString(`${f.signText}0`), signText: `${f.signText}0`, form: `${f.signText}0` };
      return { fields: fields.map((g, j) => (j === i ? tweaked : g)), signRaw: JSON.stringify(correct) };
    }
    case "extraField":
      return { fields: [...fields, str(["refundType", "status", "sid", "payPrice", "zzz", "orderId"][pick % 6], ["1", "9", "attacker", "99999.99", "x", "1"][pick % 6])], signRaw: JSON.stringify(correct) };
    case "removeField": {
      const i = at(pick);
      if (fields[i].signText === "") return { fields, signRaw: null };
      return { fields: fields.filter((_, j) => j !== i), signRaw: JSON.stringify(correct) };
    }
    case "keyCase":
      return { fields: fields.map((f, j) => (j === at(pick) ? { ...f, key: f.key.toUpperCase() === f.key ? f.key.toLowerCase() : f.key.toUpperCase() } : f)), signRaw: JSON.stringify(correct) };
    case "unsorted": {
      // The keys in body order instead of sorted order.
      let s = SECRET;
      for (const f of lastWins(fields)) s += f.key + f.signText;
      return { fields, signRaw: JSON.stringify(createHash("md5").update(s + SECRET, "utf8").digest("hex")) };
    }
    case "parsedNumbers": {
      // Amounts as JSON numbers, signed over JSON.parse's idea of them (28.8 instead of the 28.80 sent).
      const withNums = fields.map((f) => (["payPrice", "total", "direct"].includes(f.key) && /^\d+\.\d*0$/.test(f.signText) ? num(f.key, f.signText) : f));
      const p = Object.fromEntries(lastWins(withNums).map((f) => [f.key, f.raw.startsWith('"') ? f.signText : String(JSON.parse(f.raw))]));
      return { fields: withNums, signRaw: JSON.stringify(sign(p)) };
    }
    case "noSecret":
      return { fields, signRaw: JSON.stringify(createHash("md5").update(lastWins(fields).map((f) => f.key + f.signText).sort().join(""), "utf8").digest("hex")) };
    case "replay":
      return { fields, signRaw: JSON.stringify(sign(pushPayload())) };
    case "dupSignLast":
      // A correct sign first, a wrong one last: the last one counts.
      return { fields: [...fields, str("sign", correct)], signRaw: JSON.stringify("0".repeat(32)), signLast: true };
    case "dupValueLast": {
      // Signed as is, then a second status/refundType appended: the last value counts and is not what was signed.
      return { fields: [...fields, str(["status", "refundType", "payPrice", "sid"][pick % 4], ["9", "1", "0.01", "x"][pick % 4])], signRaw: JSON.stringify(correct) };
    }
  }
}

const forgeries: Forgery[] = ["none", "empty", "otherSecret", "flip", "truncate", "pad", "nonString", "valueTweak", "extraField", "removeField", "keyCase", "unsorted", "parsedNumbers", "noSecret", "replay", "dupSignLast", "dupValueLast"];

interface BadCase extends Sent {
  kind: string;
  /** The fields and the sign as sent, for the oracle: a case that is in fact validly signed is skipped. */
  model?: { fields: Field[]; signRaw: string | null };
}

/** The fields with a sign field inserted at `signAt` (modulo the length), or appended when `last`. */
const withSign = (fields: Field[], signRaw: string | null, signAt: number, last = false): Field[] => {
  if (signRaw === null) return fields;
  const s: Field = { key: "sign", raw: signRaw, signText: "", form: signRaw.startsWith('"') ? JSON.parse(signRaw) : signRaw };
  const i = last ? fields.length : signAt % (fields.length + 1);
  return [...fields.slice(0, i), s, ...fields.slice(i)];
};

/** Wrongly signed pushes that would change an order, as JSON or form, with any content type. */
const forgedPush: fc.Arbitrary<BadCase> = fc
  .tuple(victimFields(victim), fc.constantFrom(...forgeries), fc.nat(), fc.nat(), fc.boolean(), fc.oneof(jsonTypes, anyType))
  .map(([fields, how, pick, signAt, asForm, contentType]) => {
    const f = forge(fields, how, pick);
    const sent = withSign(f.fields, f.signRaw, signAt, f.signLast);
    return {
      kind: `forged:${how}${asForm ? ":form" : ""}`,
      body: { text: asForm ? formBody(sent) : jsonBody(sent) },
      contentType: asForm && contentType !== null && contentType.includes("json") ? "application/x-www-form-urlencoded" : contentType,
      model: { fields: f.fields, signRaw: f.signRaw },
    };
  });

const validJsonText = victimFields(victim).map((fields) => jsonBody(withSign(fields, JSON.stringify(sign(signPayload(fields))), 99)));

/** Syntax errors of every kind. */
const invalidJson: fc.Arbitrary<BadCase> = fc.oneof(
  fc.tuple(validJsonText, fc.nat()).map(([t, n]) => ({ kind: "invalid:truncated", body: { text: t.slice(0, n % t.length) }, contentType: "application/json" })),
  fc.tuple(validJsonText, fc.nat(), fc.constantFrom(",", "}", "{", '"', "\\", ":", "]", "[", "\u0000", "'", "/*", "NaN", "\ufeff")).map(([t, n, c]) => {
    const i = 1 + (n % (t.length - 1));
    return { kind: "invalid:inserted", body: { text: t.slice(0, i) + c + t.slice(i) }, contentType: "application/json" };
  }),
  fc.tuple(fc.string({ unit: "binary", maxLength: 200 }), jsonTypes).map(([s, ct]) => ({ kind: "invalid:random", body: { text: `{${s}` }, contentType: ct })),
  fc.tuple(fc.string({ unit: "grapheme", maxLength: 200 }), anyType).map(([s, ct]) => ({ kind: "invalid:random-any", body: { text: s }, contentType: ct })),
  fc.constantFrom(
    "", " ", "{", "}", "[]", "[{}]", "null", "true", "1", '"x"', "{}", "{,}", '{"a":1,}', "{'orderid':'1'}", '{orderid:"1"}', '{"a":1}//',
    '{"a":NaN}', '{"a":Infinity}', '{"a":-}', '{"a":01}', '{"a":1.}', '{"a":.5}', '{"a":+1}', '{"a":0x10}', '{"a":1e}', '{"a":"\\x41"}',
    '{"a":"\\u12"}', '{"a":"\\ud800"}', '{"a":"\t"}', '{"a":"\n"}', '{"a" "b"}', '{"a":1 "b":2}', '{"a":[1,]}', '{"a":tru}', '{"a":nul}',
    "\ufeff{}", '{"a":1}{"b":2}', '{"a":1}\u0000', "\u0000", '{"__proto__":{"status":"9"}}', '{"constructor":{"prototype":{"x":1}}}',
  ).chain((t) => jsonTypes.map((ct) => ({ kind: "invalid:classic", body: { text: t }, contentType: ct }))),
  fc.tuple(fc.json({ maxDepth: 3 }), jsonTypes).filter(([t]) => !t.startsWith("{")).map(([t, ct]) => ({ kind: "invalid:not-object", body: { text: t }, contentType: ct })),
);

const hugeNumbersUnsigned: fc.Arbitrary<BadCase> = fc
  .tuple(victimFields(victim), fc.array(fc.tuple(fc.nat(), fc.oneof(hugeNumber, fc.constantFrom("01", "-", "+1", "1.", ".1", "1e", "1e+", "--1", "1" + "0".repeat(500), "0." + "0".repeat(600) + "1"))), { minLength: 1, maxLength: 5 }))
  .map(([fields, reps]) => {
    const out = [...fields];
    for (const [i, t] of reps) out[i % out.length] = num(out[i % out.length].key, t);
    return { kind: "huge-numbers", body: { text: jsonBody(out) }, contentType: "application/json", model: { fields: out, signRaw: null } };
  });

const deepNesting: fc.Arbitrary<BadCase> = fc
  .tuple(fc.oneof(fc.integer({ min: 30, max: 40 }), fc.integer({ min: 41, max: 1000 }), fc.constant(1000), fc.constant(20_000)), fc.constantFrom("[", '{"a":', "mixed"), fc.boolean(), fc.boolean())
  .map(([depth, open, balanced, inField]) => {
    const opens = Array.from({ length: depth }, (_, i) => (open === "mixed" ? (i % 2 ? "[" : '{"a":') : open)).join("");
    const closes = Array.from({ length: balanced ? depth : Math.floor(depth / 2) }, (_, i) => (open === "mixed" ? ((depth - 1 - i) % 2 ? "]" : "}") : open === "[" ? "]" : "}")).join("");
    const value = `${opens}1${closes}`;
    const text = inField ? `{"orderid":"${newOrderId()}","status":"1","x":${value},"sign":"${"0".repeat(32)}"}` : value;
    return { kind: `deep:${depth}`, body: { text }, contentType: "application/json" };
  });

const wrongTypes: fc.Arbitrary<BadCase> = fc
  .tuple(victimFields(victim), fc.array(fc.tuple(fc.nat(), nested), { minLength: 1, maxLength: 4 }), fc.constantFrom<Forgery>("none", "flip", "valueTweak", "otherSecret"), fc.nat())
  .map(([fields, reps, how, pick]) => {
    const out = [...fields];
    for (const [i, n] of reps) out[i % out.length] = { key: out[i % out.length].key, raw: n.raw, signText: n.canon, form: n.canon };
    const f = forge(out, how, pick);
    return { kind: `wrong-types:${how}`, body: { text: jsonBody(withSign(f.fields, f.signRaw, pick, f.signLast)) }, contentType: "application/json", model: f };
  });

const unicodeUnsigned: fc.Arbitrary<BadCase> = fc
  .tuple(victimFields(victim), fc.array(fc.tuple(fc.nat(), hostileText, fc.constantFrom<JsonStyle>("std", "escapeAll", "raw"), fc.boolean()), { minLength: 1, maxLength: 5 }), fc.constantFrom<Forgery>("none", "flip", "otherSecret", "valueTweak"), fc.nat())
  .map(([fields, reps, how, pick]) => {
    let out = [...fields];
    for (const [i, s, style, asKey] of reps) {
      const j = i % out.length;
      out = out.map((f, k) => (k !== j ? f : asKey ? { ...f, key: s } : str(f.key, s, style)));
    }
    const f = forge(out, how, pick);
    return { kind: `unicode:${how}`, body: { text: jsonBody(withSign(f.fields, f.signRaw, pick, f.signLast)) }, contentType: "application/json", model: f };
  });

const nulBytes: fc.Arbitrary<BadCase> = fc.tuple(validJsonText, fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), fc.constantFrom("\u0000", "\\u0000", "%00"), anyType).map(([t, at, nul, ct]) => {
  let s = t;
  for (const n of at) {
    const i = n % (s.length + 1);
    s = s.slice(0, i) + nul + s.slice(i);
  }
  return { kind: `nul:${JSON.stringify(nul)}`, body: { text: s }, contentType: ct };
});

const missingAndExtra: fc.Arbitrary<BadCase> = fc
  .tuple(victimFields(victim), fc.array(fc.boolean(), { minLength: 20, maxLength: 20 }), fc.array(fc.tuple(fc.oneof(hostileText, fc.constantFrom("sign", "SIGN", "Sign", "orderId", "orderid ", " orderid", "status\u0000", "__proto__", "")), hostileValue("x")), { maxLength: 5 }), fc.constantFrom<Forgery>("none", "flip", "otherSecret", "removeField", "extraField"), fc.nat())
  .map(([fields, keep, extra, how, pick]) => {
    const out = [...fields.filter((_, i) => keep[i % keep.length]), ...extra.map(([k, v]) => ({ ...v, key: k }))];
    if (out.length === 0) out.push(str("x", "y"));
    const f = forge(out, how, pick);
    return { kind: `fields:${how}`, body: { text: jsonBody(withSign(f.fields, f.signRaw, pick, f.signLast)) }, contentType: "application/json", model: f };
  });

const repeatedKeys: fc.Arbitrary<BadCase> = fc.tuple(victimFields(victim), fc.constantFrom<Forgery>("dupSignLast", "dupValueLast"), fc.nat(), fc.boolean()).map(([fields, how, pick, asForm]) => {
  const f = forge(fields, how, pick);
  const sent = withSign(f.fields, f.signRaw, 0, f.signLast);
  return { kind: `repeated:${how}${asForm ? ":form" : ""}`, body: { text: asForm ? formBody(sent) : jsonBody(sent) }, contentType: asForm ? "application/x-www-form-urlencoded" : "application/json", model: f };
});

const multipart = (fields: Field[], boundary: string) =>
  `${fields.map((f) => `--${boundary}\r\nContent-Disposition: form-data; name="${f.key}"\r\n\r\n${f.form}\r\n`).join("")}--${boundary}--\r\n`;

const wrongContentTypes: fc.Arbitrary<BadCase> = fc
  .tuple(victimFields(victim), fc.constantFrom<Forgery>("none", "flip", "otherSecret", "truncate"), fc.nat(), fc.constantFrom("json", "form", "multipart", "xml", "csv"), anyType)
  .map(([fields, how, pick, shape, ct]) => {
    const f = forge(fields, how, pick);
    const sent = withSign(f.fields, f.signRaw, pick, f.signLast);
    const text =
      shape === "json" ? jsonBody(sent) : shape === "form" ? formBody(sent)
      : shape === "multipart" ? multipart(sent, "X-BOUNDARY")
      : shape === "xml" ? `<?xml version="1.0"?><push>${sent.map((s) => `<${s.key}>${s.form}</${s.key}>`).join("")}</push>`
      : `${sent.map((s) => s.key).join(",")}\n${sent.map((s) => s.form).join(",")}`;
    return { kind: `content-type:${shape}:${how}`, body: { text }, contentType: shape === "multipart" ? "multipart/form-data; boundary=X-BOUNDARY" : ct, model: f };
  });

const GBK_MEITUAN = [0xc3, 0xc0, 0xcd, 0xc5]; // 美团 in GBK
const oddForms: fc.Arbitrary<BadCase> = fc.oneof(
  fc.constantFrom(
    "orderid=1&status=%ZZ", "%", "%%", "%e4%b8", "orderid=%e4%b8&status=1", "+", "=", "&&&", "a=b=c", "orderid[]=1&status[]=1", "orderid=1;status=1",
    "orderid=1&orderid=2&sign=", "sign=&sign=", "orderid=%00&status=%01", "orderid=1%26status%3D9", "%FF%FE%00o%00r", "orderid=%C3%C0%CD%C5",
    "orderid=1&status=1&sign=" + "0".repeat(32), "=\u0000", "orderid\u0000=1", "orderid=1&status=1&sign=%20" + "0".repeat(32),
  ).chain((t) => fc.constantFrom<string | null>("application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=gbk", "text/plain", null).map((ct) => ({ kind: "form:odd", body: { text: t }, contentType: ct }) as BadCase)),
  fc.tuple(fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 200 }), fc.constantFrom("application/x-www-form-urlencoded", "application/json", "text/plain")).map(([bytes, ct]) => ({
    kind: "bytes:random", body: { bytes: [...Array.from(new TextEncoder().encode("orderid=")), ...bytes] }, contentType: ct,
  })),
  fc.constantFrom("gbk", "utf16le", "latin1").map((enc) => {
    const ascii = `orderid=${newOrderId()}&status=1&smstitle=`;
    const tail = enc === "gbk" ? GBK_MEITUAN : enc === "latin1" ? [0xe9, 0xe8, 0xff] : [];
    const bytes = enc === "utf16le" ? [0xff, 0xfe, ...Array.from(Buffer.from(`{"orderid":"1","status":"1"}`, "utf16le"))] : [...Array.from(Buffer.from(ascii)), ...tail, ...Array.from(Buffer.from(`&sign=${"0".repeat(32)}`))];
    return { kind: `bytes:${enc}`, body: { bytes }, contentType: enc === "utf16le" ? "application/json; charset=utf-16" : "application/x-www-form-urlencoded; charset=gbk" } as BadCase;
  }),
  fc.tuple(fc.array(fc.tuple(hostileText, hostileText), { maxLength: 6 }), fc.boolean()).map(([kvs, encode]) => ({
    kind: "form:hostile",
    body: { text: encode ? new URLSearchParams(kvs).toString() : kvs.map(([k, v]) => `${k}=${v}`).join("&") },
    contentType: "application/x-www-form-urlencoded",
  })),
);

/**
 * The fields with the title padded so that the JSON body (with a 32-hex sign when `signed`) is exactly `size` bytes:
 * `fill` as far as it goes, topped up with "x".
 */
function padTitle(fields: Field[], size: number, fill = "x", signed = true): Field[] {
  const withTitle = (t: string) => fields.map((x) => (x.key === "smstitle" ? str("smstitle", t) : x));
  const bytes = (t: string) => Buffer.byteLength(jsonBody(withSign(withTitle(t), signed ? JSON.stringify("0".repeat(32)) : null, 99)));
  const base = bytes("");
  const unit = bytes(fill) - base;
  let title = fill.repeat(Math.max(0, Math.floor((size - base) / unit)));
  title += "x".repeat(Math.max(0, size - bytes(title)));
  return withTitle(title);
}

/** Bodies over the limit: just over, far over, lying about their length, streamed in odd chunks, or cut off. */
const oversized: fc.Arbitrary<BadCase> = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(fc.oneof(fc.integer({ min: LIMIT + 1, max: LIMIT + 3 }), fc.integer({ min: LIMIT + 4, max: 4 * LIMIT })), fc.constantFrom("x", "中", "😀", "\u0000", "{", "["), fc.boolean()).map(([size, fill, signed]) => {
    // A validly signed push padded past the limit through its title: refused whole, never applied.
    const fields = padTitle(baseFields(), size, fill, signed);
    const text = jsonBody(withSign(fields, signed ? JSON.stringify(sign(signPayload(fields))) : null, 99));
    return { kind: `oversized:${signed ? "signed" : "unsigned"}:${Buffer.byteLength(text)}`, body: { text }, contentType: "application/json", model: signed ? undefined : { fields, signRaw: null } } as BadCase;
  }) },
  { weight: 1, arbitrary: fc.constantFrom(1, 4, 16).map((mb) => ({ kind: `huge:${mb}MiB`, body: { repeat: "x", times: mb * 1024 * 1024, prefix: '{"orderid":"1","smstitle":"', suffix: '"}' }, contentType: "application/json" }) as BadCase) },
  { weight: 2, arbitrary: fc.tuple(fc.array(fc.integer({ min: 1, max: 40_000 }), { minLength: 2, maxLength: 12 }), fc.boolean()).map(([sizes, fails]) => {
    // A signed push streamed in odd chunks, padded with whitespace before its closing brace: over the limit, or
    // cut off by the client part way. (Signed streams within the limit are in the signed target.)
    const fields = baseFields();
    const whole = jsonBody(withSign(fields, JSON.stringify(sign(signPayload(fields))), 99));
    const stream = `${whole.slice(0, -1)}${" ".repeat(sizes.reduce((a, b) => a + b, 0))}}`;
    const total = Buffer.byteLength(stream);
    const failAfter = fails || total <= LIMIT;
    return { kind: `chunked:${total > LIMIT ? "over" : "under"}${failAfter ? ":fails" : ""}`, body: { stream, chunkSizes: [whole.length - 1, ...sizes], failAfter }, contentType: "application/json" } as BadCase;
  }) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom("100000", "65537", "99999999999999999999", "1e6", "-1", "abc", "0"), fc.boolean()).map(([declared, signed]) => {
    // A content-length over the limit is refused whatever the body; a signed one under it is in the signed target.
    const fields = baseFields();
    const over = Number(declared) > LIMIT;
    const text = jsonBody(withSign(fields, signed && over ? JSON.stringify(sign(signPayload(fields))) : JSON.stringify("0".repeat(32)), 99));
    return { kind: `declared-length:${declared}${signed && over ? ":signed" : ""}`, body: { text }, contentType: "application/json", headers: { "content-length": declared } } as BadCase;
  }) },
);

const badBodyRaw: fc.Arbitrary<BadCase> = fc.oneof(
  { weight: 5, arbitrary: forgedPush },
  { weight: 3, arbitrary: invalidJson },
  { weight: 2, arbitrary: hugeNumbersUnsigned },
  { weight: 2, arbitrary: deepNesting },
  { weight: 2, arbitrary: wrongTypes },
  { weight: 3, arbitrary: unicodeUnsigned },
  { weight: 2, arbitrary: nulBytes },
  { weight: 2, arbitrary: missingAndExtra },
  { weight: 2, arbitrary: repeatedKeys },
  { weight: 2, arbitrary: wrongContentTypes },
  { weight: 2, arbitrary: oddForms },
  { weight: 2, arbitrary: oversized },
);

/** Header values a client can send (Latin-1, no NUL/CR/LF): the remote address is stored from them. */
const headerText = fc.string({ unit: fc.integer({ min: 1, max: 255 }).filter((c) => c !== 10 && c !== 13).map((c) => String.fromCharCode(c)), maxLength: 80 });
const forwardedFor = fc.option(
  fc.oneof(headerText, fc.constantFrom("127.0.0.1", "::1", "1.1.1.1, 2.2.2.2", ", ,", "unknown", "999.999.999.999", "x".repeat(8000), "\u00e9\u00ff", "' OR 1=1 --")),
  { freq: 3, nil: undefined },
);

const badBody = fc.tuple(badBodyRaw, forwardedFor).map(([c, xff]) => compact(xff === undefined ? c : { ...c, headers: { ...c.headers, "x-forwarded-for": xff } }));

// ---------------------------------------------------------------------------------------------------------------
// Generators: validly signed pushes with hostile values.

interface SignedCase extends Sent {
  kind: string;
  /** "ok": a usable orderid and status, so Meituan must get errcode 0; "reject": a required field is unusable. */
  expect: "ok" | "reject";
  orderId: string | null;
}

const requiredBroken = fc.oneof(
  fc.constant({ drop: "orderid" as const }),
  fc.constant({ drop: "status" as const }),
  fc.tuple(fc.constantFrom("orderid", "status"), fc.oneof(
    nested.filter((n) => /^[[{]/.test(n.raw)).map((n) => ({ raw: n.raw, signText: n.canon, form: n.canon })),
    fc.constantFrom("", " ", "\u0000", "\u3000", "\t\u0001", "null").map((s) => (s === "null" ? { raw: "null", signText: "", form: "" } : { raw: JSON.stringify(s), signText: s, form: s })),
  )).map(([key, v]) => ({ replace: key, ...v })),
  fc.constant({ replace: "orderid" as const, raw: JSON.stringify("9".repeat(65)), signText: "9".repeat(65), form: "9".repeat(65) }),
);

const signedPushRaw: fc.Arbitrary<SignedCase> = fc
  .record({
    id: existingOrNewId,
    sid: fc.oneof(fc.constant(null), fc.nat()),
    status: fc.oneof(fc.constantFrom("1", "8", "9", "6", "0", "-1", "99", "1 ", " 8"), hostileText.map((s) => `1${s}`)),
    refundType: fc.option(fc.oneof(fc.constantFrom("1", "2", "3", "4", ""), hostileText), { freq: 2, nil: undefined }),
    modTime: fc.option(fc.oneof(fc.constantFrom("1764300001", "1764999999", "9999999999", "0000000000", "9999999999999", "1764300001000"), numberText), { nil: undefined }),
    orderAsNumber: fc.boolean(),
    hostile: fc.array(fc.tuple(fc.constantFrom("smstitle", "payPrice", "total", "direct", "ratio", "quantity", "businessLine", "subBusinessLine", "actId", "paytime", "ordertime", "uid", "appkey", "couponCode", "encryptionVoucherId", "productName", "tradeTypeList", "refundPrice", "sid"), fc.nat()), { maxLength: 6 }),
    hostileValues: fc.array(hostileValue("x"), { minLength: 6, maxLength: 6 }),
    drop: fc.array(fc.boolean(), { minLength: 20, maxLength: 20 }),
    extra: fc.array(fc.tuple(fc.oneof(hostileText.filter((k) => k !== "sign"), fc.constantFrom("__proto__", "constructor", "", "SIGN", "Sign", "sign ", "orderId", "prototype")), hostileValue("x")), { maxLength: 4 }),
    garbageFirst: fc.array(fc.constantFrom("status", "orderid", "payPrice", "sign", "sid"), { maxLength: 2 }),
    // About one case in seven has an unusable orderid or status.
    broken: fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: requiredBroken }),
    form: fc.boolean(),
    spaced: fc.boolean(),
    upper: fc.boolean(),
    skipEmpty: fc.boolean(),
    signAt: fc.nat(),
    contentType: fc.nat(),
    // Padded (through the title) to exactly this many bytes, around the 64 KiB limit.
    padTo: fc.oneof({ weight: 14, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.integer({ min: LIMIT - 3, max: LIMIT + 2 }) }),
    // Sent in one piece, streamed in chunks of these sizes, or with a content-length header (true or understated).
    transport: fc.oneof(fc.constant(null), fc.array(fc.integer({ min: 1, max: 3000 }), { minLength: 1, maxLength: 8 }), fc.constantFrom("true-length", "0", "-1", "abc")),
  })
  .map((g) => {
    const orderId = pickOrderId(g.id);
    let fields = baseFields({
      orderid: orderId,
      status: g.status,
      ...(g.refundType !== undefined ? { refundType: g.refundType } : {}),
      ...(g.sid !== null && memberSids.length ? { sid: memberSids[g.sid % memberSids.length] } : {}),
    });
    if (g.modTime === undefined) fields = fields.filter((f) => f.key !== "modTime");
    else fields = fields.map((f) => (f.key === "modTime" ? str("modTime", g.modTime!) : f));
    if (g.orderAsNumber) fields = fields.map((f) => (f.key === "orderid" ? num("orderid", orderId) : f));
    // Optional fields dropped at random; hostile values for some of the rest; extra keys of every kind.
    const required = new Set(["orderid", "status"]);
    fields = fields.filter((f, i) => required.has(f.key) || !g.drop[i % g.drop.length]);
    g.hostile.forEach(([key], i) => {
      const v = { ...g.hostileValues[i % g.hostileValues.length], key };
      const at = fields.findIndex((f) => f.key === key);
      if (at >= 0) fields[at] = v;
      else fields.push(v);
    });
    for (const [k, v] of g.extra) if (!fields.some((f) => f.key === k) && !required.has(k) && k !== "orderId") fields.push({ ...v, key: k });
    let expectOk = true;
    if (g.broken) {
      expectOk = false;
      // In a form body a container is just text (a usable orderid "[]"): break it by dropping the field instead.
      const b = g.form && "replace" in g.broken && /^[[{]/.test(g.broken.raw) ? { drop: g.broken.replace } : g.broken;
      if ("drop" in b) fields = fields.filter((f) => f.key !== b.drop);
      else fields = fields.map((f) => (f.key === b.replace ? { key: f.key, raw: b.raw, signText: b.signText, form: b.form } : f));
    }
    // The callback refuses identity and state fields that are not in their documented shape (re-split forgeries).
    if (expectOk && !stateShapesOk(fields, Boolean(g.form))) expectOk = false;
    // A form body cannot carry a lone surrogate (URLSearchParams sends U+FFFD, which sorts differently as a key).
    if (g.form) fields = fields.map((f) => ({ key: wellFormed(f.key), raw: f.raw, signText: wellFormed(f.signText), form: wellFormed(f.form) }));
    if (g.padTo !== undefined && !g.form && g.garbageFirst.length === 0) {
      fields = fields.filter((f) => f.key !== "smstitle");
      fields.push(str("smstitle", ""));
      fields = padTitle(fields, g.padTo);
    }
    // Repeated keys: a garbage value first, the signed one last (the last one counts).
    const garbage = g.garbageFirst.filter((k) => k === "sign" || fields.some((f) => f.key === k)).map((k) => str(k, k === "sign" ? "0".repeat(32) : "garbage"));
    const signed = sign(signPayload(fields), SECRET, g.skipEmpty);
    const signField = str("sign", g.upper ? signed.toUpperCase() : signed);
    const ordered = [...garbage, ...fields];
    const at = garbage.length + (g.signAt % (fields.length + 1));
    const sent = [...ordered.slice(0, at), signField, ...ordered.slice(at)];
    // Form bodies carry strings only: a value that is not a JSON string is sent as its sign text.
    const jsonTypesOk = ["application/json", "application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded", null, "APPLICATION/JSON"];
    const formTypesOk = ["application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=UTF-8", "text/plain", null];
    const types = g.form ? formTypesOk : jsonTypesOk;
    const contentType = types[g.contentType % types.length];
    const text = g.form ? formBody(sent) : jsonBody(sent, g.spaced && g.padTo === undefined);
    let body: RawBody = { text };
    let headers: Record<string, string> | undefined;
    if (Array.isArray(g.transport)) {
      body = { stream: text, chunkSizes: g.transport };
    } else if (g.transport !== null) {
      headers = { "content-length": g.transport === "true-length" ? String(Buffer.byteLength(text)) : g.transport };
    }
    return {
      kind: `signed:${g.form ? "form" : "json"}${g.broken ? ":broken" : ""}${Array.isArray(g.transport) ? ":chunked" : g.transport ? `:length=${g.transport}` : ""}`,
      body,
      headers,
      contentType,
      expect: expectOk ? "ok" : "reject",
      orderId: expectOk ? orderId : null,
    } as SignedCase;
  });

const signedPush = signedPushRaw.map(compact);

// ---------------------------------------------------------------------------------------------------------------

beforeAll(async () => {
  POST = (await import("@/app/api/meituan/callback/route")).POST as unknown as Handler;
  const { registerMember } = await import("@/lib/accounts/register");
  // A three-level referral chain, so signed pushes reach the commission ledger at every level.
  const top = await registerMember({ username: "top@example.com", agreed: true, password: "Password-123" });
  const mid = await registerMember({ username: "mid@example.com", agreed: true, password: "Password-123", inviteCode: top.inviteCode });
  const leaf = await registerMember({ username: "13900139000", agreed: true, password: "Password-123", inviteCode: mid.inviteCode });
  memberSids.push(leaf.sid, mid.sid, top.sid);
  // Orders the forgeries aim at: paid, completed and partly refunded ones, attributed and not.
  const states = [{ status: "1" }, { status: "8", modTime: "1764400000" }, { status: "9", refundType: "2", modTime: "1764500000" }];
  for (let i = 0; i < 12; i++) {
    const p = pushPayload({ ...states[i % 3], ...(i % 4 ? { sid: memberSids[i % 3] } : {}) });
    const res = await call(POST as never, "/api/meituan/callback", { json: { ...p, sign: sign(p) } });
    expect(res.text).toBe(OK);
    seededOrderIds.push(p.orderid as string);
  }
});

afterAll(() => printSummary(`callback on ${dbInfo.kind}`));


/** The app's reading of a field (lib/meituan/push.ts `scalar`): strings cleaned and trimmed, numbers as written. */
function appScalar(f: Field, form: boolean): string | null {
  if (form) return f.form.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "").trim();
  const r = f.raw.trim();
  if (r === "null" || r.startsWith("[") || r.startsWith("{")) return null;
  if (r.startsWith('"')) return f.signText.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "").trim();
  return r;
}

/** Mirrors the documented shapes the callback insists on for orderid, status, refundType, modTime and sid. */
function stateShapesOk(fields: Field[], form: boolean): boolean {
  const value = (key: string, max: number) => {
    const f = [...fields].reverse().find((x) => x.key === key);
    const v = f ? appScalar(f, form) : null;
    return v === null || v === "" ? null : v.slice(0, max);
  };
  const orderId = value("orderid", 1000) ?? value("orderId", 1000);
  if (!orderId || !/^\d{1,32}$/.test(orderId)) return false;
  const status = value("status", 16);
  if (!status || !/^\d{1,4}$/.test(status)) return false;
  const refundType = value("refundType", 16);
  if (refundType !== null && !/^\d{1,4}$/.test(refundType)) return false;
  const modTime = value("modTime", 20);
  if (modTime !== null && !/^(\d{10}|\d{13})$/.test(modTime)) return false;
  const sid = value("sid", 200);
  return sid === null || /^[A-Za-z0-9_-]{1,64}$/.test(sid);
}

describe(`callback fuzz on ${process.env.TEST_DATABASE === "postgres" ? "postgres" : "sqlite"}`, () => {
  it("unsigned or wrongly signed bodies: errcode 1, stored once, no order created or changed", async () => {
    const before = await ordersChecksum();
    await fuzz(
      "callback/unsigned",
      badBody,
      async (c) => {
        // The oracle: a case that turns out to carry a valid sign belongs to the signed target, not here.
        if (c.model && c.model.signRaw !== null) {
          const s = c.model.signRaw.startsWith('"') ? JSON.parse(c.model.signRaw) : null;
          fc.pre(!validSign(c.model.fields, s));
        }
        const orders = await ordersChecksum();
        const { res, row } = await sendAndCheck(c);
        expect(res.text, `${c.kind}: must be refused`).toBe(ERR);
        expect(row.signatureValid, `${c.kind}: signatureValid`).toBe(false);
        expect(row.outcome, c.kind).toBe("rejected");
        expect(await eventsOfPush(row.id), `${c.kind}: order events from a refused push`).toBe(0);
        expect(await ordersChecksum(), `${c.kind}: orders changed by a refused push`).toBe(orders);
      },
      runsFor(0.6),
    );
    // And over the whole batch: same row count, same (orderId, status, updatedAt, …) checksum.
    expect(await ordersChecksum(), "orders after the batch of refused bodies").toBe(before);
  });

  it("validly signed hostile pushes: verified, stored once, processed (never 'failed'), errcode by content", async () => {
    await fuzz(
      "callback/signed",
      signedPush,
      async (c) => {
        const { res, row } = await sendAndCheck(c);
        const size = bodyBytes(c.body).byteLength;
        if (size > LIMIT) {
          expect(res.status).toBe(413);
          return;
        }
        expect(res.status).toBe(200);
        expect(row.signatureValid, `${c.kind}: a valid sign was not recognised (error: ${row.error})`).toBe(true);
        if (c.expect === "reject") {
          expect(res.text, `${c.kind}: unusable orderid/status`).toBe(ERR);
          expect(row.outcome).toBe("rejected");
          expect(String(row.error)).toMatch(/推送内容无效/);
          return;
        }
        expect(row.error, `${c.kind}: processing error`).toBeNull();
        expect(["applied", "ignored", "duplicate"], `${c.kind}: outcome ${row.outcome} (${row.error})`).toContain(row.outcome);
        expect(res.text).toBe(OK);
        const o = await (await raw()).row(q.selectFrom("orders").select(["status", "payFen", "totalFen", "quantity", "title"]).where("platform", "=", "union").where("orderId", "=", c.orderId));
        expect(o, `order ${c.orderId} exists`).toBeTruthy();
        expect(["paid", "completed", "refunded", "risk", "unknown"]).toContain(o!.status);
        for (const fen of [o!.payFen, o!.totalFen]) if (fen !== null) expect(Math.abs(fen)).toBeLessThanOrEqual(2_000_000_000);
        if (o!.title !== null) expect(o!.title).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/);
      },
      runsFor(0.35),
    );
  });

  it("concurrent mixes of refused and signed bodies: every request answered, stored once, refused ones refused", async () => {
    await fuzz(
      "callback/concurrent",
      fc.array(fc.oneof(badBody.map((c) => ({ bad: true as const, c })), signedPush.map((c) => ({ bad: false as const, c }))), { minLength: 2, maxLength: 12 }).map(compact),
      async (batch) => {
        // fc.pre cannot be used across a batch: a forged case that happens to be validly signed just counts as signed.
        const isBad = batch.map(({ bad, c }) => {
          const m = bad ? (c as BadCase).model : undefined;
          return bad && !(m && m.signRaw !== null && validSign(m.fields, m.signRaw.startsWith('"') ? JSON.parse(m.signRaw) : null));
        });
        const before = await inboxCount();
        const replies = await Promise.all(batch.map(({ c }) => send(c)));
        replies.forEach((res, i) => {
          const what = `${batch[i].c.kind} (#${i} of ${batch.length})`;
          tally(`${res.status}`);
          expect([200, 413], `${what}: status ${res.status} ${res.text.slice(0, 200)}`).toContain(res.status);
          expect([OK, ERR], `${what}: reply`).toContain(res.text);
          if (isBad[i]) expect(res.text, `${what}: must be refused`).toBe(ERR);
          const sc = batch[i].c as SignedCase;
          if (!batch[i].bad && sc.expect === "ok" && bodyBytes(sc.body).byteLength <= LIMIT) expect(res.text, `${what}: signed push`).toBe(OK);
        });
        expect(await inboxCount(), "one inbox row per request").toBe(before + batch.length);
      },
      runsFor(0.02),
    );
  });

  it("a captured signed push read with different key boundaries (same sign) creates no order and changes none", async () => {
    await fuzz(
      "callback/splice",
      // Half the cases re-split at "orderid", the rest anywhere.
      fc.record({ sid: fc.nat(), absorbInto: fc.oneof(fc.constant("orderid"), fc.nat()), count: fc.integer({ min: 1, max: 4 }), status: fc.constantFrom("1", "8") }),
      async (g) => {
        // Meituan's sign is md5(secret k1v1k2v2… secret): "orderid" + id + "payPrice" + "28.80" reads the same as
        // "orderid" + (id + "payPrice28.80"). A re-split keeps the sign valid but must not mint a new order.
        const p = pushPayload({ sid: memberSids[g.sid % memberSids.length], status: g.status });
        const genuine = await sendAndCheck({ body: { text: JSON.stringify({ ...p, sign: sign(p) }) }, contentType: "application/json" });
        expect(genuine.res.text).toBe(OK);
        const sorted = Object.keys(p).sort();
        const i = typeof g.absorbInto === "string" ? sorted.indexOf(g.absorbInto) : g.absorbInto % (sorted.length - 1);
        const absorbed = sorted.slice(i + 1, i + 1 + g.count);
        const forged: Record<string, string> = {};
        for (const k of sorted) {
          if (absorbed.includes(k)) continue;
          forged[k] = k === sorted[i] ? String(p[k]) + absorbed.map((a) => a + String(p[a])).join("") : String(p[k]);
        }
        expect(sign(forged), "same sign by construction").toBe(sign(p));
        const orders = await ordersChecksum();
        const { res } = await sendAndCheck({ body: { text: JSON.stringify({ ...forged, sign: sign(p) }) }, contentType: "application/json" });
        const mint = forged.orderid !== p.orderid ? forged.orderid : null;
        if (mint) expect(await count(q.selectFrom("orders").where("orderId", "=", mint)), `forged order ${JSON.stringify(mint)} created from a re-split push (reply ${res.text})`).toBe(0);
        expect(await ordersChecksum(), `orders changed by a re-split of ${sorted[i]}+${absorbed.join("+")}`).toBe(orders);
      },
      runsFor(0.05),
    );
  });

  it("spoofed address headers: the inbox records the connection's address, or behind trusted proxies the right-most untrusted hop", async () => {
    const v4 = fc.ipV4();
    const inTrusted = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255)).map(([a, b, c]) => `10.${a}.${b}.${c}`);
    const anyAddress = fc.oneof(v4, fc.ipV6(), inTrusted, v4.map((a) => `::ffff:${a}`));
    const hop = fc.oneof({ weight: 5, arbitrary: anyAddress }, { weight: 1, arbitrary: fc.constantFrom("unknown", "", " ", "_hidden", "1.2.3", "[::1]:80", "203.0.113.9:443", "localhost") });
    await fuzz(
      "callback/addresses",
      fc.record({
        peer: fc.oneof(anyAddress, inTrusted),
        trusted: fc.boolean(),
        xff: fc.option(fc.array(hop, { maxLength: 6 }), { nil: undefined }),
        realIp: fc.option(anyAddress, { nil: undefined }),
        forwarded: fc.option(anyAddress.map((a) => `for="${a}";proto=https`), { nil: undefined }),
        stamp: fc.constantFrom("real", "real", "real", "forged", "none"),
        forgedStamp: fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 40 }),
      }),
      async (g) => {
        if (g.trusted) process.env.TRUSTED_PROXIES = "10.0.0.0/8";
        else delete process.env.TRUSTED_PROXIES;
        try {
          const headers: Record<string, string> = { "content-type": "application/json" };
          if (g.xff) headers["x-forwarded-for"] = g.xff.join(", ");
          if (g.realIp) headers["x-real-ip"] = g.realIp;
          if (g.forwarded) headers.forwarded = g.forwarded;
          if (g.stamp === "real") headers[PEER_HEADER] = peerStamp(g.peer);
          if (g.stamp === "forged") headers[PEER_HEADER] = `${g.forgedStamp} ${g.peer}`;
          const p = pushPayload();
          const res = await noThrow("callback POST", () => call(POST as never, "/api/meituan/callback", { method: "POST", body: JSON.stringify({ ...p, sign: sign(p) }), headers }));
          expect(res.text).toBe(OK);
          const row = await latestInbox();
          // The oracle: only a stamp this process made names the connection; from 10/8 (when trusted), walk
          // X-Forwarded-For from the right past 10/8 hops; a hop that is no address stops the walk.
          let want: string | null = g.stamp === "real" ? normalizeAddress(g.peer) : null;
          const trustedHop = (a: string) => /^10\.\d+\.\d+\.\d+$/.test(a);
          if (want && g.trusted && trustedHop(want)) {
            for (const h of [...(g.xff ?? [])].reverse().filter((x) => x.trim() !== "")) {
              const a = normalizeAddress(h);
              if (!a) break;
              want = a;
              if (!trustedHop(a)) break;
            }
          }
          tally(want === null ? "no address" : g.trusted && g.stamp === "real" && trustedHop(normalizeAddress(g.peer) ?? "") ? "via trusted proxy" : "socket");
          expect(row.remoteAddr, JSON.stringify(g)).toBe(want);
        } finally {
          delete process.env.TRUSTED_PROXIES;
        }
      },
      runsFor(0.03),
    );
  });
});
