// Fuzzing the JSON API with hostile bodies and query strings (a share of FUZZ_RUNS per target).
//   api/register        POST /api/register, anonymous
//   api/me-get          GET /api/me/orders|commissions|withdrawals|summary|team|team/orders|earnings/daily|funnel|links, as a member
//   api/me-withdrawals  POST /api/me/withdrawals, as a member with an available balance
//   api/me-claims       POST /api/me/claims, as a member (the hourly limit is reset before each case)
//   api/me-links        POST /api/me/links, as a member
//   api/admin-lists     GET /api/admin/orders|pushes|audit|members|funnel, as an admin
//   api/transport       every state-changing route (found under app/api) with hostile Origin / Sec-Fetch-Site,
//                       content types and body sizes, signed in or not: 403, 413, 415 exactly when they are due,
//                       and a refused request changes nothing
// Every case: never a 5xx, a JSON body, and a 4xx is {error: {code, message}} with a Chinese message.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count, rows, useTestDatabase, userId } from "../helpers/db";
import { q } from "@/lib/db/query";
import { call, type Actor } from "../helpers/http";
import { pushPayload, SECRET, signed } from "../helpers/push";
import { ROUTE_PARAMS, stateChangingRoutes, type StateChangingRoute } from "../helpers/routes";
import { callRaw, compact, expectApiShape, fuzz, hostileText, noThrow, numberText, printSummary, runsFor, sqlish, tally, type Handler } from "./support";

process.env.MEITUAN_CALLBACK_SECRET = SECRET;
const dbInfo = useTestDatabase();

type Routes = Record<string, Handler>;
let r: Routes;
let alice: Actor & { inviteCode: string; sid: string };
let bob: Actor & { inviteCode: string };
let admin: Actor;
let activityId = 0;
const orderIds: string[] = [];

const b64url = (s: string) => Buffer.from(s).toString("base64url");
const wellFormed = (s: string) => s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");

// ---------------------------------------------------------------------------------------------------------------
// Query strings.

const day = fc.oneof(
  fc.constantFrom("0000-01-01", "0001-01-01", "9999-12-31", "9999-12-30", "1970-01-01", "2026-02-29", "2028-02-29", "2026-02-30", "2026-13-01", "2026-00-10", "2026-1-1", "20261128", "2026-11-28T00:00:00Z", "+010000-01-01", "-000001-01-01", "2026-11-28 "),
  fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 })).map(([y, m, d]) => `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`),
);

/** Cursors: well-formed ones with extreme numbers, member cursors, base64 of garbage, plain garbage. */
const cursor = fc.oneof(
  fc.tuple(
    fc.oneof(fc.bigInt({ min: -(10n ** 15n) + 1n, max: 10n ** 15n - 1n }), fc.constantFrom(0n, -1n, 8640000000000000n, -8640000000000000n, 999999999999999n, -999999999999999n, 1764300000000n)),
    fc.oneof(fc.bigInt({ min: 0n, max: 10n ** 12n - 1n }), fc.constantFrom(0n, 1n, 2147483647n, 2147483648n, 999999999999n)),
  ).map(([v, id]) => b64url(`${v}:${id}`)),
  fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 15n - 1n }), fc.uuid()).map(([v, id]) => b64url(`${v}:${id}`)),
  fc.string({ unit: "binary", maxLength: 60 }).map((s) => b64url(s)),
  fc.base64String({ maxLength: 80 }),
  fc.constantFrom("garbage", "", "=", "====", "MTo", "LTE6LTE", b64url("1:-1"), b64url("NaN:1"), b64url("1e3:1"), b64url(" 1:1"), b64url("1:1\n"), "%00", "a".repeat(201)),
);

const queryValue = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom("", "-1", "0", "1", "20", "100", "101", "1e9", "1e400", "NaN", "Infinity", "-Infinity", "1.5", "0x10", " 5 ", "５", "1,2", "null", "undefined", "true", "[]", "{}", "yes", "no", "1", "paid", "completed", "refunded", "estimated", "available", "time_asc", "amount_desc", "applied", "failed", "ADMIN") },
  { weight: 2, arbitrary: numberText },
  { weight: 3, arbitrary: hostileText },
  { weight: 1, arbitrary: sqlish },
  { weight: 2, arbitrary: cursor },
  { weight: 2, arbitrary: day },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 120 }) },
  { weight: 1, arbitrary: fc.integer({ min: 60, max: 20_000 }).map((n) => "9".repeat(n)) },
);

