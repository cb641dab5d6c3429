// Every JSON route answers in the shape of its response contract (lib/contracts): the wrappers parse each answer
// outside production, and here every readable route is called on data that fills its lists, and its answer parsed
// again with the contract the client types come from. A handler that drifts from its contract answers 500.
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { useTestDatabase } from "../helpers/db";
import { call, type Actor } from "../helpers/http";
import { pushPayload, signed, SECRET } from "../helpers/push";
import { ROOT, routeFiles, OUTSIDE_THE_WRAPPERS, STREAM_ROUTES } from "../helpers/routes";
import * as alerts from "@/lib/contracts/alerts";
import * as audit from "@/lib/contracts/audit";
import * as dashboard from "@/lib/contracts/dashboard";
import * as earnings from "@/lib/contracts/earnings";
import * as notifications from "@/lib/contracts/notifications";
import * as health from "@/lib/contracts/health";
import * as inbox from "@/lib/contracts/inbox";
import * as links from "@/lib/contracts/links";
import * as members from "@/lib/contracts/members";
import * as notify from "@/lib/contracts/notify";
import * as orders from "@/lib/contracts/orders";
import * as promotion from "@/lib/contracts/promotion";
import * as reconcile from "@/lib/contracts/reconcile";
import * as settings from "@/lib/contracts/settings";
import * as team from "@/lib/contracts/team";

process.env.MEITUAN_CALLBACK_SECRET = SECRET;
useTestDatabase();

type Handler = Parameters<typeof call>[0];
const route = async (dir: string, method = "GET") => (await import(/* @vite-ignore */ path.join(ROOT, "app/api", dir, "route.ts")))[method] as Handler;

let member: Actor & { sid: string; inviteCode: string };
let admin: Actor;
let orderId: string;
let strayOrderId: string;
let inviteeId: string;

beforeAll(async () => {
  const register = await route("register", "POST");
  const m = await call(register, "/api/register", { json: { username: "contract-m@example.com", agreed: true, password: "Password-123" } });
  expect(members.Registered.parse(m.data)).toBeTruthy();
  member = { id: m.data.id, role: "MEMBER", sid: m.data.sid, inviteCode: m.data.inviteCode };
  inviteeId = (await call(register, "/api/register", { json: { username: "contract-invitee@example.com", agreed: true, password: "Password-123", inviteCode: member.inviteCode } })).data.id;
  const { upsertAdmin } = await import("@/lib/accounts/register");
  await upsertAdmin("contract-boss@example.com", "Admin-Pass-123");
  const { rawDb } = await import("@/lib/db");
  const { q } = await import("@/lib/db/query");
  const boss = await rawDb().row(q.selectFrom("users").select("id").where("username", "=", "contract-boss@example.com"));
  admin = { id: boss!.id, role: "ADMIN" };

  const callback = await route("meituan/callback", "POST");
  const p = pushPayload({ sid: member.sid, payPrice: "18.50", ratio: "0.05" });
  orderId = p.orderid as string;
  expect((await call(callback, "/api/meituan/callback", { json: signed(p) })).data).toEqual({ errcode: "0", errmsg: "ok" });
  await call(callback, "/api/meituan/callback", { json: signed({ ...p, status: "8", modTime: String(Number(p.modTime ?? 1764300001) + 60) }) });
  await call(callback, "/api/meituan/callback", { json: { ...p, sign: "0".repeat(32) } });
  const stray = pushPayload({ sid: "", payPrice: "28.80" });
  strayOrderId = stray.orderid as string;
  await call(callback, "/api/meituan/callback", { json: signed(stray) });

  // An audit row, a claim, an activity.
  await call(await route("admin/members/[id]/disable", "POST"), `/api/admin/members/${member.id}/disable`, { as: admin, params: { id: member.id }, json: { reason: "契约测试" } });
  await call(await route("admin/members/[id]/enable", "POST"), `/api/admin/members/${member.id}/enable`, { as: admin, params: { id: member.id }, json: { reason: "契约测试" } });
  const claim = await call(await route("me/claims", "POST"), "/api/me/claims", { as: member, json: { orderId: strayOrderId, payAmount: "28.80" } });
  expect(promotion.ClaimResult.parse(claim.data).status).toBe("attributed");
  const activity = await call(await route("admin/activities", "POST"), "/api/admin/activities", { as: admin, json: { actId: "33", name: "外卖红包" } });
  expect(activity.status).toBe(201);
});

