// Promotion links and order claims, against the fake Meituan.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count, orderOf, orderWithCommissions, row, rowOrThrow, rows, useTestDatabase, userId } from "../helpers/db";
import { q } from "@/lib/db/query";
import { call, type Actor } from "../helpers/http";
import { pushPayload, signed, SECRET } from "../helpers/push";
import { startFakeMeituan, type FakeMeituan } from "../../e2e/fake-meituan/server";
import { NOT_CLAIMABLE } from "@/lib/promotion/claims";

const PORT = 47000 + (process.pid % 1000);
process.env.MEITUAN_CALLBACK_SECRET = SECRET;
process.env.MEITUAN_APP_KEY = "fake_app";
process.env.MEITUAN_API_SECRET = "fake_api_secret";
process.env.MEITUAN_UNION_BASE_URL = `http://127.0.0.1:${PORT}`;
process.env.MEITUAN_BUSINESS_LINES = "2";
useTestDatabase();

let fake: FakeMeituan;
let admin: Actor;
let M: Actor & { sid: string };
let other: Actor & { sid: string };
const route = async (path: string) => (await import(/* @vite-ignore */ `@/app/api/${path}/route`)) as Record<string, never>;

async function register(username: string) {
  const r = await call((await route("register")).POST, "/api/register", { json: { username, agreed: true, password: "Password-123" } });
  return { id: r.data.id as string, role: "MEMBER" as const, sid: r.data.sid as string };
}
async function push(p: Record<string, unknown>) {
  expect((await call((await route("meituan/callback")).POST, "/api/meituan/callback", { json: signed(p) })).data).toEqual({ errcode: "0", errmsg: "ok" });
}
const claim = async (who: Actor, orderId: string, payAmount: string) => call((await route("me/claims")).POST, "/api/me/claims", { as: who, json: { orderId, payAmount } });

beforeAll(async () => {
  fake = await startFakeMeituan({ port: PORT, host: "127.0.0.1", appKey: "fake_app", apiSecret: "fake_api_secret", callbackSecret: SECRET });
  const { upsertAdmin } = await import("@/lib/accounts/register");
  await upsertAdmin("boss@example.com", "Admin-Pass-123");
  admin = { id: await userId("boss@example.com"), role: "ADMIN" };
  M = await register("promo-m@example.com");
  other = await register("promo-o@example.com");
});
afterAll(async () => fake?.close());

describe("promotion links", () => {
  it("admin configures activities; a member gets their own link, generated once and cached", async () => {
    const none = await call((await route("me/activities")).GET, "/api/me/activities", { as: M });
    expect(none.data).toEqual({ configured: true, items: [] });
    const created = await call((await route("admin/activities")).POST, "/api/admin/activities", { as: admin, json: { actId: "33", name: "外卖红包", businessLine: 2 } });
    expect(created.status).toBe(201);
    expect((await call((await route("admin/activities")).POST, "/api/admin/activities", { as: admin, json: { actId: "33", name: "重复" } })).status).toBe(409);
    const list = await call((await route("me/activities")).GET, "/api/me/activities", { as: M });
    expect(list.data.items.map((a: { actId: string }) => a.actId)).toEqual(["33"]);
    const first = await call((await route("me/links")).POST, "/api/me/links", { as: M, json: { activityId: created.data.id, linkType: "h5_short" } });
    expect(first.status).toBe(200);
    expect(first.data).toMatchObject({ cached: false, linkType: "h5_short" });
    expect(first.data.url).toContain(M.sid);
    const calls = fake.requests.length;
    const again = await call((await route("me/links")).POST, "/api/me/links", { as: M, json: { activityId: created.data.id, linkType: "h5_short" } });
    expect(again.data).toMatchObject({ cached: true, url: first.data.url });
    expect(fake.requests.length).toBe(calls);
    // A disabled activity can no longer be used.
    await call((await route("admin/activities/[id]")).PUT, `/api/admin/activities/${created.data.id}`, { as: admin, params: { id: String(created.data.id) }, json: { actId: "33", name: "外卖红包", enabled: false } });
    expect((await call((await route("me/links")).POST, "/api/me/links", { as: M, json: { activityId: created.data.id, linkType: "deeplink" } })).status).toBe(404);
    expect(await count(q.selectFrom("audit_logs").where("action", "in", ["activity.create", "activity.update"]))).toBe(2);
  });
});