/** How a key or value is put into the URL: percent-encoded, raw (the URL parser copes), or encoded twice. */
const encodeAs = fc.constantFrom("encode", "encode", "raw", "double");
const enc = (s: string, how: string) => {
  const once = encodeURIComponent(wellFormed(s));
  return how === "raw" ? s.replace(/[&#]/g, encodeURIComponent) : how === "double" ? encodeURIComponent(once) : once;
};

/** Values each parameter accepts, at their edges: a query made of these gets past validation to the database. */
const validDay = fc.oneof(
  fc.constantFrom("0000-01-01", "0000-12-31", "0001-01-01", "1969-12-31", "1970-01-01", "2026-11-28", "9999-12-30", "9999-12-31"),
  fc.date({ min: new Date("0000-01-01T00:00:00Z"), max: new Date("9999-12-31T00:00:00Z"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
);
const shortText = hostileText.filter((t) => t.trim().length <= 32);
const plausible: Record<string, fc.Arbitrary<string>> = {
  limit: fc.oneof(fc.integer({ min: 1, max: 100 }).map(String), fc.constantFrom("1", "100", "01", "1.0", "1e2", " 5", "0x10")),
  days: fc.oneof(fc.integer({ min: 1, max: 366 }).map(String), fc.constantFrom("1", "366", "1e2")),
  cursor,
  from: validDay,
  to: validDay,
  status: fc.constantFrom("paid", "completed", "refunded", "risk", "unknown"),
  attributed: fc.constantFrom("yes", "no"),
  moneyStatus: fc.constantFrom("estimated", "pending", "available", "reserved", "withdrawn", "void", "clawback"),
  sort: fc.constantFrom("time_desc", "time_asc", "amount_desc"),
  businessLine: fc.oneof(fc.integer({ min: 0, max: 100_000 }).map(String), fc.constantFrom("0", "100000", "2.0", "1e5")),
  signFailed: fc.constant("1"),
  failed: fc.constant("1"),
  outcome: fc.constantFrom("applied", "ignored", "duplicate", "rejected", "failed", "received"),
  orderId: fc.oneof(shortText, fc.constant("__ORDER__")),
  sid: shortText,
  memberId: fc.oneof(shortText, fc.uuid()),
  q: fc.oneof(shortText, fc.constantFrom("alice", "ALICE@", "138", "%", "_", "\\", "'")),
  action: shortText,
  targetType: shortText,
  targetId: shortText,
  actorId: fc.oneof(shortText, fc.uuid()),
};

function queryString(keys: readonly string[]) {
  const key = fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...keys) }, { weight: 1, arbitrary: fc.oneof(hostileText, fc.constantFrom("__proto__", "constructor", "limit[]", "cursor[0]", "LIMIT")) });
  const pair = key.chain((k) => fc.tuple(fc.constant(k), Object.hasOwn(plausible, k) ? fc.oneof({ weight: 3, arbitrary: plausible[k] }, { weight: 1, arbitrary: queryValue }) : queryValue, encodeAs));
  return fc.array(pair, { maxLength: 6 }).map((pairs) => pairs.map(([k, v, how]) => `${enc(k, how)}=${enc(v, how)}`).join("&"));
}

// ---------------------------------------------------------------------------------------------------------------
// Bodies.

interface BodyCase {
  kind: string;
  text: string;
  /** null: no content-type header. */
  contentType: string | null;
}

/** A JSON value of any type, with the hostile strings and numbers mixed in. */
const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: hostileText },
  { weight: 2, arbitrary: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0, -0, -1, 1.5, 2 ** 31, 2 ** 53 + 2, 1e300, Number.MAX_SAFE_INTEGER)) },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}, [""], { "": "" }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.integer({ min: 100, max: 200_000 }).map((n) => "长".repeat(n)) },
);

/** Texts that are JSON only in the eyes of a careless parser, or not at all. */
const notJson = fc.oneof(
  fc.constantFrom("", " ", "{", "}", "[", "{,}", "{'a':1}", "{a:1}", '{"a":1,}', "NaN", "undefined", '{"a":1}{"b":2}', "\ufeff{}", "\u0000", '{"a":"\\ud800"}', "null", "[]", "1e400", '"x"', "true"),
  fc.string({ unit: "binary", maxLength: 300 }),
  fc.string({ unit: "grapheme", maxLength: 300 }),
);