/** GET routes, each with the caller, the URL and its contract; `filled` says which list must not be empty. */
const READS: [string, () => Actor, () => string, z.ZodType, ((data: any) => unknown[])?][] = [
  ["me/orders", () => member, () => "/api/me/orders", orders.MemberOrderPage, (d) => d.items],
  ["me/summary", () => member, () => "/api/me/summary", earnings.Summary],
  ["me/earnings/daily", () => member, () => "/api/me/earnings/daily?days=30", earnings.DailyEarnings, (d) => d.days],
  ["me/commissions", () => member, () => "/api/me/commissions", earnings.CommissionPage, (d) => d.items],
  ["me/team", () => member, () => "/api/me/team", earnings.Team, (d) => d.members],
  ["me/team/orders", () => member, () => "/api/me/team/orders", team.TeamOrderPage],
  ["me/team/[id]", () => member, () => `/api/me/team/${inviteeId}`, team.Downline],
  ["me/withdrawals", () => member, () => "/api/me/withdrawals", earnings.WithdrawalPage],
  ["me/payout-account", () => member, () => "/api/me/payout-account", earnings.PayoutAccountResponse],
  ["me/activities", () => member, () => "/api/me/activities", promotion.Activities, (d) => d.items],
  ["me/claims", () => member, () => "/api/me/claims", promotion.Claims, (d) => d.items],
  ["me/notifications", () => member, () => "/api/me/notifications", notifications.NotificationPage, (d) => d.items],
  ["me/notifications/preferences", () => member, () => "/api/me/notifications/preferences", notifications.NotificationPreferences, (d) => d.kinds],
  ["admin/dashboard", () => admin, () => "/api/admin/dashboard?range=30d", dashboard.Dashboard, (d) => d.daily],
  ["admin/orders", () => admin, () => "/api/admin/orders", orders.AdminOrderPage, (d) => d.items],
  ["admin/orders/totals", () => admin, () => "/api/admin/orders/totals", orders.OrderTotals],
  ["admin/orders/[orderId]", () => admin, () => `/api/admin/orders/${orderId}`, orders.AdminOrderDetail, (d) => d.timeline],
  ["admin/orders/[orderId]/pushes", () => admin, () => `/api/admin/orders/${orderId}/pushes?signature=invalid`, orders.PushPage, (d) => d.items],
  ["admin/pushes", () => admin, () => "/api/admin/pushes", inbox.InboxPushPage, (d) => d.items],
  ["admin/members", () => admin, () => "/api/admin/members", members.MemberPage, (d) => d.items],
  ["admin/members/[id]", () => admin, () => `/api/admin/members/${member.id}`, members.MemberDetail, (d) => d.recentOrders],
  ["admin/audit", () => admin, () => "/api/admin/audit", audit.AuditPage, (d) => d.items],
  ["admin/withdrawals", () => admin, () => "/api/admin/withdrawals", earnings.AdminWithdrawalPage],
  ["admin/payout-batches", () => admin, () => "/api/admin/payout-batches", earnings.PayoutBatches],
  ["admin/settlement/preview", () => admin, () => "/api/admin/settlement/preview", earnings.SettlementPreview],
  ["admin/settings/commission", () => admin, () => "/api/admin/settings/commission", settings.CommissionSettings, (d) => d.levels],
  ["admin/claims", () => admin, () => "/api/admin/claims", promotion.AdminClaims],
  ["admin/activities", () => admin, () => "/api/admin/activities", promotion.Activities, (d) => d.items],
  ["admin/sync/runs", () => admin, () => "/api/admin/sync/runs", reconcile.SyncRuns],
  ["admin/alerts", () => admin, () => "/api/admin/alerts", alerts.AlertsOverview],
  ["admin/notify/robots", () => admin, () => "/api/admin/notify/robots", notify.Robots],
  ["admin/notify/wechat", () => admin, () => "/api/admin/notify/wechat", notify.WechatConfig],
  ["admin/notify/webpush", () => admin, () => "/api/admin/notify/webpush", notify.WebPushStatus],
  ["me/push", () => member, () => "/api/me/push", notify.MemberPush],
  ["me/wechat/binding", () => member, () => "/api/me/wechat/binding", notify.MemberWechat],
  ["me/links", () => member, () => "/api/me/links", links.MemberLinks],
  ["me/funnel", () => member, () => "/api/me/funnel?days=7", links.MemberFunnel, (d) => d.byDay],
  ["admin/funnel", () => admin, () => "/api/admin/funnel?group=day", links.AdminFunnel],
];

