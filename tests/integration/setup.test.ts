// First start without an admin: the printed one-time link creates exactly one admin, never works twice, and the
// page and its API are gone once any admin exists.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { useTestDatabase } from "../helpers/db";
import { call } from "../helpers/http";
import { changes, q } from "@/lib/db/query";

useTestDatabase();

const route = async () => (await import("@/app/api/setup/route")).POST;
const lib = () => import("@/lib/setup/first-admin");
const raw = async () => (await import("@/lib/db")).rawDb();

/** Starts the server's setup step and returns the token of the link it printed (null when it printed none). */
async function startAndReadLink(): Promise<string | null> {
  const lines: string[] = [];
  const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => (lines.push(String(chunk)), true));
  const spyOut = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => (lines.push(String(chunk)), true));
  try {
    await (await lib()).offerFirstAdminSetup();
  } finally {
    spy.mockRestore();
    spyOut.mockRestore();
  }
  const printed = lines.filter((l) => l.includes("/setup?token="));
  expect(printed.length).toBeLessThanOrEqual(1);
  if (!printed.length) return null;
  const url = new URL(JSON.parse(printed[0]).setupUrl);
  expect(url.pathname).toBe("/setup");
  return url.searchParams.get("token");
}

const admins = async () => (await raw()).rows(q.selectFrom("users").select(["id", "username", "role"]).where("role", "=", "ADMIN"));
const tokenRows = async () => (await raw()).rows(q.selectFrom("setup_tokens").select("hash"));

const post = async (json: unknown) => call(await route(), "/api/setup", { json });
const form = (token: string, username = "boss@example.com") => ({ token, username, password: "Password-123", name: "老板" });

// Each test starts with no admin: the ones a test made are removed with their referral rows.
beforeEach(async () => {
  const db = await raw();
  for (const a of await admins()) {
    await db.transaction(function* () {
      yield* changes(q.deleteFrom("referral_paths").where("descendantId", "=", a.id));
      yield* changes(q.deleteFrom("users").where("id", "=", a.id));
    });
  }
  await db.rows(q.deleteFrom("setup_tokens"));
});
afterEach(() => vi.restoreAllMocks());

describe("first start without an admin", () => {
  it("prints a link with a 32-byte random token, stores only its hash, and the token creates the first admin once", async () => {
    const token = await startAndReadLink();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const rows = await tokenRows();
    expect(rows).toHaveLength(1);
    expect(rows[0].hash).not.toContain(token!);
    expect(await (await lib()).setupTokenValid(token!)).toBe(true);

    const r = await post(form(token!));
    expect(r.status).toBe(201);
    expect(r.data.username).toBe("boss@example.com");
    const made = await admins();
    expect(made.map((a) => a.username)).toEqual(["boss@example.com"]);
    const { verifyPassword } = await import("@/lib/auth/password");
    const row = await (await raw()).row(q.selectFrom("users").select(["passwordHash", "name", "disabled"]).where("id", "=", made[0].id));
    expect(await verifyPassword(row!.passwordHash, "Password-123")).toBe(true);
    expect(row!.name).toBe("老板");
    expect(await tokenRows()).toHaveLength(0);

    // Gone: the API answers 404 whatever it is sent, the page is a 404, and no new link is printed on start.
    const again = await post(form(token!, "second@example.com"));
    expect(again.status).toBe(404);
    expect((await post({})).status).toBe(404);
    expect(await admins()).toHaveLength(1);
    const { default: SetupPage } = await import("@/app/setup/page");
    await expect(SetupPage({ searchParams: Promise.resolve({ token: token! }) })).rejects.toMatchObject({ digest: expect.stringContaining("404") });
    expect(await startAndReadLink()).toBeNull();
  });

  it("a wrong, truncated or missing token is refused (403) and changes nothing; the right one still works after", async () => {
    const token = (await startAndReadLink())!;
    for (const bad of [token.slice(0, -1), token + "x", "A".repeat(43), "x"]) {
      const r = await post(form(bad));
      expect(r.status, bad).toBe(403);
      expect(r.data.error.code).toBe("invalid_setup_token");
    }
    expect((await post({ username: "boss@example.com", password: "Password-123" })).status).toBe(422);
    expect(await admins()).toHaveLength(0);
    expect(await tokenRows()).toHaveLength(1);
    expect((await post(form(token))).status).toBe(201);
  });

  it("the usual account rules apply, and a refused form does not use up the token", async () => {
    const token = (await startAndReadLink())!;
    const short = await post({ ...form(token), password: "short" });
    expect(short.status).toBe(422);
    expect(short.data.error.fields.password[0]).toBe("密码至少 8 位");
    const badName = await post({ ...form(token), username: "not-a-phone" });
    expect(badName.status).toBe(422);
    expect(badName.data.error.fields.username[0]).toBe("请输入有效的手机号或邮箱");
    const { registerMember } = await import("@/lib/accounts/register");
    await registerMember({ username: "13800000001", agreed: true, password: "Password-123" });
    const taken = await post({ ...form(token), username: "13800000001" });
    expect(taken.status).toBe(409);
    expect(await admins()).toHaveLength(0);
    expect(await tokenRows()).toHaveLength(1);
    expect((await post({ ...form(token), username: " Boss2@Example.com " })).status).toBe(201);
    expect((await admins()).map((a) => a.username)).toEqual(["boss2@example.com"]);
  });

  it("two requests at once with the same token create exactly one admin", async () => {
    const token = (await startAndReadLink())!;
    const results = await Promise.all([post(form(token, "a@example.com")), post(form(token, "b@example.com"))]);
    // The loser finds the token used up (403) or the admin already there (404), depending on when it looked.
    const [won, lost] = results.map((r) => r.status).sort();
    expect(won).toBe(201);
    expect([403, 404]).toContain(lost);
    expect(await admins()).toHaveLength(1);
    expect(await tokenRows()).toHaveLength(0);
  });

  it("two instances' links used at once create exactly one admin, and every other link dies with it", async () => {
    const first = (await startAndReadLink())!;
    const second = (await startAndReadLink())!;
    expect(first).not.toBe(second);
    expect(await tokenRows()).toHaveLength(2);
    const results = await Promise.all([post(form(first, "a@example.com")), post(form(second, "b@example.com"))]);
    // The loser finds the token used up (403) or the admin already there (404), depending on when it looked.
    const [won, lost] = results.map((r) => r.status).sort();
    expect(won).toBe(201);
    expect([403, 404]).toContain(lost);
    expect(await admins()).toHaveLength(1);
    expect(await tokenRows()).toHaveLength(0);
  });

  it("ADMIN_USERNAME still creates the first admin on start; then no link is printed and old ones are deleted", async () => {
    const token = (await startAndReadLink())!;
    const { bootstrapAdmin } = await import("@/lib/accounts/register");
    expect(await bootstrapAdmin("env-admin@example.com", "Password-123")).toBe(true);
    expect(await startAndReadLink()).toBeNull();
    expect(await tokenRows()).toHaveLength(0);
    expect((await post(form(token))).status).toBe(404);
    expect(await (await lib()).setupTokenValid(token)).toBe(false);
  });
});