/** Numbers written as raw JSON text, which JSON.parse turns into Infinity, -0 or a rounded value. */
const rawNumberText = fc.constantFrom("1e400", "-1e400", "-0", "1.0", "1e0", "123456789012345678901234567890", "9007199254740993", "0.1e1", "1E2");

function hostileBody<T extends Record<string, unknown>>(fields: fc.Arbitrary<T>): fc.Arbitrary<BodyCase> {
  const contentType = fc.oneof(
    { weight: 6, arbitrary: fc.constant("application/json") },
    { weight: 1, arbitrary: fc.constantFrom("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=gbk", "", "application/xml") },
    { weight: 1, arbitrary: fc.constant(null) },
  );
  return fc
    .oneof(
      { weight: 8, arbitrary: fc.tuple(fields, fc.dictionary(fc.oneof(hostileText, fc.constantFrom("__proto__", "constructor", "role", "id", "sid", "memberId", "status", "isAdmin")), anyJson, { maxKeys: 3 })).map(([f, extra]) => ({ kind: "fields", text: JSON.stringify({ ...extra, ...f }) })) },
      { weight: 2, arbitrary: fc.tuple(fields, fc.constantFrom("\u0000", "\u0000\u0000", "\ud800", "\u202e")).map(([f, tail]) => ({
        kind: "strings-with-tail",
        text: JSON.stringify(Object.fromEntries(Object.entries(f).map(([k, v]) => [k, typeof v === "string" ? v + tail : v]))),
      })) },
      { weight: 1, arbitrary: fc.tuple(fields, fc.nat(), rawNumberText).map(([f, i, n]) => {
        // One field's value written as a raw JSON number that JSON.parse cannot keep exactly.
        const entries = Object.entries(f);
        const at = entries.length ? i % entries.length : -1;
        const text = `{${entries.map(([k, v], j) => `${JSON.stringify(k)}:${j === at ? n : JSON.stringify(v) ?? "null"}`).join(",")}}`;
        return { kind: "raw-number", text };
      }) },
      { weight: 1, arbitrary: fc.tuple(fields, fields).map(([a, b]) => ({ kind: "repeated-keys", text: `${JSON.stringify(a).slice(0, -1)},${JSON.stringify(b).slice(1)}` })) },
      { weight: 2, arbitrary: anyJson.map((v) => ({ kind: "any-json", text: JSON.stringify(v) ?? "null" })) },
      { weight: 2, arbitrary: notJson.map((t) => ({ kind: "not-json", text: t })) },
      { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 30, max: 1000 }), fc.constantFrom("[", '{"a":')).map(([n, o]) => ({ kind: `deep:${n}`, text: `${o.repeat(n)}1${(o === "[" ? "]" : "}").repeat(n)}` })) },
      { weight: 1, arbitrary: fields.map((f) => ({ kind: "bom", text: `\ufeff${JSON.stringify(f)}` })) },
      { weight: 1, arbitrary: fc.tuple(fields, fc.constantFrom(64 * 1024, 1024 * 1024, 4 * 1024 * 1024)).map(([f, n]) => ({ kind: `huge:${n}`, text: JSON.stringify({ ...f, pad: "x".repeat(n) }) })) },
    )
    .chain((b) => contentType.map((ct) => compact({ ...b, contentType: ct }) as BodyCase));
}

async function post(handler: Handler, url: string, b: BodyCase, as?: Actor) {
  if (b.contentType === null) {
    return noThrow(`POST ${url}`, () => callRaw(handler, url, { method: "POST", body: { bytes: Array.from(Buffer.from(b.text, "utf8")) }, as }));
  }
  return noThrow(`POST ${url}`, () => call(handler as never, url, { method: "POST", body: b.text, headers: { "content-type": b.contentType! }, as }));
}

/**
 * What the wrappers must answer before a route sees the body (written here independently of lib/api):
 * 413 over the limit, else 415 for a non-empty body that is not application/json, else neither.
 */
