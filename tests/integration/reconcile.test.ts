// Reconciliation against the fake Meituan: a day where half the pushes were lost ends with every order present,
// Meituan's money on every commission row, and the gap visible; status never moves backwards; a run that dies
// resumes from its checkpoint; two runs at once never both run.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count, orderOf, orderWithCommissions, ordersWithCommissions, rowOrThrow, rows, useTestDatabase, userId } from "../helpers/db";
import { q } from "@/lib/db/query";
import { call, type Actor } from "../helpers/http";
import { signed, SECRET } from "../helpers/push";
import { startFakeMeituan, type FakeMeituan, type FakeOrder } from "../../e2e/fake-meituan/server";
import { beijingDay, beijingDayEnd, beijingDayStart } from "@/lib/time";

process.env.MEITUAN_CALLBACK_SECRET = SECRET;
useTestDatabase();

const APP_KEY = "fake_app", API_SECRET = "fake_api_secret";
let fake: FakeMeituan;
let C: Actor & { sid: string };
const DAY = beijingDay(new Date(Date.now() - 5 * 86_400_000));
const range = { from: beijingDayStart(DAY), to: beijingDayEnd(DAY) };

async function source() {
  const { createMeituanClient } = await import("@/lib/meituan/client");
  return createMeituanClient({ kind: "union", appKey: APP_KEY, secret: API_SECRET, unionBaseUrl: fake.url, businessLines: [2], pageSize: 7, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 } });
}
async function sync(extra: Record<string, unknown> = {}) {
  const { rawDb } = await import("@/lib/db");
  const { runSync } = await import("@/lib/reconcile/run");
  return runSync(rawDb(), await source(), { ...range, trigger: "cli", ...extra });
}
async function register(username: string, inviteCode?: string) {
  const r = await call((await import("@/app/api/register/route")).POST as never, "/api/register", { json: { username, agreed: true, password: "Password-123", inviteCode } });
  return { id: r.data.id as string, role: "MEMBER" as const, sid: r.data.sid as string, inviteCode: r.data.inviteCode as string };
}
/** The push Meituan would have sent for this order (no money fields beyond the amounts, as in the real push). */
async function pushOf(o: FakeOrder) {
  const p: Record<string, unknown> = {
    orderid: o.orderid, sid: o.sid, status: o.status, payPrice: o.payprice, total: o.total ?? o.payprice, paytime: o.paytime,
    modTime: o.modTime, smstitle: o.smstitle, businessLine: o.businessLine, actId: o.actId, ratio: "0.05", ...(o.refundType ? { refundType: o.refundType } : {}),
  };
  const r = await call((await import("@/app/api/meituan/callback/route")).POST as never, "/api/meituan/callback", { json: signed(p) });
  expect(r.data).toEqual({ errcode: "0", errmsg: "ok" });
}
const fenOf = (yuan: string | undefined) => (yuan ? Math.round(Number(yuan) * 100) : 0);

beforeAll(async () => {
  fake = await startFakeMeituan({ appKey: APP_KEY, apiSecret: API_SECRET, callbackSecret: SECRET });
  const a = await register("sync-a@example.com");
  const b = await register("sync-b@example.com", a.inviteCode);
  C = await register("sync-c@example.com", b.inviteCode);
});
afterAll(async () => fake?.close());