describe("every readable route answers in its contract's shape", () => {
  it.each(READS)("GET %s", async (dir, as, url, contract, filled) => {
    const u = url();
    const params = { id: dir === "me/team/[id]" ? inviteeId : member.id, orderId };
    const res = await call(await route(dir), u, { as: as(), params });
    expect(res.status, `${u}: ${res.text.slice(0, 300)}`).toBe(200);
    const parsed = contract.safeParse(res.data);
    expect(parsed.success, parsed.success ? "" : JSON.stringify(parsed.error.issues.slice(0, 3))).toBe(true);
    if (filled) expect(filled(res.data).length, `${u} should list the seeded data`).toBeGreaterThan(0);
  });

  it("GET /api/health", async () => {
    const res = await call((await import("@/app/api/health/route")).GET as unknown as Handler, "/api/health");
    expect(res.status).toBe(200);
    expect(health.Health.parse(res.data).ok).toBe(true);
  });

  it("errors have the one error shape", async () => {
    const res = await call(await route("admin/orders/[orderId]"), "/api/admin/orders/nope", { as: admin, params: { orderId: "nope" } });
    expect(res.status).toBe(404);
    const { ApiErrorBody } = await import("@/lib/contracts/common");
    expect(ApiErrorBody.parse(res.data).error.message).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe("state-changing routes answer in their contracts' shapes", () => {
  it("previews and actions an admin takes", async () => {
    const calls: [string, string, unknown, z.ZodType][] = [
      ["admin/settings/commission/preview", "/api/admin/settings/commission/preview", { rules: { levels: [{ level: 0, rateBps: 5000 }], holdDays: 15, minWithdrawal: "10.00" }, base: "5.00" }, settings.CommissionPreview],
      ["admin/pushes/dry-run", "/api/admin/pushes/dry-run", { from: "2020-01-01", to: "2030-01-01" }, inbox.RangeResult],
      ["admin/pushes/reprocess-failed", "/api/admin/pushes/reprocess-failed", {}, inbox.ReprocessFailedResult],
      ["admin/settlement/run", "/api/admin/settlement/run", {}, earnings.SettlementRun],
      ["admin/members/[id]/role", `/api/admin/members/${member.id}/role`, { role: "MEMBER", reason: "契约测试" }, members.MemberChanged],
    ];
    for (const [dir, url, json, contract] of calls) {
      const res = await call(await route(dir, "POST"), url, { as: admin, json, params: { id: member.id } });
      expect(res.status, `${url}: ${res.text.slice(0, 300)}`).toBe(200);
      expect(contract.safeParse(res.data).success, url).toBe(true);
    }
  });
});

describe("the wrapper holds a handler to its contract", () => {
  it("outside production, an answer that drifts from its contract is a 500, not a silent change of shape", async () => {
    const { adminRoute } = await import("@/lib/api/handler");
    const drifted = adminRoute(async () => ({ settled: "3" }) as never, { response: earnings.SettlementRun });
    const res = await call(drifted as Handler, "/api/drift", { as: admin });
    expect(res.status).toBe(500);
    const fine = adminRoute(async () => ({ settled: 3 }), { response: earnings.SettlementRun, status: 202 });
    const ok = await call(fine as Handler, "/api/fine", { as: admin });
    expect([ok.status, ok.data]).toEqual([202, { settled: 3 }]);
  });

  it("every JSON route declares its response contract (a route without one may only return a Response)", () => {
    const missing: string[] = [];
    for (const file of routeFiles()) {
      if (OUTSIDE_THE_WRAPPERS.has(file) || STREAM_ROUTES.has(file)) continue;
      const text = readFileSync(path.join(ROOT, file), "utf8");
      for (const stmt of text.split(/\nexport const /).slice(1)) {
        if (!/^(GET|POST|PUT|PATCH|DELETE) = (admin|member|public)Route\(/.test(stmt)) continue;
        if (!/response: \w+/.test(stmt) && !/new Response\(/.test(stmt)) missing.push(`${file} ${stmt.slice(0, stmt.indexOf(" "))}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