function expectTransport(res: { status: number; data: unknown }, b: BodyCase, limit: number, label: string) {
  const size = Buffer.byteLength(b.text, "utf8");
  const json = b.contentType !== null && /^application\/json\s*(;|$)/i.test(b.contentType.trim());
  const code = (res.data as { error?: { code?: string } } | undefined)?.error?.code;
  const want = size > limit ? 413 : size > 0 && !json ? 415 : null;
  const input = `${show(b)} (${size} bytes)`;
  if (want) expect(res.status, `${label} ${input}: want ${want}`).toBe(want);
  else expect(code === "body_too_large" || code === "unsupported_media_type", `${label} ${input}: refused by the transport check (${res.status} ${code})`).toBe(false);
}

async function get(handler: Handler, url: string, as: Actor) {
  return noThrow(`GET ${url}`, () => call(handler as never, url, { as }));
}

const show = (b: BodyCase) => `${b.kind} ${JSON.stringify(b.text.slice(0, 200))}${b.text.length > 200 ? `…(${b.text.length})` : ""} [${b.contentType}]`;

// ---------------------------------------------------------------------------------------------------------------

beforeAll(async () => {
  const route = async (path: string, method: "GET" | "POST" = "GET") => (await import(`@/app/api/${path}/route`))[method] as Handler;
  r = {
    register: await route("register", "POST"),
    callback: await route("meituan/callback", "POST"),
    "me/orders": await route("me/orders"),
    "me/commissions": await route("me/commissions"),
    "me/withdrawals": await route("me/withdrawals"),
    "me/summary": await route("me/summary"),
    "me/team": await route("me/team"),
    "me/team/orders": await route("me/team/orders"),
    "me/earnings/daily": await route("me/earnings/daily"),
    "me/funnel": await route("me/funnel"),
    "me/links": await route("me/links"),
    withdraw: await route("me/withdrawals", "POST"),
    claim: await route("me/claims", "POST"),
    link: await route("me/links", "POST"),
    "admin/orders": await route("admin/orders"),
    "admin/pushes": await route("admin/pushes"),
    "admin/audit": await route("admin/audit"),
    "admin/members": await route("admin/members"),
    "admin/funnel": await route("admin/funnel"),
    activities: await route("admin/activities", "POST"),
  };
  const reg = async (username: string, inviteCode?: string) => {
    const res = await call(r.register as never, "/api/register", { json: { username, agreed: true, password: "Password-123", ...(inviteCode ? { inviteCode } : {}) } });
    expect(res.status).toBe(201);
    return res.data as { id: string; sid: string; inviteCode: string };
  };
  const b = await reg("bob@example.com");
  const a = await reg("alice@example.com", b.inviteCode);
  await reg("13800138000", a.inviteCode);
  alice = { id: a.id, role: "MEMBER", inviteCode: a.inviteCode, sid: a.sid };
  bob = { id: b.id, role: "MEMBER", inviteCode: b.inviteCode };
  const { upsertAdmin } = await import("@/lib/accounts/register");
  await upsertAdmin("boss@example.com", "Admin-Pass-123");
  admin = { id: await userId("boss@example.com"), role: "ADMIN" };
  // Orders: alice's (paid and completed), bob's, and unattributed ones that can be claimed.
  for (let i = 0; i < 30; i++) {
    const sid = i % 3 === 0 ? alice.sid : i % 3 === 1 ? undefined : i % 2 ? b.sid : "unknownsid000000";
    const p = pushPayload({ ...(sid ? { sid } : {}), status: i % 2 ? "8" : "1", paytime: String(1764300000 + i * 3600), payPrice: `${10 + i}.80` });
    const res = await call(r.callback as never, "/api/meituan/callback", { json: signed(p) });
    expect(res.data).toEqual({ errcode: "0", errmsg: "ok" });
    orderIds.push(p.orderid as string);
  }
  // Alice has money to withdraw: ¥100,000 available.
  await rows(q.updateTable("commissions").set({ status: "available", availableAt: new Date(), amountFen: 10000000 }).where("beneficiaryId", "=", alice.id));
  const act = await call(r.activities as never, "/api/admin/activities", { as: admin, json: { actId: "33", name: "外卖" } });
  expect(act.status).toBe(201);
  activityId = act.data.id;
});

afterAll(() => printSummary(`api on ${dbInfo.kind}`));

/** The shared contract, then the statuses this endpoint may answer with. */
const check = (res: Awaited<ReturnType<typeof call>>, label: string, input: string, allowed: number[]) => {
  tally(String(res.status));
  expectApiShape(res, label, input);
  expect(allowed, `${label} → unexpected status ${res.status}\n    input: ${input.slice(0, 1500)}\n    reply: ${res.text.slice(0, 300)}\n   `).toContain(res.status);
};

