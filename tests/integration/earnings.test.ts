// The commission ledger through the same interfaces users use: pushes at the callback, members and admins at
// the JSON API. A invites B invites C; C's orders earn C (level 0), B (level 1) and A (level 2).
import { beforeAll, describe, expect, it } from "vitest";
import { auditCount, count, orderOf, rows, useTestDatabase, userId } from "../helpers/db";
import { q } from "@/lib/db/query";
import { call, type Actor } from "../helpers/http";
import { pushPayload, signed, SECRET } from "../helpers/push";

process.env.MEITUAN_CALLBACK_SECRET = SECRET;
useTestDatabase();

const DAY = 86_400;
const nowS = () => Math.floor(Date.now() / 1000);

const api = async () => ({
  register: (await import("@/app/api/register/route")).POST as never,
  callback: (await import("@/app/api/meituan/callback/route")).POST as never,
  summary: (await import("@/app/api/me/summary/route")).GET as never,
  commissions: (await import("@/app/api/me/commissions/route")).GET as never,
  meOrders: (await import("@/app/api/me/orders/route")).GET as never,
  team: (await import("@/app/api/me/team/route")).GET as never,
  daily: (await import("@/app/api/me/earnings/daily/route")).GET as never,
  withdrawals: await import("@/app/api/me/withdrawals/route"),
  rules: await import("@/app/api/admin/settings/commission/route"),
  settle: (await import("@/app/api/admin/settlement/run/route")).POST as never,
  adminWithdrawals: (await import("@/app/api/admin/withdrawals/route")).GET as never,
  review: (await import("@/app/api/admin/withdrawals/[id]/[action]/route")).POST as never,
});

type Member = Actor & { sid: string; inviteCode: string };
let A: Member, B: Member, C: Member, admin: Actor;

async function register(username: string, inviteCode?: string): Promise<Member> {
  const r = await call((await api()).register, "/api/register", { json: { username, agreed: true, password: "Password-123", inviteCode } });
  expect(r.status).toBe(201);
  return { id: r.data.id, role: "MEMBER", sid: r.data.sid, inviteCode: r.data.inviteCode };
}
async function push(p: Record<string, unknown>) {
  const res = await call((await api()).callback, "/api/meituan/callback", { json: signed(p) });
  expect(res.data).toEqual({ errcode: "0", errmsg: "ok" });
}
async function ledger(m: Actor, orderId?: string) {
  const res = await call((await api()).commissions, "/api/me/commissions?limit=100", { as: m });
  expect(res.status).toBe(200);
  return (res.data.items as { orderId: string; level: number; amount: string; status: string; base: string; rateBps: number; ruleVersion: number; reason: string | null }[]).filter(
    (r) => !orderId || r.orderId === orderId,
  );
}
async function summary(m: Actor) {
  return (await call((await api()).summary, "/api/me/summary", { as: m })).data;
}
async function dailyTotal(m: Actor) {
  const d = (await call((await api()).daily, "/api/me/earnings/daily?days=60", { as: m })).data;
  return d.days.reduce((sum: number, x: { amount: string }) => sum + Number(x.amount), 0);
}
async function settle() {
  const res = await call((await api()).settle, "/api/admin/settlement/run", { method: "POST", as: admin });
  expect(res.status).toBe(200);
  return res.data.settled as number;
}
async function withdraw(m: Actor, amount: string) {
  return call((await api()).withdrawals.POST as never, "/api/me/withdrawals", { json: { amount, method: "alipay", account: "13800138000", realName: "张三" }, as: m });
}
async function reviewAs(who: Actor, id: number, action: string, note?: string) {
  return call((await api()).review, `/api/admin/withdrawals/${id}/${action}`, { method: "POST", json: note ? { note } : {}, as: who, params: { id: String(id), action } });
}
/** C's order: payPrice ¥100.00 × ratio 0.10 = ¥10.00 commission to us. */
const order = (over: Record<string, unknown> = {}) => pushPayload({ sid: C.sid, payPrice: "100.00", total: "120.00", ratio: "0.10", paytime: String(nowS() - 30 * DAY), modTime: String(nowS() - 30 * DAY), ...over });