describe("reconciliation", () => {
  let orders: FakeOrder[];

  it("fills every gap a lost push left, with Meituan's money on every commission row", async () => {
    const start = Math.floor(range.from.getTime() / 1000) + 60, end = Math.floor(range.to.getTime() / 1000) - 60;
    orders = fake.generateOrders(30, { start, end, sids: [C.sid, "unknownsid000000"], businessLines: ["2"], seed: 7 });
    const pushed = orders.filter((_, i) => i % 2 === 0);
    for (const o of pushed) await pushOf(o);
    const r = await sync();
    expect(r).toMatchObject({ status: "done", windowsDone: 1, windowsTotal: 1, seen: 30, created: 15 });

    const stored = await ordersWithCommissions(orders.map((o) => o.orderid));
    expect(stored).toHaveLength(30);
    for (const o of orders) {
      const s = stored.find((x) => x.orderId === o.orderid)!;
      expect(s.upstreamStatus).toBe(o.status);
      expect(s.source).toBe(pushed.includes(o) ? "push" : "sync");
      expect(s.commissionSource).toBe("profit");
      const base = Math.max(0, fenOf(o.profit) - fenOf(o.refundprofit));
      expect(s.commissionFen).toBe(base);
      for (const c of s.commissions.filter((c) => c.key === "earning" && c.status !== "void")) {
        expect(c.baseFen).toBe(base);
        expect(c.amountFen).toBe(Math.floor((base * c.rateBps) / 10000));
      }
      if (o.sid === C.sid && o.status !== "9") expect(s.commissions.map((c) => c.level).sort()).toEqual([0, 1, 2]);
    }
    // The dashboard shows the gap on that day and the last successful run.
    const { upsertAdmin } = await import("@/lib/accounts/register");
    await upsertAdmin("boss@example.com", "Admin-Pass-123");
    const admin = { id: await userId("boss@example.com"), role: "ADMIN" as const };
    const dash = await call((await import("@/app/api/admin/dashboard/route")).GET as never, "/api/admin/dashboard?range=7d", { as: admin });
    expect(dash.data.sync.pushGapByDay).toContainEqual({ day: DAY, orders: 15 });
    expect(dash.data.sync.lastSuccessAt).not.toBeNull();

    // Running it again changes nothing.
    const again = await sync();
    expect(again).toMatchObject({ status: "done", seen: 30, created: 0, statusChanged: 0, moneyChanged: 0 });
  });

  it("never moves an order backwards when Meituan's list shows an older state", async () => {
    const completed = orders.find((o) => o.status === "8")!;
    fake.upsertOrders([{ orderid: completed.orderid, status: "1", modTime: String(Number(completed.paytime) + 1) }]);
    await sync();
    expect((await orderOf(completed.orderid)).status).toBe("completed");
    fake.upsertOrders([{ orderid: completed.orderid, status: "9", refundType: "1", refundprofit: completed.profit, modTime: String(Number(completed.modTime) + 600) }]);
    const r = await sync();
    expect(r).toMatchObject({ status: "done", statusChanged: 1 });
    const o = await orderWithCommissions(completed.orderid);
    expect(o.status).toBe("refunded");
    expect(o.commissionFen).toBe(0);
  });

  it("resumes from its checkpoint after dying mid-range", async () => {
    const threeDays = { from: beijingDayStart(beijingDay(new Date(Date.now() - 12 * 86_400_000))), to: beijingDayEnd(beijingDay(new Date(Date.now() - 10 * 86_400_000))) };
    fake.generateOrders(21, { start: Math.floor(threeDays.from.getTime() / 1000) + 60, end: Math.floor(threeDays.to.getTime() / 1000) - 60, sids: [C.sid], seed: 11, idPrefix: "7" });
    const first = await sync({ ...threeDays, beforePage: (w: number) => { if (w === 1) throw new Error("process killed"); } });
    expect(first).toMatchObject({ status: "failed", windowsDone: 1, windowsTotal: 3 });
    const second = await sync(threeDays);
    expect(second).toMatchObject({ status: "done", runId: first.status === "busy" ? -1 : first.runId, windowsDone: 3 });
    expect(await count(q.selectFrom("orders").where("orderId", "like", "7%"))).toBe(21);
    // The counts of pages committed before the crash were kept with them.
    expect((await rowOrThrow(q.selectFrom("sync_runs").select("created").where("id", "=", second.status === "done" ? second.runId : -1))).created).toBe(21);
  });

  it("two runs at the same moment: one runs, the other is told it is busy", async () => {
    const results = await Promise.all([sync(), sync()]);
    expect(results.map((r) => r.status).sort()).toEqual(["busy", "done"]);
  });

  it("gives up cleanly when Meituan keeps failing, and the next run completes", async () => {
    fake.failNext(2, "500"); // the client tries twice (see source()), then gives up
    const r = await sync();
    expect(r).toMatchObject({ status: "failed", windowsDone: 0 });
    if (r.status === "failed") expect(r.error).toMatch(/500|HTTP/i);
    const next = await sync();
    expect(next).toMatchObject({ status: "done", runId: r.status === "failed" ? r.runId : -1, windowsDone: 1 });
  });

  it("through the media API a sync finds every scope Meituan keeps apart: 券包, 省钱包, 新客 CPA and every 到店 line", async () => {
    const { createMeituanClient } = await import("@/lib/meituan/client");
    const { rawDb } = await import("@/lib/db");
    const { runSync } = await import("@/lib/reconcile/run");
    const day = beijingDay(new Date(Date.now() - 20 * 86_400_000));
    const t = Math.floor(beijingDayStart(day).getTime() / 1000) + 3600;
    const scopes: [string, number][] = [["1", 1], ["7", 1], ["12", 1], ["999", 1], ["1", 2], ["2", 2], ["3", 2], ["4", 2], ["15", 2]];
    const orders = scopes.map(([businessLine, platform], i) => ({ orderid: `85000000000000000${i}`, sid: C.sid, paytime: String(t + i), modTime: String(t + i), businessLine, platform, payprice: "20.00", profit: "1.00" }));
    fake.upsertOrders(orders);
    const media = createMeituanClient({ kind: "media", appKey: APP_KEY, secret: API_SECRET, mediaBaseUrl: fake.url, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 } });
    const r = await runSync(rawDb(), media, { from: beijingDayStart(day), to: beijingDayEnd(day), trigger: "cli" });
    expect(r).toMatchObject({ status: "done", seen: orders.length, created: orders.length });
    const stored = await rows(q.selectFrom("orders").select(["orderId", "businessLine", "memberId"]).where("orderId", "in", orders.map((o) => o.orderid)));
    expect(stored.map((o) => [o.orderId, o.businessLine, o.memberId]).sort()).toEqual(orders.map((o) => [o.orderid, Number(o.businessLine), C.id]).sort());
  });
});
