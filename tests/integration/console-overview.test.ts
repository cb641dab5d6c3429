// The console's overview and navigation: each dashboard figure against the previous period of the same length
// (— when that period had nothing), the period's top promoters by name and masked phone, and the nav badges'
// counts of what waits for an operator, all through the routes.
import { beforeAll, describe, expect, it } from "vitest";
import { rows, useTestDatabase } from "../helpers/db";
import { q } from "@/lib/db/query";
import { call, type Actor } from "../helpers/http";
import { pushPayload, signed, SECRET } from "../helpers/push";
import { Dashboard } from "@/lib/contracts/dashboard";
import { ConsoleBadges } from "@/lib/contracts/badges";

process.env.MEITUAN_CALLBACK_SECRET = SECRET;
useTestDatabase();

type H = (req: never, ctx: never) => Promise<Response>;
const load = async (path: string) => (await import(/* @vite-ignore */ `@/app/api/${path}/route`)) as Record<string, H>;

let admin: Actor;
let inviter: Actor & { sid: string; inviteCode: string };
let seller: Actor & { sid: string; inviteCode: string };
let star: Actor & { sid: string; inviteCode: string };

async function register(username: string, name: string, inviteCode?: string) {
  const r = await call((await load("register")).POST as never, "/api/register", { json: { username, agreed: true, password: "Password-123", name, inviteCode } });
  expect(r.status).toBe(201);
  return { id: r.data.id as string, role: "MEMBER" as const, sid: r.data.sid as string, inviteCode: r.data.inviteCode as string };
}
/** A paid order placed at `at` (Beijing time written as UTC+8), its commission 10% of the pay price. */
async function order(sid: string, at: string, payPrice: string) {
  const t = Date.parse(`${at}+08:00`) / 1000;
  const payload = pushPayload({ sid, payPrice, direct: payPrice, total: payPrice, ratio: "0.10", ordertime: String(t - 5), paytime: String(t), modTime: String(t + 1) });
  await push(payload);
  return payload;
}
async function push(payload: ReturnType<typeof pushPayload>) {
  const r = await call((await load("meituan/callback")).POST as never, "/api/meituan/callback", { json: signed(payload) });
  expect(r.data).toEqual({ errcode: "0", errmsg: "ok" });
}
const asAdmin = async (path: string, url: string) => call((await load(path)).GET as never, url, { as: admin });

beforeAll(async () => {
  const { upsertAdmin } = await import("@/lib/accounts/register");
  await upsertAdmin("overview-boss@example.com", "Admin-Pass-123");
  const [boss] = await rows(q.selectFrom("users").select("id").where("username", "=", "overview-boss@example.com"));
  admin = { id: boss.id, role: "ADMIN" };
  inviter = await register("13800000001", "团长老王");
  seller = await register("13800000002", "小李", inviter.inviteCode);
  star = await register("star@example.com", "");
  // The default rules: 50% / 10% / 5% of the order's commission.
  await order(seller.sid, "2026-06-15T10:00:00", "100.00"); // today
  await order(star.sid, "2026-06-15T11:00:00", "300.00"); // today
  await order(seller.sid, "2026-06-14T11:00:00", "50.00"); // yesterday, before this time of day
  await order(seller.sid, "2026-06-14T13:00:00", "70.00"); // yesterday, after it
});

// 2026-06-15 12:00 Beijing.
const NOW = new Date("2026-06-15T04:00:00Z");

