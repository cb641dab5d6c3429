import { beforeAll, describe, expect, it } from "vitest";
import { count, rowOrThrow, rows, useTestDatabase, userId } from "../helpers/db";
import { q } from "@/lib/db/query";
import { call, type Actor } from "../helpers/http";
import { pushPayload, signed, SECRET } from "../helpers/push";

process.env.MEITUAN_CALLBACK_SECRET = SECRET;
useTestDatabase();

const routes = async () => ({
  register: (await import("@/app/api/register/route")).POST as never,
  callback: (await import("@/app/api/meituan/callback/route")).POST as never,
  meOrders: (await import("@/app/api/me/orders/route")).GET as never,
  adminOrders: (await import("@/app/api/admin/orders/route")).GET as never,
  adminOrder: (await import("@/app/api/admin/orders/[orderId]/route")).GET as never,
});

let alice: Actor & { sid: string; inviteCode: string };
let bob: Actor & { sid: string };
let admin: Actor;

async function register(username: string, extra: Record<string, unknown> = {}) {
  const r = await routes();
  return call(r.register, "/api/register", { json: { username, agreed: true, password: "Password-123", ...extra } });
}
async function push(p: Record<string, unknown>) {
  const r = await routes();
  const res = await call(r.callback, "/api/meituan/callback", { json: signed(p) });
  expect(res.data).toEqual({ errcode: "0", errmsg: "ok" });
}

beforeAll(async () => {
  const a = await register("alice@example.com");
  const b = await register("13800138000");
  alice = { id: a.data.id, role: "MEMBER", sid: a.data.sid, inviteCode: a.data.inviteCode };
  bob = { id: b.data.id, role: "MEMBER", sid: b.data.sid };
  const { upsertAdmin } = await import("@/lib/accounts/register");
  await upsertAdmin("boss@example.com", "Admin-Pass-123");
  admin = { id: await userId("boss@example.com"), role: "ADMIN" };
});

describe("POST /api/register", () => {
  it("gives each member an unguessable sid and an invite code", async () => {
    expect(alice.sid).toMatch(/^[a-z0-9]{8,32}$/);
    expect(bob.sid).not.toBe(alice.sid);
    expect(alice.inviteCode).toMatch(/^[A-Z0-9]{6,}$/);
  });

  it("409 for a taken username, case-insensitively", async () => {
    const r = await register("ALICE@example.com");
    expect(r.status).toBe(409);
    expect(r.data.error.message).toBe("该手机号或邮箱已注册");
  });

  it.each([
    [{ username: "not-an-email", password: "Password-123" }, "username"],
    [{ username: "12345", password: "Password-123" }, "username"],
    [{ username: "carol@example.com", password: "short" }, "password"],
    [{ password: "Password-123" }, "username"],
  ])("422 with a Chinese message for %j", async (body, field) => {
    const r = await routes();
    const res = await call(r.register, "/api/register", { json: body });
    expect(res.status).toBe(422);
    expect(res.data.error.fields[field]?.[0]).toMatch(/[\u4e00-\u9fff]/);
  });

  it("422 for an unknown invite code, and nothing is created", async () => {
    const res = await register("dave@example.com", { inviteCode: "NOSUCH99" });
    expect(res.status).toBe(422);
    expect(await count(q.selectFrom("users").where("username", "=", "dave@example.com"))).toBe(0);
  });

  it("400 for a body that is not JSON", async () => {
    const r = await routes();
    const res = await call(r.register, "/api/register", { body: "{", headers: { "content-type": "application/json" } });
    expect(res.status).toBe(400);
  });

  it("binds an invited member to the inviter", async () => {
    const res = await register("erin@example.com", { inviteCode: alice.inviteCode.toLowerCase() });
    expect(res.status).toBe(201);
    expect((await rowOrThrow(q.selectFrom("users").select("inviterId").where("id", "=", res.data.id))).inviterId).toBe(alice.id);
  });
});

