// Registration's consent and the agreements behind it, through the JSON API: a refused consent, no account (and
// nothing written); an API client that leaves consent out gets an account without it, and the portal's consent
// gate records it later; the versions accepted are recorded with the time; the operator's saves are versions, one at a time;
// the invite landing names the inviter by display name only and handles an unknown code.
import { beforeAll, describe, expect, it } from "vitest";
import { q } from "@/lib/db/query";
import { auditCount, count, rows, userId, useTestDatabase } from "../helpers/db";
import { call, type Actor } from "../helpers/http";

useTestDatabase();

const api = async () => ({
  register: (await import("@/app/api/register/route")).POST as never,
  agreements: await import("@/app/api/admin/settings/agreements/route"),
});
let admin: Actor;
let member: Actor;
let inviteCode: string;

const register = async (json: Record<string, unknown>) => call((await api()).register, "/api/register", { json: { password: "Password-123", ...json } });
const consentsOf = async (username: string) => rows(q.selectFrom("agreement_consents").selectAll().where("userId", "=", await userId(username)).orderBy("kind"));
const save = async (as: Actor, json: Record<string, unknown>) => call((await api()).agreements.PUT as never, "/api/admin/settings/agreements", { method: "PUT", as, json });
const current = async () => (await call((await api()).agreements.GET as never, "/api/admin/settings/agreements", { as: admin })).data;
const TEXT = "第一条：这是运营者修改后的用户协议正文。\n\n第二条：推广者应遵守美团联盟的推广规范。";

beforeAll(async () => {
  const { upsertAdmin } = await import("@/lib/accounts/register");
  await upsertAdmin("agree-boss@example.com", "Admin-Pass-123");
  admin = { id: await userId("agree-boss@example.com"), role: "ADMIN" };
  const r = await register({ username: "13900001111", agreed: true });
  member = { id: r.data.id, role: "MEMBER" };
  inviteCode = r.data.inviteCode;
});