beforeAll(async () => {
  A = await register("a@example.com");
  B = await register("b@example.com", A.inviteCode);
  C = await register("c@example.com", B.inviteCode);
  const { upsertAdmin } = await import("@/lib/accounts/register");
  await upsertAdmin("boss@example.com", "Admin-Pass-123");
  admin = { id: await userId("boss@example.com"), role: "ADMIN" };
  // The default rates, with a ¥1.00 minimum so that single test orders can be withdrawn.
  const { PUT } = (await api()).rules;
  const r = await call(PUT as never, "/api/admin/settings/commission", {
    method: "PUT", as: admin,
    json: { levels: [{ level: 0, rateBps: 5000 }, { level: 1, rateBps: 1000 }, { level: 2, rateBps: 500 }], holdDays: 15, minWithdrawal: "1.00" },
  });
  expect(r.data.version).toBe(2);
});

describe("the ledger lifecycle", () => {
  it("paid → estimated rows at three levels with the rule snapshotted", async () => {
    const p = order();
    await push(p);
    const [c] = await ledger(C, p.orderid as string);
    const [b] = await ledger(B, p.orderid as string);
    const [a] = await ledger(A, p.orderid as string);
    expect(c).toMatchObject({ level: 0, base: "10.00", rateBps: 5000, amount: "5.00", status: "estimated", ruleVersion: 2 });
    expect(b).toMatchObject({ level: 1, amount: "1.00", status: "estimated" });
    expect(a).toMatchObject({ level: 2, amount: "0.50", status: "estimated" });
    const s = await summary(C);
    expect(s).toMatchObject({ estimated: "5.00", pending: "0.00", available: "0.00" });
    // The member's order carries the "why this amount" breakdown.
    const mine = (await call((await api()).meOrders, "/api/me/orders", { as: C })).data.items.find((o: { orderId: string }) => o.orderId === p.orderid);
    expect(mine.commission).toMatchObject({ amount: "5.00", base: "10.00", rateBps: 5000, ruleVersion: 2, baseSource: "estimate", status: "estimated" });
  });

  it("completed → pending until the hold passes → available → withdrawn → refunded: clawback where withdrawn, void elsewhere", async () => {
    const p = order();
    const id = p.orderid as string;
    await push(p);
    await push({ ...p, status: "8", modTime: String(nowS() - 20 * DAY) }); // completed 20 days ago: hold (15 d) has passed
    expect((await ledger(C, id))[0]).toMatchObject({ status: "pending" });
    expect(await settle()).toBeGreaterThanOrEqual(3);
    expect(await settle()).toBe(0); // a second run changes nothing
    for (const m of [C, B, A]) expect((await ledger(m, id))[0].status).toBe("available");

    const before = await summary(C);
    const w = await withdraw(C, before.available);
    expect(w.status).toBe(201);
    expect((await reviewAs(admin, w.data.id, "approve")).status).toBe(200);
    const paid = await reviewAs(admin, w.data.id, "pay", "支付宝转账 #1");
    expect(paid.status).toBe(200);
    expect(paid.data).toMatchObject({ status: "paid", note: "支付宝转账 #1" });
    expect((await ledger(C, id))[0].status).toBe("withdrawn");
    expect((await summary(C)).available).toBe("0.00");

    const dailyBefore = await dailyTotal(C);
    await push({ ...p, status: "9", refundType: "1", modTime: String(nowS() - 1 * DAY) });
    const rowsC = await ledger(C, id);
    expect(rowsC.map((r) => [r.status, r.amount])).toEqual(expect.arrayContaining([["withdrawn", "5.00"], ["clawback", "-5.00"]]));
    expect((await ledger(B, id))[0]).toMatchObject({ status: "void", reason: "订单已退款" });
    expect((await ledger(A, id))[0].status).toBe("void");
    const s = await summary(C);
    expect(s.available).toBe("-5.00"); // netted against later earnings
    // The per-day earnings net the clawback off: this order now adds nothing.
    expect(await dailyTotal(C)).toBeCloseTo(dailyBefore - 5, 2);
    expect(s.withdrawn).toBe(before.available);
    // A repeat of the refund push claws back nothing more.
    await push({ ...p, status: "9", refundType: "1", modTime: String(nowS() - 1 * DAY) });
    expect((await ledger(C, id)).filter((r) => r.status === "clawback")).toHaveLength(1);
  });

  it("a refund before completion voids every level", async () => {
    const p = order();
    await push(p);
    await push({ ...p, status: "9", refundType: "3", modTime: String(nowS() - 29 * DAY) });
    for (const m of [C, B, A]) expect((await ledger(m, p.orderid as string))[0]).toMatchObject({ status: "void", reason: "订单被风控" });
  });

  it("a partial refund shrinks unpaid rows in proportion, and claws back the difference of withdrawn ones", async () => {
    const { rawDb } = await import("@/lib/db");
    const { setAuthoritativeCommission } = await import("@/lib/earnings/authoritative");
    const raw = rawDb();
    const setBase = async (orderId: string, profit: number, refund: number) => {
      const o = await orderOf(orderId);
      await raw.transaction(() => setAuthoritativeCommission(o.id, profit, refund, { at: new Date(), cause: "sync" }));
    };
    const p = order();
    await push(p);
    await push({ ...p, status: "9", refundType: "2", modTime: String(nowS() - 29 * DAY) });
    await setBase(p.orderid as string, 1000, 400); // Meituan: profit ¥10.00, refundprofit ¥4.00
    // A partly refunded order is done with: its remaining share waits out the hold like a completed one.
    expect((await ledger(C, p.orderid as string))[0]).toMatchObject({ amount: "3.00", base: "6.00", status: "pending" });
    expect((await ledger(B, p.orderid as string))[0].amount).toBe("0.60");
    expect((await ledger(A, p.orderid as string))[0].amount).toBe("0.30");

    // Now one whose money was already withdrawn.
    const q = order();
    await push(q);
    await push({ ...q, status: "8", modTime: String(nowS() - 20 * DAY) });
    await settle();
    const bal = (await summary(B)).available;
    const w = await withdraw(B, bal);
    expect(w.status).toBe(201);
    await reviewAs(admin, w.data.id, "approve");
    await reviewAs(admin, w.data.id, "pay");
    expect((await ledger(B, q.orderid as string))[0].status).toBe("withdrawn");
    await setBase(q.orderid as string, 1000, 250); // base ¥7.50: B's 10% is ¥0.75, ¥0.25 comes back
    const rows = await ledger(B, q.orderid as string);
    expect(rows.map((r) => [r.status, r.amount]).sort()).toEqual([["clawback", "-0.25"], ["withdrawn", "1.00"]]);
    await setBase(q.orderid as string, 1000, 250); // the same numbers again: nothing new
    expect(await ledger(B, q.orderid as string)).toHaveLength(2);
  });

  it("out-of-order pushes: the ledger follows the order's real state", async () => {
    const p = order();
    const id = p.orderid as string;
    // completed arrives first, then the stale paid push: rows are created and go straight to pending.
    await push({ ...p, status: "8", modTime: String(nowS() - 25 * DAY) });
    await push(p);
    expect((await ledger(C, id)).map((r) => r.status)).toEqual(["pending"]);
    // A refund that happened before the completion is stale and changes nothing.
    await push({ ...p, status: "9", refundType: "1", modTime: String(nowS() - 27 * DAY) });
    expect((await ledger(C, id)).map((r) => r.status)).toEqual(["pending"]);
    // An order first seen refunded never earns.
    const r = order();
    await push({ ...r, status: "9", refundType: "1", modTime: String(nowS() - 10 * DAY) });
    await push(r);
    expect(await ledger(C, r.orderid as string)).toEqual([]);
  });
});