describe(`API fuzz on ${process.env.TEST_DATABASE === "postgres" ? "postgres" : "sqlite"}`, () => {
  it("POST /api/register with hostile bodies", async () => {
    const { rawDb } = await import("@/lib/db");
    const email = fc.oneof(
      { weight: 3, arbitrary: fc.tuple(fc.nat(), fc.constantFrom("@example.com", "@qq.com", "@163.com")).map(([n, d]) => `u${n}${d}`) },
      { weight: 2, arbitrary: fc.integer({ min: 0, max: 99_999_999 }).map((n) => `139${String(n).padStart(8, "0")}`) },
      fc.emailAddress(),
      fc.tuple(hostileText, fc.constantFrom("@example.com", "@例子.中国", "@xn--fsqu00a.xn--fiqs8s", "@[127.0.0.1]", "@localhost", "")).map(([a, d]) => `${a}${d}`),
      fc.tuple(sqlish, fc.constant("@x.com")).map(([a, d]) => `${a}${d}`),
      fc.stringMatching(/^1[3-9]\d{9}$/),
      fc.constantFrom("13800138000", "ALICE@EXAMPLE.COM", " alice@example.com ", "alice@example.com\u0000", "😀@example.com", "\u202eali@example.com", "a".repeat(95) + "@x.cn", "a".repeat(10_000) + "@x.com", "１３８００１３８０００"),
    );
    const fields = fc.record(
      {
        username: fc.oneof({ weight: 4, arbitrary: email }, { weight: 1, arbitrary: anyJson }),
        password: fc.oneof({ weight: 3, arbitrary: fc.constant("Password-123") }, { weight: 2, arbitrary: hostileText }, { weight: 1, arbitrary: anyJson }, { weight: 1, arbitrary: fc.constantFrom("a".repeat(128), "a".repeat(129), "\u0000".repeat(8), "😀".repeat(64), "😀".repeat(65)) }),
        name: fc.oneof(hostileText, anyJson, fc.constantFrom("\u0000", "名".repeat(50), "名".repeat(51))),
        inviteCode: fc.oneof(fc.constantFrom("NOSUCH99", "", "\u0000"), hostileText, anyJson, fc.constant("__INVITE__")),
      },
      { requiredKeys: [] },
    );
    // Mostly valid: a fresh username and a good password, so that name and inviteCode reach the database.
    const reachesDb = fc.record(
      {
        username: fc.tuple(fc.nat(), fc.constantFrom("@example.com", "@qq.com")).map(([n, d]) => `r${n}${d}`),
        password: fc.constant("Password-123"),
        name: fc.oneof(hostileText, fc.constantFrom("\u0000", "a\u0000b", "名".repeat(50), "\ud800", "😀".repeat(25))),
        inviteCode: fc.oneof(fc.constant("__INVITE__"), hostileText.filter((t) => t.length <= 32)),
      },
      { requiredKeys: ["username", "password"] },
    );
    await fuzz(
      "api/register",
      hostileBody(fc.oneof(fields, reachesDb)),
      async (b) => {
        const body = { ...b, text: b.text.replace(/__INVITE__/g, alice.inviteCode.toLowerCase()) };
        // The per-IP registration limit would answer every later case with 429: start each case unthrottled.
        await rawDb().rows(q.deleteFrom("auth_throttles"));
        const res = await post(r.register, "/api/register", body);
        check(res, "POST /api/register", show(body), [201, 400, 409, 413, 415, 422, 429]);
        expectTransport(res, body, 4 * 1024, "POST /api/register");
      },
      runsFor(0.1),
    );
  });

  it("GET /api/me/* with hostile query strings", async () => {
    const endpoints = ["me/orders", "me/commissions", "me/withdrawals", "me/summary", "me/team", "me/team/orders", "me/earnings/daily", "me/funnel", "me/links"] as const;
    const keys = ["limit", "cursor", "days", "limit", "cursor", "status", "q", "level", "memberId"] as const;
    await fuzz(
      "api/me-get",
      fc.tuple(fc.constantFrom(...endpoints), queryString(keys)).map(([e, q]) => compact({ url: `/api/${e}?${q}`, e })),
      async ({ url, e }) => {
        const res = await get(r[e], url, alice);
        check(res, `GET /api/${e}`, url, [200, 422]);
        const items = (res.data as { items?: unknown[] }).items;
        if (res.status === 200 && items) expect(items.length).toBeLessThanOrEqual(100);
      },
      runsFor(0.25),
    );
  });

  it("POST /api/me/withdrawals with hostile bodies", async () => {
    const { rawDb } = await import("@/lib/db");
    const account = fc.oneof(
      fc.constantFrom("13800138000", "alice@example.com", "6222020202020202020", "6222 0202 0202 0202 020", "wxid_abcde", "a\u0000@b.cn", "😀@😀.cn", "\u202e13800138000", "1".repeat(30), "1".repeat(31), "１２３４５６７８９０１２", "x".repeat(64), "x".repeat(65)),
      fc.tuple(hostileText, fc.constantFrom("@b.cn", "")).map(([a, d]) => `${a}${d}`),
      anyJson,
    );
    const amount = fc.oneof({ weight: 3, arbitrary: fc.constantFrom("10.00", "100", "12.345", "99999.99", "100000.01", "0.01", "1", "0.5", "0", "-1", "1.005", "99999999999999", "9999999999999.99", " 10 ", "1e2", "١") }, { weight: 2, arbitrary: numberText }, { weight: 1, arbitrary: anyJson });
    // Accounts that pass each method's check, with hostile text where the check lets it through.
    const validPair = fc.oneof(
      fc.tuple(fc.constant("alipay"), fc.oneof(fc.constantFrom("13800138000", "a@b.cn"), fc.tuple(hostileText.filter((t) => t !== "" && !/[\s@]/.test(t)), hostileText.filter((t) => t !== "" && !/[\s@.]/.test(t))).map(([a, d]) => `${a}@${d}.cn`))),
      fc.tuple(fc.constant("bank"), fc.oneof(fc.stringMatching(/^\d{12,30}$/), fc.constantFrom("6222021234567890128", "6222 0212 3456 7890 128", "6222 0202 0202 0202 020", "6222\u00a00202\u30000202\t0202", "6222\n020202020202"))),
      fc.tuple(fc.constant("wechat"), fc.stringMatching(/^[A-Za-z0-9_-]{5,64}$/)),
    );
    const fields = fc.oneof(
      { weight: 2, arbitrary: fc.tuple(amount, validPair, fc.constantFrom("张三", "欧阳·娜娜", "Li Lei")).map(([a, [method, account], realName]) => ({ amount: a, method, account, realName, ...(method === "bank" ? { bankName: "招商银行" } : {}) })) },
      {
        weight: 3,
        arbitrary: fc.record(
          {
            amount,
            method: fc.oneof({ weight: 4, arbitrary: fc.constantFrom("alipay", "wechat", "bank") }, { weight: 1, arbitrary: fc.oneof(hostileText, anyJson, fc.constantFrom("ALIPAY", "alipay ", "__proto__")) }),
            account,
            realName: fc.oneof(fc.constantFrom("张三", "", "张", "a\u0000b", "名".repeat(41)), hostileText, anyJson),
            bankName: fc.oneof(fc.constantFrom("招商银行", "", "银".repeat(31)), hostileText, anyJson),
          },
          { requiredKeys: [] },
        ),
      },
    );
    await fuzz(
      "api/me-withdrawals",
      hostileBody(fields),
      async (b) => {
        // The same balance for every case: earlier requests are taken back, and the rows they reserved released.
        await rawDb().rows(q.deleteFrom("withdrawals").where("memberId", "=", alice.id));
        await rawDb().rows(q.updateTable("commissions").set({ status: "available", withdrawalId: null }).where("beneficiaryId", "=", alice.id).where("status", "=", "reserved"));
        const res = await post(r.withdraw, "/api/me/withdrawals", b, alice);
        check(res, "POST /api/me/withdrawals", show(b), [201, 400, 413, 415, 422]);
        expectTransport(res, b, 64 * 1024, "POST /api/me/withdrawals");
      },
      runsFor(0.05),
    );
  });

  it("POST /api/me/claims with hostile bodies", async () => {
    const { rawDb } = await import("@/lib/db");
    const fields = fc.record(
      {
        orderId: fc.oneof({ weight: 3, arbitrary: fc.nat().map((i) => `__ORDER${i % 30}__`) }, { weight: 2, arbitrary: fc.stringMatching(/^\d{1,40}$/) }, { weight: 2, arbitrary: hostileText }, { weight: 1, arbitrary: anyJson }, { weight: 1, arbitrary: fc.constantFrom(" 123456 ", "１２３４５６", "123456\u0000", "1".repeat(32), "1".repeat(33)) }),
        payAmount: fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 40 }).map((i) => `${10 + i}.80`) }, { weight: 2, arbitrary: numberText }, { weight: 1, arbitrary: anyJson }, { weight: 1, arbitrary: hostileText }),
      },
      { requiredKeys: [] },
    );
    await fuzz(
      "api/me-claims",
      hostileBody(fields),
      async (b0) => {
        const b = { ...b0, text: b0.text.replace(/__ORDER(\d+)__/g, (_m, i: string) => orderIds[Number(i)]) };
        await rawDb().rows(q.deleteFrom("order_claims").where("memberId", "=", alice.id));
        await rawDb().rows(q.deleteFrom("auth_throttles").where("key", "=", `claim:member:${alice.id}`));
        const res = await post(r.claim, "/api/me/claims", b, alice);
        check(res, "POST /api/me/claims", show(b), [201, 400, 409, 413, 415, 422]);
        expectTransport(res, b, 64 * 1024, "POST /api/me/claims");
      },
      runsFor(0.03),
    );
  });

  it("POST /api/me/links with hostile bodies", async () => {
    const fields = fc.record(
      {
        activityId: fc.oneof({ weight: 2, arbitrary: fc.constant("__ACT__") }, { weight: 2, arbitrary: fc.oneof(fc.integer(), fc.constantFrom(0, -1, 1.5, 2 ** 31, 2 ** 31 - 1, 2 ** 53 - 1, 2 ** 63, 1e21)) }, { weight: 1, arbitrary: anyJson }),
        linkType: fc.oneof({ weight: 3, arbitrary: fc.constantFrom("h5_long", "h5_short", "deeplink", "miniprogram", "kouling") }, { weight: 1, arbitrary: fc.oneof(hostileText, anyJson) }),
      },
      { requiredKeys: [] },
    );
    await fuzz(
      "api/me-links",
      hostileBody(fields),
      async (b0) => {
        const b = { ...b0, text: b0.text.replace(/"__ACT__"/g, String(activityId)) };
        const res = await post(r.link, "/api/me/links", b, alice);
        check(res, "POST /api/me/links", show(b), [200, 400, 404, 409, 413, 415, 422]);
        expectTransport(res, b, 64 * 1024, "POST /api/me/links");
      },
      runsFor(0.05),
    );
  });

  it("GET /api/admin/orders|pushes|audit|members|funnel with hostile query strings", async () => {
    const endpoints = {
      "admin/orders": ["limit", "cursor", "orderId", "sid", "status", "memberId", "attributed", "from", "to", "businessLine", "moneyStatus", "sort"],
      "admin/pushes": ["limit", "cursor", "signFailed", "failed", "outcome", "orderId", "from", "to"],
      "admin/audit": ["limit", "cursor", "action", "targetType", "targetId", "actorId", "from", "to"],
      "admin/members": ["limit", "cursor", "q"],
      "admin/funnel": ["limit", "cursor", "from", "to", "group", "memberId", "activityId", "linkType"],
    } as const;
    const arb = fc.constantFrom(...(Object.keys(endpoints) as (keyof typeof endpoints)[])).chain((e) => queryString(endpoints[e]).map((q) => compact({ url: `/api/${e}?${q}`, e })));
    await fuzz(
      "api/admin-lists",
      arb,
      async ({ url: raw, e }) => {
        const url = raw.replace(/__ORDER__/g, orderIds[0]);
        const res = await get(r[e], url, admin);
        check(res, `GET /api/${e}`, url, [200, 422]);
        const items = (res.data as { items?: unknown[] }).items;
        if (res.status === 200) expect(Array.isArray(items), url).toBe(true);
      },
      runsFor(0.2),
    );
  });

  it("every state-changing route with hostile origins, content types and sizes: 403 / 413 / 415 exactly when due, refusals change nothing", async () => {
    const routes: StateChangingRoute[] = await stateChangingRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(20);
    const origin = fc.oneof(
      { weight: 3, arbitrary: fc.constant(null) },
      { weight: 2, arbitrary: fc.constantFrom("http://localhost", "http://LOCALHOST", "https://localhost") },
      { weight: 3, arbitrary: fc.constantFrom("https://evil.example", "null", "http://localhost.evil.example", "http://localhost:3000", "http://evil.example#localhost", "localhost", "http://127.0.0.1", " ", "http://user@localhost@evil.example") },
      // Anything a header can carry (the HTTP parser refuses control characters before the app sees them).
      { weight: 1, arbitrary: fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 40 }) },
    );
    const site = fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 2, arbitrary: fc.constantFrom("same-origin", "none", "cross-site", "same-site", "CROSS-SITE", " cross-site ", "nonsense") });
    const contentType = fc.oneof({ weight: 4, arbitrary: fc.constantFrom("application/json", "application/json; charset=utf-8", "Application/JSON") }, { weight: 2, arbitrary: fc.constantFrom("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonx", "text/json", "") }, { weight: 1, arbitrary: fc.constant(null) });
    const size = fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: 200 }) }, { weight: 1, arbitrary: fc.constantFrom(4 * 1024 - 20, 4 * 1024 + 1, 64 * 1024 - 20, 64 * 1024 + 1, 300_000) });
    const who = fc.constantFrom("anonymous", "member", "admin");
    await fuzz(
      "api/transport",
      fc.record({ route: fc.nat(), origin, site, contentType, size, who }),
      async (c) => {
        const r = routes[c.route % routes.length];
        const text = c.size === 0 ? "" : JSON.stringify({ reason: "x", pad: "x".repeat(Math.max(0, c.size - 24)) }).slice(0, Math.max(c.size, 2));
        const headers: Record<string, string> = {};
        if (c.origin !== null) headers.origin = c.origin;
        if (c.site !== null) headers["sec-fetch-site"] = c.site;
        if (c.contentType !== null) headers["content-type"] = c.contentType;
        const as = c.who === "admin" ? admin : c.who === "member" ? alice : undefined;
        // The oracle, independent of lib/api/origin.ts.
        const trimmedSite = c.site?.trim().toLowerCase();
        const originHost = (() => {
          if (c.origin === null || c.origin.trim() === "") return "absent";
          try {
            return c.origin.trim() === "null" ? "null" : new URL(c.origin.trim()).host.toLowerCase();
          } catch {
            return "unparsable";
          }
        })();
        const crossSite = trimmedSite === "cross-site" || trimmedSite === "same-site" || (originHost !== "absent" && originHost !== "localhost");
        const bytes = Buffer.byteLength(text);
        const json = c.contentType !== null && /^application\/json\s*(;|$)/i.test(c.contentType.trim());
        const want = crossSite ? 403 : bytes > r.bodyLimit ? 413 : bytes > 0 && !json ? 415 : null;
        const counts = async () =>
          [
            await count(q.selectFrom("audit_logs")), await count(q.selectFrom("users")), await count(q.selectFrom("withdrawals")), await count(q.selectFrom("order_claims")),
            await count(q.selectFrom("activities")),
          ].join(",");
        const before = want ? await counts() : "";
        const res = await noThrow(`${r.method} ${r.url}`, () =>
          c.contentType === null
            ? callRaw(r.handler as Handler, r.url, { method: r.method, body: { bytes: Array.from(Buffer.from(text)) }, headers, as, params: ROUTE_PARAMS })
            : call(r.handler as never, r.url, { method: r.method, body: text, headers, as, params: ROUTE_PARAMS }),
        );
        const input = `${r.method} ${r.url} ${JSON.stringify({ ...c, route: undefined, bytes })}`;
        tally(`${res.status}`);
        expectApiShape(res, `${r.method} ${r.url}`, input);
        expect(res.status, `${input}: 5xx ${res.text.slice(0, 200)}`).toBeLessThan(500);
        const code = (res.data as { error?: { code?: string } } | undefined)?.error?.code;
        if (want) {
          expect(res.status, `${input} → ${res.status} ${res.text.slice(0, 120)}`).toBe(want);
          expect(await counts(), `${input}: a refused request changed something`).toBe(before);
        } else {
          expect(["cross_site", "body_too_large", "unsupported_media_type"].includes(code ?? ""), `${input} → refused as ${code}`).toBe(false);
        }
      },
      runsFor(0.1),
    );
  });
});