describe("dashboard: against the previous period", () => {
  it("today so far against yesterday up to the same time: totals, previous totals and the change in percent", async () => {
    const { dashboard } = await import("@/lib/admin/dashboard");
    const d = Dashboard.parse(await dashboard("today", NOW));
    // Today: ¥100 and ¥300 at 10% → ¥40.00 ours; members ¥5.00 + ¥1.00 (the inviter) + ¥15.00 = ¥21.00.
    expect(d.totals).toEqual({ orders: 2, gmv: "400.00", commission: "40.00", memberCommission: "21.00", margin: "19.00" });
    // Yesterday up to 12:00: only the ¥50 order (the 13:00 one is later in the day than now).
    expect(d.previous).toEqual({
      from: "2026-06-13T16:00:00.000Z", to: "2026-06-14T04:00:00.000Z",
      orders: 1, gmv: "50.00", commission: "5.00", memberCommission: "3.00", margin: "2.00",
    });
    expect(d.change).toEqual({ orders: 100, gmv: 700, commission: 700, memberCommission: 600, margin: 850 });
  });

  it("a previous period with nothing in it compares as null (shown —), never as ∞ or 0%", async () => {
    const { dashboard } = await import("@/lib/admin/dashboard");
    const d = await dashboard("7d", NOW);
    expect(d.totals.orders).toBe(4);
    expect(d.previous).toMatchObject({ orders: 0, gmv: "0.00", commission: "0.00", memberCommission: "0.00", margin: "0.00" });
    expect(d.change).toEqual({ orders: null, gmv: null, commission: null, memberCommission: null, margin: null });
  });

  it("percent change: one decimal, by the size of a negative base, null against 0", async () => {
    const { percentChange } = await import("@/lib/admin/dashboard");
    expect([percentChange(3, 3), percentChange(2, 3), percentChange(0, 5), percentChange(5, 0), percentChange(0, 0), percentChange(-50, -100)]).toEqual([0, -33.3, -100, null, null, 50]);
  });

  it("top promoters of the period by their commission: name, masked phone, their orders, GMV and commission", async () => {
    const { dashboard } = await import("@/lib/admin/dashboard");
    const today = await dashboard("today", NOW);
    expect(today.topPromoters).toEqual([
      { id: star.id, name: null, maskedUsername: "s***@example.com", orders: 1, gmv: "300.00", commission: "15.00" },
      { id: seller.id, name: "小李", maskedUsername: "138****0002", orders: 1, gmv: "100.00", commission: "5.00" },
      // The inviter earns on the team's order without an order of their own.
      { id: inviter.id, name: "团长老王", maskedUsername: "138****0001", orders: 0, gmv: "0.00", commission: "1.00" },
    ]);
    const week = await dashboard("7d", NOW);
    expect(week.topPromoters.map((p) => [p.name, p.orders, p.gmv, p.commission])).toEqual([
      [null, 1, "300.00", "15.00"],
      ["小李", 3, "220.00", "11.00"],
      ["团长老王", 0, "0.00", "2.20"],
    ]);
  });

  it("a late push for a closed day moves the top promoters at once (the closed days' totals are kept only while those days are unchanged)", async () => {
    const { dashboard } = await import("@/lib/admin/dashboard");
    const ranking = async () => (await dashboard("7d", NOW)).topPromoters.map((p) => [p.name, p.commission]);
    const before = [[null, "15.00"], ["小李", "11.00"], ["团长老王", "2.20"]];
    expect(await ranking()).toEqual(before);
    expect(await ranking()).toEqual(before);
    // Yesterday's order, pushed only now: 小李 earns ¥10.00 more on a closed day.
    const late = await order(seller.sid, "2026-06-14T09:00:00", "200.00");
    expect(await ranking()).toEqual([["小李", "21.00"], [null, "15.00"], ["团长老王", "4.20"]]);
    // …and its refund takes it back.
    await push({ ...late, status: "9", refundType: "1", modTime: String(Number(late.modTime) + 60) });
    expect(await ranking()).toEqual(before);
  });

  it("at most 10 promoters, through the route, in the contract's shape", async () => {
    for (let i = 0; i < 11; i++) {
      const m = await register(`1390000${String(i).padStart(4, "0")}`, `会员${i}`);
      await order(m.sid, new Date(Date.now() + 8 * 3600_000 - 60_000).toISOString().slice(0, 19), `${10 + i}.00`);
    }
    const r = await asAdmin("admin/dashboard", "/api/admin/dashboard?range=today");
    expect(r.status).toBe(200);
    const d = Dashboard.parse(r.data);
    expect(d.topPromoters).toHaveLength(10);
    expect(d.topPromoters[0]).toMatchObject({ name: "会员10", commission: "1.00" });
    expect(d.topPromoters.map((p) => p.name)).not.toContain("会员0");
  });
});

describe("nav badges", () => {
  it("401 anonymous, 403 member", async () => {
    const h = (await load("admin/badges")).GET as never;
    expect((await call(h, "/api/admin/badges")).status).toBe(401);
    expect((await call(h, "/api/admin/badges", { as: seller })).status).toBe(403);
  });

  it("counts pending withdrawals, claims waiting for review, failed pushes and open alerts, nothing else", async () => {
    const before = ConsoleBadges.parse((await asAdmin("admin/badges", "/api/admin/badges")).data);
    expect(before).toEqual({ withdrawals: 0, claims: 0, failedPushes: 0, alerts: 0 });
    const at = new Date();
    // Rows written directly: requesting, claiming and failing are tested where they happen.
    for (const status of ["pending", "pending", "approved", "rejected", "paid"]) {
      await rows(q.insertInto("withdrawals").values({ memberId: seller.id, amountFen: 1000, method: "wechat", account: "wx_1", status, requestedAt: at }));
    }
    for (const status of ["review", "attributed", "rejected", "approved"]) {
      await rows(q.insertInto("order_claims").values({ memberId: seller.id, orderId: "123456", claimedFen: 100, status, reason: "测试", createdAt: at }));
    }
    for (const outcome of ["failed", "failed", "failed", "applied", "ignored"]) {
      await rows(q.insertInto("inbox_pushes").values({ receivedAt: at, body: Buffer.from("{}"), signatureValid: true, outcome }));
    }
    for (const resolvedAt of [null, at]) {
      await rows(q.insertInto("alert_incidents").values({ kind: "failed_pushes", openValue: 3, lastValue: 3, openedAt: at, resolvedAt }));
    }
    const r = await asAdmin("admin/badges", "/api/admin/badges");
    expect(r.status).toBe(200);
    expect(ConsoleBadges.parse(r.data)).toEqual({ withdrawals: 2, claims: 1, failedPushes: 3, alerts: 1 });
  });
});