describe("order claims", () => {
  it("an unattributed order with the right amount becomes the member's, with commissions", async () => {
    const p = pushPayload({ sid: "lostsid000000000", payPrice: "88.80", ratio: "0.10" });
    await push(p);
    const r = await claim(M, p.orderid as string, "88.80");
    expect(r.status).toBe(201);
    expect(r.data).toMatchObject({ status: "attributed" });
    const o = await orderWithCommissions(p.orderid as string);
    expect(o.memberId).toBe(M.id);
    expect(o.commissions.map((c) => [c.beneficiaryId, c.amountFen])).toEqual([[M.id, 444]]);
    expect((await claim(M, p.orderid as string, "88.80")).status).toBe(409);
  });

  it("a wrong amount is rejected and changes nothing; another member's order can never be claimed", async () => {
    const p = pushPayload({ sid: "lostsid000000001", payPrice: "50.00" });
    await push(p);
    expect((await claim(M, p.orderid as string, "49.99")).data).toMatchObject({ status: "rejected", reason: "实付金额与订单不符" });
    const theirs = pushPayload({ sid: other.sid, payPrice: "10.00" });
    await push(theirs);
    expect((await claim(M, theirs.orderid as string, "10.00")).data).toMatchObject({ status: "rejected", reason: NOT_CLAIMABLE });
    expect((await orderOf(p.orderid as string)).memberId).toBeNull();
    expect((await orderOf(theirs.orderid as string)).memberId).toBe(other.id);
  });

  it("an order no push brought is looked up at Meituan: empty sid and the right amount → the member's", async () => {
    const day = Math.floor(Date.now() / 1000) - 86_400;
    fake.upsertOrders([
      { orderid: "880000000000000001", sid: "", status: "8", payprice: "66.60", profit: "3.33", paytime: String(day), modTime: String(day + 100), smstitle: "美团闪购-测试", businessLine: "2", actId: "33" },
      { orderid: "880000000000000002", sid: other.sid, status: "1", payprice: "12.00", profit: "0.60", paytime: String(day), modTime: String(day + 1), smstitle: "美团外卖", businessLine: "2", actId: "33" },
    ]);
    const ok = await claim(M, "880000000000000001", "66.60");
    expect(ok.data).toMatchObject({ status: "attributed" });
    const o = await orderOf("880000000000000001");
    expect(o).toMatchObject({ memberId: M.id, source: "sync", status: "completed", commissionFen: 333 });
    expect((await claim(M, "880000000000000002", "12.00")).data).toMatchObject({ status: "rejected", reason: NOT_CLAIMABLE });
  });

  it("members get the same answer for an order that is someone else's and one that does not exist", async () => {
    const S = await register("promo-s@example.com");
    const theirs = pushPayload({ sid: other.sid, payPrice: "31.00" });
    await push(theirs);
    const day = Math.floor(Date.now() / 1000) - 86_400;
    fake.upsertOrders([{ orderid: "880000000000000009", sid: other.sid, status: "1", payprice: "31.00", profit: "1.00", paytime: String(day), modTime: String(day + 1), smstitle: "美团外卖", businessLine: "2", actId: "33" }]);
    const answers = [
      await claim(S, theirs.orderid as string, "31.00"), // someone else's, here
      await claim(S, theirs.orderid as string, "99.00"), // someone else's, wrong amount too
      await claim(S, "880000000000000009", "31.00"), // someone else's, only at Meituan
      await claim(S, "889999999999999999", "31.00"), // nobody's, anywhere
    ];
    const shown = answers.map((a) => ({ status: a.status, code: a.data.status, reason: a.data.reason, keys: Object.keys(a.data).sort() }));
    for (const s of shown) expect(s).toEqual({ ...shown[3], reason: NOT_CLAIMABLE, code: "rejected", status: 201 });
    const history = await call((await route("me/claims")).GET, "/api/me/claims", { as: S });
    expect(new Set(history.data.items.map((c: { reason: string }) => c.reason))).toEqual(new Set([NOT_CLAIMABLE]));
    // The admin's audit log keeps the precise reason.
    const audits = await rows(q.selectFrom("audit_logs").selectAll().where("actorId", "=", S.id).where("action", "=", "order.claim").orderBy("id", "asc"));
    expect(audits.map((a) => a.reason)).toEqual(["该订单已归属其他推广者", "该订单已归属其他推广者", "该订单已归属其他推广者", "美团未查到该订单"]);
  });

  it("held for review while Meituan could not be asked; the admin's approval asks again and attributes it", async () => {
    const day = Math.floor(Date.now() / 1000) - 86_400;
    fake.upsertOrders([{ orderid: "880000000000000003", sid: "", status: "1", payprice: "9.90", profit: "0.50", paytime: String(day), modTime: String(day + 1), smstitle: "美团外卖", businessLine: "2", actId: "33" }]);
    fake.failNext(4, "500");
    const held = await claim(other, "880000000000000003", "9.90");
    expect(held.data).toMatchObject({ status: "review", reason: "暂时无法向美团核实该订单，已提交人工审核" });
    const approve = await call((await route("admin/claims/[id]/[action]")).POST, `/api/admin/claims/${held.data.id}/approve`, { as: admin, params: { id: String(held.data.id), action: "approve" }, json: {} });
    expect(approve.data.status).toBe("approved");
    expect((await orderOf("880000000000000003")).memberId).toBe(other.id);
  });

  it("is rate-limited per member, telling when to retry", async () => {
    const R = await register("promo-r@example.com");
    for (let i = 0; i < 5; i++) expect((await claim(R, `99900000000${i}`, "1.00")).status).toBe(201);
    const limited = await claim(R, "999000000099", "1.00");
    expect(limited.status).toBe(429);
    expect(limited.data.error.message).toMatch(/60 分钟后再试/);
    const mine = await call((await route("me/claims")).GET, "/api/me/claims", { as: R });
    expect(mine.data.items).toHaveLength(5);
    expect(mine.data.items.map((c: { reason: string }) => c.reason)).toContain(NOT_CLAIMABLE);
  });

  it("claims sent at once cannot pass the hourly limit together", async () => {
    const C = await register("promo-c@example.com");
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => claim(C, `99800000000${String(i).padStart(2, "0")}`, "1.00")));
    expect(results.filter((r) => r.status === 201)).toHaveLength(5);
    expect(results.filter((r) => r.status === 429)).toHaveLength(7);
    expect(await count(q.selectFrom("order_claims").where("memberId", "=", C.id))).toBe(5);
  });

  it("a claim queued because Meituan could not be asked: the review shows and compares the claimed amount, and refuses a mismatch", async () => {
    const day = Math.floor(Date.now() / 1000) - 86_400;
    fake.upsertOrders([{ orderid: "880000000000000004", sid: "", status: "1", payprice: "9.90", profit: "0.50", paytime: String(day), modTime: String(day + 1), smstitle: "美团外卖", businessLine: "2", actId: "33" }]);
    fake.failNext(4, "500");
    const held = await claim(other, "880000000000000004", "99.00");
    expect(held.data).toMatchObject({ status: "review" });
    const queueBefore = await call((await route("admin/claims")).GET, "/api/admin/claims?status=review", { as: admin });
    expect(queueBefore.data.items.find((c: { id: number }) => c.id === held.data.id)).toMatchObject({ payAmount: "99.00", order: null, amountCheck: "unknown" });
    const approve = await call((await route("admin/claims/[id]/[action]")).POST, `/api/admin/claims/${held.data.id}/approve`, { as: admin, params: { id: String(held.data.id), action: "approve" }, json: {} });
    expect(approve.status).toBe(409);
    expect(approve.data.error).toMatchObject({ code: "amount_mismatch", message: "实付金额不符：申请 ¥99.00，订单 ¥9.90，不能通过" });
    expect(await rowOrThrow(q.selectFrom("order_claims").selectAll().where("id", "=", held.data.id))).toMatchObject({ status: "review" });
    // The approval asked Meituan and rolled back: the order is not anyone's yet.
    expect(await row(q.selectFrom("orders").select("id").where("orderId", "=", "880000000000000004").where("memberId", "is not", null))).toBeUndefined();
    // Once the order is here the queue shows both amounts and the mismatch.
    await push(pushPayload({ orderid: "880000000000000004", sid: "", payPrice: "9.90", direct: "9.90" }));
    const queue = await call((await route("admin/claims")).GET, "/api/admin/claims?status=review", { as: admin });
    expect(queue.data.items.find((c: { id: number }) => c.id === held.data.id)).toMatchObject({ payAmount: "99.00", order: { payAmount: "9.90", attributed: false }, amountCheck: "mismatch" });
    const reject = await call((await route("admin/claims/[id]/[action]")).POST, `/api/admin/claims/${held.data.id}/reject`, { as: admin, params: { id: String(held.data.id), action: "reject" }, json: { note: "金额不符" } });
    expect(reject.data.status).toBe("rejected");
  });

  it("what cannot be decided goes to review; the admin's approval attributes it", async () => {
    const p = pushPayload({ sid: "lostsid000000002", payPrice: "", direct: "" });
    await push(p);
    const r = await claim(other, p.orderid as string, "20.00");
    expect(r.data.status).toBe("review");
    const queue = await call((await route("admin/claims")).GET, "/api/admin/claims?status=review", { as: admin });
    expect(queue.data.items.map((c: { id: number }) => c.id)).toContain(r.data.id);
    const approve = await call((await route("admin/claims/[id]/[action]")).POST, `/api/admin/claims/${r.data.id}/approve`, { as: admin, params: { id: String(r.data.id), action: "approve" }, json: {} });
    expect(approve.data.status).toBe("approved");
    expect((await orderOf(p.orderid as string)).memberId).toBe(other.id);
    expect((await call((await route("admin/claims/[id]/[action]")).POST, `/api/admin/claims/${r.data.id}/reject`, { as: admin, params: { id: String(r.data.id), action: "reject" }, json: {} })).status).toBe(409);
    expect(await count(q.selectFrom("audit_logs").where("action", "=", "order.claim"))).toBeGreaterThanOrEqual(5);
  });
});