describe("member and admin order APIs", () => {
  const aliceOrders: string[] = [];
  let bobOrder: string;
  let strayOrder: string;

  beforeAll(async () => {
    for (let i = 0; i < 25; i++) {
      const p = pushPayload({ sid: alice.sid, paytime: String(1764300000 + i * 60), payPrice: `${10 + i}.50` });
      aliceOrders.push(p.orderid as string);
      await push(p);
    }
    const b = pushPayload({ sid: bob.sid, status: "8" });
    bobOrder = b.orderid as string;
    await push(b);
    // 2026-11-27T16:30Z is 00:30 on 2026-11-28 in Beijing.
    const s = pushPayload({ sid: "unknownsid999999", paytime: String(Date.parse("2026-11-27T16:30:00Z") / 1000) });
    strayOrder = s.orderid as string;
    await push(s);
  });

  it("401 for anonymous callers, 403 for members on admin data", async () => {
    const r = await routes();
    expect((await call(r.meOrders, "/api/me/orders")).status).toBe(401);
    expect((await call(r.adminOrders, "/api/admin/orders")).status).toBe(401);
    expect((await call(r.adminOrders, "/api/admin/orders", { as: alice })).status).toBe(403);
    expect((await call(r.adminOrder, `/api/admin/orders/${bobOrder}`, { as: alice, params: { orderId: bobOrder } })).status).toBe(403);
  });

  it("a member sees only their own orders, newest first, in keyset pages", async () => {
    const r = await routes();
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { status: number; data: any } = await call(r.meOrders, `/api/me/orders?limit=10${cursor ? `&cursor=${cursor}` : ""}`, { as: alice });
      expect(res.status).toBe(200);
      seen.push(...res.data.items.map((o: { orderId: string }) => o.orderId));
      cursor = res.data.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual([...aliceOrders].reverse());
    const bobs = await call(r.meOrders, "/api/me/orders", { as: bob });
    expect(bobs.data.items.map((o: { orderId: string }) => o.orderId)).toEqual([bobOrder]);
  });

  it("speaks the documented Order shape: yuan strings, ISO times", async () => {
    const r = await routes();
    const res = await call(r.meOrders, "/api/me/orders?limit=1", { as: alice });
    const o = res.data.items[0];
    expect(o).toMatchObject({ orderId: aliceOrders[24], sid: alice.sid, memberId: alice.id, status: "paid", upstreamStatus: "1", payAmount: "34.50", totalAmount: "35.50", refundType: null, businessLine: 2 });
    expect(o.paidAt).toBe(new Date((1764300000 + 24 * 60) * 1000).toISOString());
    expect(Date.parse(o.createdAt)).not.toBeNaN();
  });

  it("422 for a bad limit or a forged cursor", async () => {
    const r = await routes();
    expect((await call(r.meOrders, "/api/me/orders?limit=1000", { as: alice })).status).toBe(422);
    expect((await call(r.meOrders, "/api/me/orders?cursor=garbage", { as: alice })).status).toBe(422);
  });

  it("a disabled member is locked out at once, session or not", async () => {
    const r = await routes();
    await rows(q.updateTable("users").set({ disabled: true }).where("id", "=", bob.id));
    expect((await call(r.meOrders, "/api/me/orders", { as: bob })).status).toBe(401);
    await rows(q.updateTable("users").set({ disabled: false }).where("id", "=", bob.id));
  });

  it("a revoked admin loses admin access while their session lives", async () => {
    const r = await routes();
    await rows(q.updateTable("users").set({ role: "MEMBER" }).where("id", "=", admin.id));
    expect((await call(r.adminOrders, "/api/admin/orders", { as: admin })).status).toBe(403);
    await rows(q.updateTable("users").set({ role: "ADMIN" }).where("id", "=", admin.id));
    expect((await call(r.adminOrders, "/api/admin/orders", { as: admin })).status).toBe(200);
  });

  it("admin filters: orderId, sid, status, member, attribution, Beijing dates", async () => {
    const r = await routes();
    const ids = async (qs: string) => {
      const res = await call(r.adminOrders, `/api/admin/orders?limit=100&${qs}`, { as: admin });
      expect(res.status).toBe(200);
      return res.data.items.map((o: { orderId: string }) => o.orderId);
    };
    expect(await ids(`orderId=${bobOrder}`)).toEqual([bobOrder]);
    expect(await ids(`sid=${bob.sid}`)).toEqual([bobOrder]);
    expect(await ids("status=completed")).toEqual([bobOrder]);
    expect((await ids(`memberId=${alice.id}`)).length).toBe(25);
    expect(await ids("attributed=no")).toEqual([strayOrder]);
    expect(await ids("from=2026-11-28&to=2026-11-28")).toEqual([strayOrder]);
    expect(await ids("to=2026-11-27")).not.toContain(strayOrder);
    const bad = await call(r.adminOrders, "/api/admin/orders?status=shipped", { as: admin });
    expect(bad.status).toBe(422);
    expect((await call(r.adminOrders, "/api/admin/orders?from=2026-02-30", { as: admin })).status).toBe(422);
  });

  it("admin order page data: order, events, raw pushes; 404 for an unknown order", async () => {
    const r = await routes();
    await push(pushPayload({ orderid: bobOrder, sid: bob.sid, status: "1", modTime: "1764000000" }));
    const res = await call(r.adminOrder, `/api/admin/orders/${bobOrder}`, { as: admin, params: { orderId: bobOrder } });
    expect(res.status).toBe(200);
    expect(res.data.order).toMatchObject({ orderId: bobOrder, status: "completed", memberId: bob.id });
    expect(res.data.events.map((e: { to: string; applied: boolean }) => [e.to, e.applied])).toEqual([
      ["completed", true],
      ["paid", false],
    ]);
    expect(res.data.events[1].reason).toBe("older_push");
    expect(res.data.pushes).toHaveLength(2);
    expect(res.data.pushes[0]).toMatchObject({ signatureValid: true, outcome: "applied", error: null });
    expect(JSON.parse(res.data.pushes[0].body).orderid).toBe(bobOrder);
    const missing = await call(r.adminOrder, "/api/admin/orders/404404", { as: admin, params: { orderId: "404404" } });
    expect(missing.status).toBe(404);
  });
});

describe("without Meituan API credentials", () => {
  it("links and reconciliation say so clearly instead of failing", async () => {
    const acts = await call((await import("@/app/api/me/activities/route")).GET as never, "/api/me/activities", { as: alice });
    expect(acts.data.configured).toBe(false);
    const created = await call((await import("@/app/api/admin/activities/route")).POST as never, "/api/admin/activities", { as: admin, json: { actId: "33", name: "外卖" } });
    const link = await call((await import("@/app/api/me/links/route")).POST as never, "/api/me/links", { as: alice, json: { activityId: created.data.id } });
    expect(link.status).toBe(409);
    expect(link.data.error.message).toContain("尚未配置美团 API 凭证");
    const sync = await call((await import("@/app/api/admin/sync/route")).POST as never, "/api/admin/sync", { as: admin, json: { from: "2026-11-01", to: "2026-11-02" } });
    expect(sync.status).toBe(409);
    expect(sync.data.error.code).toBe("no_credentials");
    const runs = await call((await import("@/app/api/admin/sync/runs/route")).GET as never, "/api/admin/sync/runs", { as: admin });
    expect(runs.data).toEqual({ configured: false, items: [] });
  });
});
