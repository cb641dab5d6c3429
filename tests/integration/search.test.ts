// The console's one search box: every kind of term an operator has at hand finds its orders and members, through
// the same API the header calls; members are named by name and masked phone, never by id.
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../helpers/db";
import { call, type Actor } from "../helpers/http";
import { pushPayload, signed, SECRET } from "../helpers/push";

process.env.MEITUAN_CALLBACK_SECRET = SECRET;
useTestDatabase();

const searchRoute = async () => (await import("@/app/api/admin/search/route")).GET;
let admin: Actor;
let member: Actor;
const people: Record<string, { id: string; sid: string; inviteCode: string }> = {};
const orderIds: string[] = [];

async function search(term: string, as: Actor = admin) {
  return call(await searchRoute(), `/api/admin/search?q=${encodeURIComponent(term)}`, { as });
}
const memberIds = (r: { data: { members: { id: string }[] } }) => r.data.members.map((m) => m.id);

beforeAll(async () => {
  const { registerMember, upsertAdmin } = await import("@/lib/accounts/register");
  const { rawDb } = await import("@/lib/db");
  const { q } = await import("@/lib/db/query");
  await upsertAdmin("boss@example.com", "Admin-Pass-123");
  admin = { id: (await rawDb().row(q.selectFrom("users").select("id").where("username", "=", "boss@example.com")))!.id, role: "ADMIN" };
  for (const [key, username, name] of [
    ["wang", "13812345678", "王小明"],
    ["wang2", "13812349999", "老王"],
    ["li", "li.lei@example.com", "Li Lei"],
    ["pct", "pct@example.com", "100%_满意"],
    ["anon", "13900001111", null],
  ] as const) {
    people[key] = await registerMember({ username, agreed: true, password: "Password-123", name: name ?? undefined });
  }
  member = { id: people.li.id, role: "MEMBER" };
  const callback = (await import("@/app/api/meituan/callback/route")).POST;
  // Two orders sharing a long prefix, one for 王小明 and one nobody's.
  for (const [orderid, sid] of [["123456789012345678", people.wang.sid], ["123456789099999999", "nosuchsid0000000"], ["223456789012345678", people.li.sid]]) {
    orderIds.push(orderid);
    const r = await call(callback, "/api/meituan/callback", { json: signed(pushPayload({ orderid, sid, smstitle: `店铺 ${orderid.slice(-4)}` })) });
    expect(r.data).toEqual({ errcode: "0", errmsg: "ok" });
  }
});

describe("admin search", () => {
  it("an order id prefix of 6+ digits finds the orders, exact one first, with status and the member by name and masked phone", async () => {
    const r = await search("1234567890");
    expect(r.status).toBe(200);
    expect(r.data.orders.map((o: { orderId: string }) => o.orderId)).toEqual(["123456789012345678", "123456789099999999"]);
    const [mine, nobodys] = r.data.orders;
    expect(mine).toMatchObject({ title: "店铺 5678", status: "paid", exact: false, member: { id: people.wang.id, name: "王小明", phone: "138****5678" } });
    expect(nobodys.member).toBeNull();
    const exact = await search("123456789012345678");
    expect(exact.data.orders).toHaveLength(1);
    expect(exact.data.orders[0].exact).toBe(true);
    // Five digits are not an order id (too many orders share them).
    expect((await search("12345")).data.orders).toEqual([]);
  });

  it("a phone or email prefix finds the members, masked, never labelled by id", async () => {
    const r = await search("138123");
    expect(memberIds(r).sort()).toEqual([people.wang.id, people.wang2.id].sort());
    for (const m of r.data.members) {
      expect(m.phone).toMatch(/^138\*\*\*\*\d{4}$/);
      expect(JSON.stringify({ ...m, id: undefined })).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    }
    const email = await search("LI.lei@");
    expect(email.data.members).toEqual([expect.objectContaining({ id: people.li.id, name: "Li Lei", phone: "l***@example.com", match: "username" })]);
    const anon = await search("13900001111");
    expect(anon.data.members).toEqual([expect.objectContaining({ id: people.anon.id, name: null, phone: "139****1111" })]);
  });

  it("a name is found by any part of it, case-insensitively; % and _ are plain characters", async () => {
    expect(memberIds(await search("王")).sort()).toEqual([people.wang.id, people.wang2.id].sort());
    expect(memberIds(await search("小明"))).toEqual([people.wang.id]);
    expect(memberIds(await search("li l"))).toEqual([people.li.id]);
    expect(memberIds(await search("%_"))).toEqual([people.pct.id]);
    expect(memberIds(await search("0%"))).toEqual([people.pct.id]);
    expect((await search("不存在的名字")).data).toEqual({ orders: [], members: [] });
  });

  it("a sid (exact or prefix) and an invite code (exact, any case) find their member first", async () => {
    const bySid = await search(people.wang.sid);
    expect(bySid.data.members[0]).toMatchObject({ id: people.wang.id, match: "sid" });
    expect(memberIds(await search(people.li.sid.slice(0, 10)))).toContain(people.li.id);
    const byCode = await search(people.li.inviteCode.toLowerCase());
    expect(byCode.data.members[0]).toMatchObject({ id: people.li.id, match: "inviteCode" });
    expect(memberIds(await search(people.li.inviteCode.slice(0, 6)))).not.toContain(people.li.id);
  });

  it("validates q (1–64 characters) and is for admins only", async () => {
    expect((await search("")).status).toBe(422);
    expect((await search("   ")).status).toBe(422);
    expect((await search("x".repeat(65))).status).toBe(422);
    expect((await search("x".repeat(64))).status).toBe(200);
    expect((await call(await searchRoute(), "/api/admin/search")).status).toBe(401);
    expect((await search("王", member)).status).toBe(403);
  });

  it("at most 8 per group", async () => {
    const { registerMember } = await import("@/lib/accounts/register");
    for (let i = 0; i < 10; i++) await registerMember({ username: `1370000${String(i).padStart(4, "0")}`, agreed: true, password: "Password-123", name: `批量${i}` });
    expect((await search("137")).data.members).toHaveLength(8);
    expect((await search("批量")).data.members).toHaveLength(8);
  });
});