describe("withdrawals", () => {
  it("two requests at the same moment cannot spend the same money", async () => {
    const D = await register("d@example.com");
    const p = pushPayload({ sid: D.sid, payPrice: "100.00", ratio: "0.10", paytime: String(nowS() - 30 * DAY), modTime: String(nowS() - 30 * DAY) });
    await push(p);
    await push({ ...p, status: "8", modTime: String(nowS() - 20 * DAY) });
    await settle();
    expect((await summary(D)).available).toBe("5.00");
    const replies = await Promise.all([withdraw(D, "4.00"), withdraw(D, "4.00"), withdraw(D, "4.00")]);
    expect(replies.map((r) => r.status).sort()).toEqual([201, 422, 422]);
    expect(replies.find((r) => r.status === 422)!.data.error.message).toContain("可提现余额不足");
    expect((await summary(D)).available).toBe("1.00");
  });

  it("refuses amounts below the minimum, above the balance, and bad accounts, creating nothing", async () => {
    const E = await register("e@example.com");
    const r0 = await withdraw(E, "0.50");
    expect(r0.status).toBe(422);
    expect(r0.data.error.message).toBe("最低提现金额为 ¥1.00");
    const r1 = await withdraw(E, "5.00");
    expect(r1.status).toBe(422);
    expect(r1.data.error.message).toBe("当前没有可提现的余额");
    const r2 = await call((await api()).withdrawals.POST as never, "/api/me/withdrawals", { json: { amount: "abc", method: "bank", account: "12" }, as: E });
    expect(r2.status).toBe(422);
    expect(r2.data.error.fields.amount).toBeDefined();
    expect(r2.data.error.fields.account).toBeDefined();
    const list = await call((await api()).withdrawals.GET as never, "/api/me/withdrawals", { as: E });
    expect(list.data.items).toEqual([]);
  });

  it("reject returns the money; illegal transitions are 409; members cannot review", async () => {
    const D = await register("f@example.com");
    const p = pushPayload({ sid: D.sid, payPrice: "300.00", ratio: "0.10", paytime: String(nowS() - 30 * DAY), modTime: String(nowS() - 30 * DAY) });
    await push(p);
    await push({ ...p, status: "8", modTime: String(nowS() - 20 * DAY) });
    await settle();
    const w = await withdraw(D, "15.00");
    expect((await summary(D)).available).toBe("0.00");
    expect((await summary(D)).inReview).toBe("15.00");
    expect((await reviewAs(D, w.data.id, "approve")).status).toBe(403);
    expect((await reviewAs(admin, w.data.id, "pay")).status).toBe(409);
    expect((await reviewAs(admin, w.data.id, "reject", "账号信息有误")).data.status).toBe("rejected");
    expect((await reviewAs(admin, w.data.id, "approve")).status).toBe(409);
    expect((await summary(D)).available).toBe("15.00");
    const audits = await rows(q.selectFrom("audit_logs").selectAll().where("targetType", "=", "withdrawal").where("targetId", "=", String(w.data.id)).orderBy("id"));
    expect(audits.map((a) => a.action)).toEqual(["withdrawal.reject"]);
    const queue = await call((await api()).adminWithdrawals, "/api/admin/withdrawals?status=rejected", { as: admin });
    expect(queue.data.items.map((x: { id: number }) => x.id)).toContain(w.data.id);
  });

  it("a member only ever sees their own money", async () => {
    const mine = await ledger(A);
    expect(mine.every((r) => r.level === 2)).toBe(true);
    const list = await call((await api()).withdrawals.GET as never, "/api/me/withdrawals", { as: A });
    expect(list.data.items).toEqual([]);
    expect((await call((await api()).commissions, "/api/me/commissions")).status).toBe(401);
  });
});

