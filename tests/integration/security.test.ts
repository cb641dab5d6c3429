// Accounts under attack: login and registration are rate-limited with a lockout that says when to retry;
// no response ever carries a password hash.
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../helpers/db";
import { call, type Actor } from "../helpers/http";

process.env.REGISTER_LIMIT_PER_HOUR = "3";
useTestDatabase();

type Authorize = (c: Record<string, string>, req: { headers: Record<string, string> }) => Promise<unknown>;
let authorize: Authorize;
let admin: Actor;

async function register(username: string, ip: string) {
  return call((await import("@/app/api/register/route")).POST as never, "/api/register", { json: { username, password: "Password-123" }, headers: { "x-forwarded-for": ip } });
}

beforeAll(async () => {
  const { authOptions } = await import("@/lib/auth/options");
  authorize = (authOptions().providers[0] as unknown as { options: { authorize: Authorize } }).options.authorize;
  const { upsertAdmin } = await import("@/lib/accounts/register");
  const { db } = await import("@/lib/db");
  await upsertAdmin("boss@example.com", "Admin-Pass-123");
  admin = { id: (await db().user.findUniqueOrThrow({ where: { username: "boss@example.com" } })).id, role: "ADMIN" };
});

describe("login rate limit", () => {
  it("locks an account after 5 failures, even for the right password, and says when to retry", async () => {
    expect((await register("victim@example.com", "10.0.0.1")).status).toBe(201);
    const as = (password: string, ip = "203.0.113.9") => authorize({ username: "victim@example.com", password }, { headers: { "x-forwarded-for": ip } });
    for (let i = 0; i < 5; i++) expect(await as("wrong-password")).toBeNull();
    await expect(as("Password-123")).rejects.toThrow(/尝试次数过多，请 15 分钟后再试/);
    await expect(as("Password-123", "198.51.100.7")).rejects.toThrow(/尝试次数过多/); // the account, not just the IP
  });

  it("a success clears the account's failures", async () => {
    expect((await register("forgetful@example.com", "10.0.0.2")).status).toBe(201);
    const as = (password: string) => authorize({ username: "forgetful@example.com", password }, { headers: { "x-forwarded-for": "203.0.113.10" } });
    for (let i = 0; i < 4; i++) expect(await as("nope-nope")).toBeNull();
    expect(await as("Password-123")).not.toBeNull();
    for (let i = 0; i < 4; i++) expect(await as("nope-nope")).toBeNull();
    expect(await as("Password-123")).not.toBeNull();
  });

  it("locks an IP that tries many accounts", async () => {
    for (let i = 0; i < 30; i++) await authorize({ username: `nobody${i}@example.com`, password: "whatever1" }, { headers: { "x-forwarded-for": "192.0.2.66" } });
    await expect(authorize({ username: "boss@example.com", password: "Admin-Pass-123" }, { headers: { "x-forwarded-for": "192.0.2.66" } })).rejects.toThrow(/尝试次数过多/);
    expect(await authorize({ username: "boss@example.com", password: "Admin-Pass-123" }, { headers: { "x-forwarded-for": "192.0.2.67" } })).not.toBeNull();
  });
});

describe("registration rate limit", () => {
  it("allows REGISTER_LIMIT_PER_HOUR per IP, then 429 with when to retry; other IPs unaffected", async () => {
    for (let i = 0; i < 3; i++) expect((await register(`flood${i}@example.com`, "192.0.2.10")).status).toBe(201);
    const blocked = await register("flood9@example.com", "192.0.2.10");
    expect(blocked.status).toBe(429);
    expect(blocked.data.error.message).toBe("尝试次数过多，请 60 分钟后再试");
    const { db } = await import("@/lib/db");
    expect(await db().user.count({ where: { username: "flood9@example.com" } })).toBe(0);
    expect((await register("elsewhere@example.com", "192.0.2.11")).status).toBe(201);
  });
});

describe("secrets stay secret", () => {
  it("no admin or member response carries a password hash", async () => {
    const { db } = await import("@/lib/db");
    const member = await db().user.findUniqueOrThrow({ where: { username: "elsewhere@example.com" } });
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