describe("registration requires consent", () => {
  it.each([[{ agreed: false }], [{ agreed: "true" }], [{ agreed: 1 }]])("refused with a Chinese error and nothing written: %j", async (extra) => {
    const usersBefore = await count(q.selectFrom("users"));
    const consentsBefore = await count(q.selectFrom("agreement_consents"));
    const res = await register({ username: "no-consent@example.com", ...extra });
    expect(res.status).toBe(422);
    expect(res.data.error.fields.agreed[0]).toBe("请阅读并同意《用户协议》和《隐私政策》");
    expect(await count(q.selectFrom("users"))).toBe(usersBefore);
    expect(await count(q.selectFrom("agreement_consents"))).toBe(consentsBefore);
  });

  it("an API registration without consent gets an account and no consent; the portal's gate records it once", async () => {
    const res = await register({ username: "api-client@example.com" });
    expect(res.status, res.text).toBe(201);
    expect(await consentsOf("api-client@example.com")).toEqual([]);
    const { hasConsented } = await import("@/lib/agreements");
    expect(await hasConsented(res.data.id)).toBe(false);
    const consent = (await import("@/app/api/me/consent/route")).POST as never;
    const as: Actor = { id: res.data.id, role: "MEMBER" };
    const refused = await call(consent, "/api/me/consent", { json: { agreed: false }, as });
    expect([refused.status, refused.data.error.fields.agreed[0]]).toEqual([422, "请阅读并同意《用户协议》和《隐私政策》"]);
    expect(await hasConsented(res.data.id)).toBe(false);
    for (let i = 0; i < 2; i++) {
      const ok = await call(consent, "/api/me/consent", { json: { agreed: true }, as });
      expect([ok.status, ok.data]).toEqual([200, { consented: true }]);
    }
    expect((await consentsOf("api-client@example.com")).map((c) => c.kind)).toEqual(["privacy", "terms"]);
    expect((await call(consent, "/api/me/consent", { json: { agreed: true } })).status).toBe(401);
  });

  it("records the versions accepted and when, one row per agreement", async () => {
    const before = Date.now();
    const res = await register({ username: "consent@example.com", agreed: true, termsVersion: 1, privacyVersion: 1 });
    expect(res.status, res.text).toBe(201);
    const consents = await consentsOf("consent@example.com");
    expect(consents.map((c) => [c.kind, c.version])).toEqual([["privacy", 1], ["terms", 1]]);
    for (const c of consents) expect(c.acceptedAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
  });
});

describe("the operator's agreements", () => {
  it("a save is the next version, audited, and new registrations accept it", async () => {
    const before = await current();
    expect(before.terms).toMatchObject({ version: 1, updatedAt: null, updatedBy: null });
    const res = await save(admin, { kind: "terms", body: `  ${TEXT}\r\n`, baseVersion: 1 });
    expect(res.status, res.text).toBe(200);
    expect(res.data.terms).toMatchObject({ version: 2, body: TEXT, updatedBy: "agree-boss@example.com".replace(/^(.).*@/, "$1***@") });
    expect(res.data.privacy.version).toBe(1);
    expect(await auditCount("agreement.update")).toBe(1);
    // A form that showed version 1 is refused (nobody accepts a text they did not see), and writes nothing.
    const stale = await register({ username: "stale@example.com", agreed: true, termsVersion: 1, privacyVersion: 1 });
    expect(stale.status).toBe(409);
    expect(stale.data.error.message).toMatch(/已更新/);
    expect(await count(q.selectFrom("users").where("username", "=", "stale@example.com"))).toBe(0);
    expect((await register({ username: "fresh@example.com", agreed: true, termsVersion: 2, privacyVersion: 1 })).status).toBe(201);
    expect((await consentsOf("fresh@example.com")).map((c) => [c.kind, c.version])).toEqual([["privacy", 1], ["terms", 2]]);
    // Who registered before keeps the version they accepted.
    expect((await consentsOf("consent@example.com")).find((c) => c.kind === "terms")?.version).toBe(1);
  });

  it("refuses a save over a newer version, an unchanged or too short text, and anyone but an admin", async () => {
    const stale = await save(admin, { kind: "terms", body: `${TEXT}（再改）`, baseVersion: 1 });
    expect(stale.status).toBe(409);
    expect(stale.data.error.message).toMatch(/刷新/);
    expect((await save(admin, { kind: "terms", body: TEXT, baseVersion: 2 })).status).toBe(422);
    const short = await save(admin, { kind: "privacy", body: "太短", baseVersion: 1 });
    expect(short.status).toBe(422);
    expect(short.data.error.fields.body[0]).toMatch(/至少 20 个字/);
    expect((await save(admin, { kind: "cookies", body: TEXT, baseVersion: 1 })).status).toBe(422);
    expect((await save(member, { kind: "privacy", body: TEXT, baseVersion: 1 })).status).toBe(403);
    expect((await current()).privacy.version).toBe(1);
  });

  it("two saves on the same version at once: one wins, the other is told to refresh", async () => {
    const results = await Promise.all([1, 2, 3].map((i) => save(admin, { kind: "privacy", body: `${TEXT}（第 ${i} 稿）`, baseVersion: 1 })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    expect(await count(q.selectFrom("agreements").where("kind", "=", "privacy"))).toBe(1);
    expect((await current()).privacy.version).toBe(2);
  });
});

describe("the invite landing", () => {
  it("names the inviter by display name, never their login; an unknown or malformed code is said to be unknown", async () => {
    const { inviteLanding } = await import("@/lib/accounts/invite");
    // The member registered with a phone number and no name: the landing has no name, and never the phone.
    const unnamed = await inviteLanding(inviteCode.toLowerCase());
    expect(unnamed.invite).toEqual({ code: inviteCode, inviterName: null });
    expect(JSON.stringify(unnamed)).not.toContain("13900001111");
    const named = await register({ username: "13900002222", name: "李娜", agreed: true });
    expect((await inviteLanding(named.data.inviteCode)).invite).toEqual({ code: named.data.inviteCode, inviterName: "李娜" });
    expect((await inviteLanding("NOSUCH99")).invite).toEqual({ code: "NOSUCH99", unknown: true });
    expect((await inviteLanding("<script>")).invite).toMatchObject({ unknown: true });
    expect((await inviteLanding(undefined)).invite).toBeNull();
    const landing = await inviteLanding(undefined);
    expect(landing.rates.map((r) => r.level)).toEqual([0, 1, 2]);
    expect(landing.versions).toEqual({ terms: 2, privacy: 2 });
  });

  it("an unknown code registers nobody; without it the visitor registers with no inviter", async () => {
    const bad = await register({ username: "invited@example.com", inviteCode: "NOSUCH99", agreed: true });
    expect(bad.status).toBe(422);
    expect(bad.data.error.fields.inviteCode[0]).toBe("邀请码不存在");
    expect(await count(q.selectFrom("users").where("username", "=", "invited@example.com"))).toBe(0);
    const ok = await register({ username: "invited@example.com", agreed: true });
    expect(ok.status).toBe(201);
    const [u] = await rows(q.selectFrom("users").select("inviterId").where("id", "=", ok.data.id));
    expect(u.inviterId).toBeNull();
  });
});