describe("rules", () => {
  it("validates, versions, and never rewrites existing rows", async () => {
    const { GET, PUT } = (await api()).rules;
    const bad = await call(PUT as never, "/api/admin/settings/commission", {
      method: "PUT", as: admin,
      json: { levels: [{ level: 0, rateBps: 9000 }, { level: 1, rateBps: 2000 }], holdDays: 15, minWithdrawal: "10.00" },
    });
    expect(bad.status).toBe(422);
    expect(bad.data.error.message).toBe("各级比例之和不能超过 100%");
    expect((await call(PUT as never, "/api/admin/settings/commission", { method: "PUT", as: C, json: {} })).status).toBe(403);

    const p = order();
    await push(p);
    const ok = await call(PUT as never, "/api/admin/settings/commission", {
      method: "PUT", as: admin,
      json: { levels: [{ level: 0, rateBps: 6000 }, { level: 1, rateBps: 500 }], businessLineOverrides: [{ businessLine: 4, levels: [{ level: 0, rateBps: 7000 }] }], holdDays: 7, minWithdrawal: "1.00" },
    });
    expect(ok.status).toBe(200);
    expect(ok.data).toMatchObject({ version: 3, holdDays: 7, minWithdrawal: "1.00" });
    expect((await call(GET as never, "/api/admin/settings/commission", { as: admin })).data.version).toBe(3);
    // The earlier order keeps version 2's rates; a new order uses version 3; 优选 (business line 4) its override.
    expect((await ledger(C, p.orderid as string))[0]).toMatchObject({ rateBps: 5000, amount: "5.00", ruleVersion: 2 });
    const q = order();
    await push(q);
    expect((await ledger(C, q.orderid as string))[0]).toMatchObject({ rateBps: 6000, amount: "6.00", ruleVersion: 3 });
    expect(await ledger(A, q.orderid as string)).toEqual([]); // level 2 has no rate in version 3
    const y = order({ businessLine: "4" });
    await push(y);
    expect((await ledger(C, y.orderid as string))[0]).toMatchObject({ rateBps: 7000, amount: "7.00" });
    expect(await auditCount("commission_rules.update")).toBe(2);
  });

  it("a disabled member earns nothing new; their sid still tracks the order", async () => {
    await rows(q.updateTable("users").set({ disabled: true }).where("id", "=", B.id));
    const p = order();
    await push(p);
    expect((await orderOf(p.orderid as string)).memberId).toBe(C.id);
    const { items } = (await call((await api()).commissions, "/api/me/commissions?limit=100", { as: C })).data;
    expect(items.some((r: { orderId: string }) => r.orderId === p.orderid)).toBe(true);
    const orderRef = (await orderOf(p.orderid as string)).id;
    expect(await count(q.selectFrom("commissions").where("beneficiaryId", "=", B.id).where("orderRef", "=", orderRef))).toBe(0);
    await rows(q.updateTable("users").set({ disabled: false }).where("id", "=", B.id));
  });
});

describe("team and daily earnings", () => {
  it("A sees B at level 1 and C at level 2, masked, with what each earned A", async () => {
    const t = (await call((await api()).team, "/api/me/team", { as: A })).data;
    expect(t).toMatchObject({ level1Count: 1, level2Count: 1 });
    expect(t.members.map((m: { level: number; username: string }) => [m.level, m.username])).toEqual([
      [1, "b***@example.com"],
      [2, "c***@example.com"],
    ]);
    expect(Number(t.members[1].earnedForMe)).toBeGreaterThan(0);
  });

  it("daily earnings cover every Beijing day in the window", async () => {
    const d = (await call((await api()).daily, "/api/me/earnings/daily?days=31", { as: C })).data;
    expect(d.days).toHaveLength(31);
    expect(d.days.reduce((s: number, x: { amount: string }) => s + Number(x.amount), 0)).toBeGreaterThan(0);
    expect((await call((await api()).daily, "/api/me/earnings/daily?days=0", { as: C })).status).toBe(422);
  });
});
