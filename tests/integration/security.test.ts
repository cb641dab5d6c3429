// Accounts under attack: login and registration are rate-limited with a lockout that says when to retry;
// limits count the connection's address, never one the client wrote; attempts sent at once are counted
// before any is evaluated; no response ever carries a password hash.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { count, rowOrThrow, useTestDatabase, userId } from "../helpers/db";
import { q } from "@/lib/db/query";
import { call, fromPeer, type Actor } from "../helpers/http";

process.env.REGISTER_LIMIT_PER_HOUR = "3";
useTestDatabase();

type Authorize = (c: Record<string, string>, req: { headers: Record<string, string> }) => Promise<unknown>;
let authorize: Authorize;
let admin: Actor;

async function register(username: string, peer: string, headers: Record<string, string> = {}) {
  return call((await import("@/app/api/register/route")).POST as never, "/api/register", { json: { username, agreed: true, password: "Password-123" }, peer, headers });
}

/** A login attempt as next-auth hands it to the provider: the request's headers as a plain record. */
const login = (username: string, password: string, peer: string, headers: Record<string, string> = {}) =>
  authorize({ username, password }, { headers: { ...fromPeer(peer), ...headers } });

/** Each attempt's outcome: "ok", "wrong" (evaluated, refused) or "locked" (not evaluated). */
const outcome = (p: Promise<unknown>) =>
  p.then(
    (user) => (user ? "ok" : "wrong"),
    (e: Error) => (/尝试次数过多/.test(e.message) ? "locked" : `error: ${e.message}`),
  );

beforeAll(async () => {
  const { authOptions } = await import("@/lib/auth/options");
  authorize = (authOptions().providers[0] as unknown as { options: { authorize: Authorize } }).options.authorize;
  const { upsertAdmin } = await import("@/lib/accounts/register");
  await upsertAdmin("boss@example.com", "Admin-Pass-123");
  admin = { id: await userId("boss@example.com"), role: "ADMIN" };
});

afterEach(() => {
  delete process.env.TRUSTED_PROXIES;
});

describe("login rate limit", () => {
  it("locks an account after 5 failures, even for the right password, and says when to retry", async () => {
    expect((await register("victim@example.com", "10.0.0.1")).status).toBe(201);
    const as = (password: string, peer = "203.0.113.9") => login("victim@example.com", password, peer);
    for (let i = 0; i < 5; i++) expect(await as("wrong-password")).toBeNull();
    await expect(as("Password-123")).rejects.toThrow(/尝试次数过多，请 15 分钟后再试/);
    await expect(as("Password-123", "198.51.100.7")).rejects.toThrow(/尝试次数过多/); // the account, not just the IP
  });

  it("a success clears the account's failures", async () => {
    expect((await register("forgetful@example.com", "10.0.0.2")).status).toBe(201);
    const as = (password: string) => login("forgetful@example.com", password, "203.0.113.10");
    for (let i = 0; i < 4; i++) expect(await as("nope-nope")).toBeNull();
    expect(await as("Password-123")).not.toBeNull();
    for (let i = 0; i < 4; i++) expect(await as("nope-nope")).toBeNull();
    expect(await as("Password-123")).not.toBeNull();
  });

  it("locks an address that tries many accounts", async () => {
    for (let i = 0; i < 30; i++) expect(await login(`nobody${i}@example.com`, "whatever1", "192.0.2.66")).toBeNull();
    await expect(login("boss@example.com", "Admin-Pass-123", "192.0.2.66")).rejects.toThrow(/尝试次数过多/);
    expect(await login("boss@example.com", "Admin-Pass-123", "192.0.2.67")).not.toBeNull();
  });

  it("20 guesses sent at once for one account: at most 5 are evaluated, and the right one sent last does not log in", async () => {
    expect((await register("target@example.com", "10.0.0.3")).status).toBe(201);
    const guesses = Array.from({ length: 20 }, (_, i) => (i === 19 ? "Password-123" : `guess-${i}-wrong`));
    // Each from its own address (X-Forwarded-For saying the same), so only the account's limit applies.
    const results = await Promise.all(guesses.map((g, i) => outcome(login("target@example.com", g, `198.18.0.${i + 1}`, { "x-forwarded-for": `198.18.0.${i + 1}` }))));
    const evaluated = results.filter((r) => r === "ok" || r === "wrong");
    expect(evaluated.length, JSON.stringify(results)).toBeLessThanOrEqual(5);
    expect(results.filter((r) => r === "locked")).toHaveLength(20 - evaluated.length);
    expect(results[19]).toBe("locked");
    // Five failures were counted: the account stays locked for the right password too.
    await expect(login("target@example.com", "Password-123", "198.18.1.1")).rejects.toThrow(/尝试次数过多/);
  });

  it("35 failures from one connection, each claiming another X-Forwarded-For, lock that connection's address at 30", async () => {
    const results: string[] = [];
    for (let i = 0; i < 35; i++) {
      results.push(await outcome(login(`spoof${i}@example.com`, "whatever1", "192.0.2.80", { "x-forwarded-for": `203.0.113.${i + 1}`, "x-real-ip": `198.51.100.${i + 1}` })));
    }
    expect(results.slice(0, 30)).toEqual(Array(30).fill("wrong"));
    expect(results.slice(30)).toEqual(Array(5).fill("locked"));
    // The addresses it claimed are untouched.
    expect(await login("boss@example.com", "Admin-Pass-123", "203.0.113.1")).not.toBeNull();
  });

  it("a header naming the victim's address cannot lock the victim out", async () => {
    for (let i = 0; i < 30; i++) await login(`prober${i}@example.com`, "whatever1", "192.0.2.90", { "x-forwarded-for": "192.0.2.91" });
    expect(await login("boss@example.com", "Admin-Pass-123", "192.0.2.91")).not.toBeNull();
  });

  it("behind TRUSTED_PROXIES the right-most untrusted X-Forwarded-For hop counts, IPv4 and IPv6", async () => {
    process.env.TRUSTED_PROXIES = "10.9.0.0/16, fd00::/8";
    // The client wrote 6.6.6.6; the edge proxy (10.9.0.1) appended the real client 192.0.2.100; the app's
    // neighbour proxy (fd00::5) appended 10.9.0.1 and connected to us.
    const chain = { "x-forwarded-for": "6.6.6.6, 192.0.2.100, 10.9.0.1" };
    for (let i = 0; i < 30; i++) expect(await login(`chain${i}@example.com`, "whatever1", "fd00::5", chain)).toBeNull();
    await expect(login("boss@example.com", "Admin-Pass-123", "fd00::5", chain)).rejects.toThrow(/尝试次数过多/);
    // Another client behind the same proxies is not affected; neither is the address the client wrote.
    expect(await login("boss@example.com", "Admin-Pass-123", "fd00::5", { "x-forwarded-for": "192.0.2.101, 10.9.0.1" })).not.toBeNull();
    expect(await login("boss@example.com", "Admin-Pass-123", "fd00::5", { "x-forwarded-for": "6.6.6.6, 10.9.0.1" })).not.toBeNull();
    // A connection from outside the trusted list is its own address whatever it claims.
    await expect(login("boss@example.com", "Admin-Pass-123", "192.0.2.100")).rejects.toThrow(/尝试次数过多/);
  });
});

