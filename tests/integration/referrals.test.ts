import { beforeAll, describe, expect, it } from "vitest";
import { count, rowOrThrow, rows, useTestDatabase, userId } from "../helpers/db";
import { q } from "@/lib/db/query";
import { call, type Actor } from "../helpers/http";
import { pushPayload, signed, SECRET } from "../helpers/push";

process.env.MEITUAN_CALLBACK_SECRET = SECRET;
useTestDatabase();

type Member = Actor & { sid: string; inviteCode: string };
let admin: Actor;
const routes = async () => ({
  register: (await import("@/app/api/register/route")).POST as never,
  rebind: (await import("@/app/api/admin/members/[id]/inviter/route")).POST as never,
  callback: (await import("@/app/api/meituan/callback/route")).POST as never,
});
async function register(username: string, inviteCode?: string): Promise<Member> {
  const r = await call((await routes()).register, "/api/register", { json: { username, agreed: true, password: "Password-123", inviteCode } });
  expect(r.status).toBe(201);
  return { id: r.data.id, role: "MEMBER", sid: r.data.sid, inviteCode: r.data.inviteCode };
}
async function paths() {
  return (await rows(q.selectFrom("referral_paths").selectAll())).map((p) => `${p.ancestorId}>${p.descendantId}@${p.depth}`).sort();
}
async function rebind(who: Actor, member: Member, inviteCode: string | null, reason = "客服核实后调整") {
  return call((await routes()).rebind, `/api/admin/members/${member.id}/inviter`, { json: { inviteCode, reason }, as: who, params: { id: member.id } });
}

beforeAll(async () => {
  const { upsertAdmin } = await import("@/lib/accounts/register");
  await upsertAdmin("boss@example.com", "Admin-Pass-123");
  admin = { id: await userId("boss@example.com"), role: "ADMIN" };
});

describe("referral tree", () => {
  it("registration records every ancestor at its depth", async () => {
    const a = await register("ra@example.com");
    const b = await register("rb@example.com", a.inviteCode);
    const c = await register("rc@example.com", b.inviteCode);
    const all = await paths();
    for (const p of [`${a.id}>${a.id}@0`, `${a.id}>${b.id}@1`, `${a.id}>${c.id}@2`, `${b.id}>${c.id}@1`, `${c.id}>${c.id}@0`]) expect(all).toContain(p);
  });

  it("re-binds a member with no orders, moving their team along, audited with the reason", async () => {
    const x = await register("rx@example.com");
    const y = await register("ry@example.com", x.inviteCode);
    const z = await register("rz@example.com", y.inviteCode);
    const n = await register("rn@example.com");
    const res = await rebind(admin, y, n.inviteCode);
    expect(res.status).toBe(200);
    const all = await paths();
    expect(all).toContain(`${n.id}>${y.id}@1`);
    expect(all).toContain(`${n.id}>${z.id}@2`);
    expect(all.some((p) => p.startsWith(`${x.id}>${y.id}`) || p.startsWith(`${x.id}>${z.id}`))).toBe(false);
    expect((await rowOrThrow(q.selectFrom("users").select("inviterId").where("id", "=", y.id))).inviterId).toBe(n.id);
    const log = await rowOrThrow(q.selectFrom("audit_logs").selectAll().where("action", "=", "member.rebind_inviter").where("targetId", "=", y.id));
    expect(log).toMatchObject({ actorId: admin.id, reason: "客服核实后调整" });
    expect(JSON.parse(log.before!)).toEqual({ inviterId: x.id });
  });

  it("refuses loops, self-invites, unknown codes, members with orders, and members asking", async () => {
    const p = await register("rp@example.com");
    const q = await register("rq@example.com", p.inviteCode);
    const before = await paths();
    expect((await rebind(admin, p, q.inviteCode)).data.error.code).toBe("referral_loop");
    expect((await rebind(admin, p, p.inviteCode)).data.error.message).toBe("不能邀请自己");
    expect((await rebind(admin, p, "NOPE2345")).status).toBe(422);
    expect((await rebind(admin, p, null, "")).status).toBe(422);
    expect((await rebind(q, p, null)).status).toBe(403);
    const o = pushPayload({ sid: q.sid });
    await call((await routes()).callback, "/api/meituan/callback", { json: signed(o) });
    expect((await rebind(admin, q, null)).status).toBe(409);
    expect(await paths()).toEqual(before);
  });
});

describe("first admin", () => {
  it("instances starting together create it once, and none of them fails", async () => {
    const { bootstrapAdmin } = await import("@/lib/accounts/register");
    await rows(q.updateTable("users").set({ role: "MEMBER" }).where("role", "=", "ADMIN"));
    const results = await Promise.all([1, 2, 3].map(() => bootstrapAdmin("first-admin@example.com", "Admin-Pass-123")));
    expect(results.some(Boolean)).toBe(true); // nobody threw; one of them (or a later one finding it) made it
    expect(await count(q.selectFrom("users").where("username", "=", "first-admin@example.com").where("role", "=", "ADMIN"))).toBe(1);
  });
});