describe("registration rate limit", () => {
  it("allows REGISTER_LIMIT_PER_HOUR per address, then 429 with when to retry; other addresses unaffected", async () => {
    for (let i = 0; i < 3; i++) expect((await register(`flood${i}@example.com`, "192.0.2.10")).status).toBe(201);
    const blocked = await register("flood9@example.com", "192.0.2.10", { "x-forwarded-for": "192.0.2.200" });
    expect(blocked.status).toBe(429);
    expect(blocked.data.error.message).toBe("尝试次数过多，请 60 分钟后再试");
    expect(await count(q.selectFrom("users").where("username", "=", "flood9@example.com"))).toBe(0);
    expect((await register("elsewhere@example.com", "192.0.2.11")).status).toBe(201);
  });

  it("registrations sent at once cannot pass the limit together; a refused one gives its attempt back", async () => {
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => register(`burst${i}@example.com`, "192.0.2.20", { "x-forwarded-for": "192.0.2.20" })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(3);
    expect(results.filter((r) => r.status === 429)).toHaveLength(7);
    // An invalid registration (taken username) does not use up the allowance.
    const from21 = { "x-forwarded-for": "192.0.2.21" };
    expect((await register("elsewhere@example.com", "192.0.2.21", from21)).status).toBe(409);
    for (let i = 0; i < 3; i++) expect((await register(`after${i}@example.com`, "192.0.2.21", from21)).status).toBe(201);
  });
});

describe("secrets stay secret", () => {
  it("no admin or member response carries a password hash", async () => {
    const member = await rowOrThrow(q.selectFrom("users").selectAll().where("username", "=", "elsewhere@example.com"));
    const responses = [
      await call((await import("@/app/api/admin/members/route")).GET as never, "/api/admin/members", { as: admin }),
      await call((await import("@/app/api/admin/members/[id]/route")).GET as never, `/api/admin/members/${member.id}`, { as: admin, params: { id: member.id } }),
      await call((await import("@/app/api/me/summary/route")).GET as never, "/api/me/summary", { as: { id: member.id, role: "MEMBER" } }),
    ];
    for (const r of responses) {
      expect(r.status).toBe(200);
      expect(r.text).not.toMatch(/passwordHash|\$argon2/);
    }
  });
});
