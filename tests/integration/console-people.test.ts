// The console names people, not ids: every list that mentions a member (orders, CSV, withdrawals, claims, audit,
// a member's inviter and team) gives their name and masked login, and the order list's member filter takes what
// an operator knows (a phone prefix, a name, a sid).
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase, userId, raw } from "../helpers/db";
import { q } from "@/lib/db/query";
import { call, type Actor } from "../helpers/http";
import { pushPayload, signed, SECRET } from "../helpers/push";

process.env.MEITUAN_CALLBACK_SECRET = SECRET;
useTestDatabase();

type H = (req: never, ctx: never) => Promise<Response>;
const load = async (path: string) => (await import(/* @vite-ignore */ `@/app/api/${path}/route`)) as Record<string, H>;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-/;

let admin: Actor;
let zhang: { id: string; sid: string; inviteCode: string };
let li: { id: string; sid: string; inviteCode: string };
const orderIds: Record<string, string> = {};

async function register(username: string, name: string, inviteCode?: string) {
  const r = await call((await load("register")).POST as never, "/api/register", { json: { username, name, agreed: true, password: "Password-123", inviteCode } });
  expect(r.status).toBe(201);
  return { id: r.data.id as string, sid: r.data.sid as string, inviteCode: r.data.inviteCode as string };
}
async function push(p: Record<string, unknown>) {
  const r = await call((await load("meituan/callback")).POST as never, "/api/meituan/callback", { json: signed(p) });
  expect(r.data).toEqual({ errcode: "0", errmsg: "ok" });
}
async function asAdmin(path: string, url: string, method = "GET", json?: unknown, params?: Record<string, string>) {
  return call((await load(path))[method] as never, url, { method, json, as: admin, params });
}
const listed = async (query: string) =>
  ((await asAdmin("admin/orders", `/api/admin/orders?limit=100&${query}`)).data.items as { orderId: string }[]).map((o) => o.orderId).sort();

beforeAll(async () => {
  const { upsertAdmin } = await import("@/lib/accounts/register");
  await upsertAdmin("people-boss@example.com", "Admin-Pass-123");
  admin = { id: await userId("people-boss@example.com"), role: "ADMIN" };
  zhang = await register("13800005678", "张三");
  li = await register("lisi@example.com", "李四", zhang.inviteCode);
  for (const [key, sid] of [["zhang", zhang.sid], ["li", li.sid], ["nobody", "nosuchsid0000000"]] as const) {
    const p = pushPayload({ sid, payPrice: "30.00" });
    orderIds[key] = p.orderid as string;
    await push(p);
  }
});

describe("orders name their member", () => {
  it("the list gives each order's member as name and masked login, and none for an unattributed one", async () => {
    const r = await asAdmin("admin/orders", "/api/admin/orders?limit=100");
    const byId = new Map((r.data.items as { orderId: string; member: { id: string; label: string } | null }[]).map((o) => [o.orderId, o.member]));
    expect(byId.get(orderIds.zhang)).toEqual({ id: zhang.id, label: "张三 138****5678" });
    expect(byId.get(orderIds.li)).toEqual({ id: li.id, label: "李四 l***@example.com" });
    expect(byId.get(orderIds.nobody)).toBeNull();
  });

  it("the member filter takes a phone prefix, a name, a sid, and an id from a link; a wildcard matches nothing", async () => {
    expect(await listed("member=1380000")).toEqual([orderIds.zhang]);
    expect(await listed(`member=${encodeURIComponent("李")}`)).toEqual([orderIds.li]);
    expect(await listed(`member=${li.sid}`)).toEqual([orderIds.li]);
    expect(await listed(`member=${zhang.id}`)).toEqual([orderIds.zhang]);
    expect(await listed("member=LISI@")).toEqual([orderIds.li]);
    expect(await listed("member=%25")).toEqual([]);
    expect(await listed("member=_")).toEqual([]);
    const totals = await asAdmin("admin/orders/totals", "/api/admin/orders/totals?member=1380000");
    expect(totals.data.count).toBe(1);
  });

  it("the CSV names the member and holds no internal id", async () => {
    const csv = await asAdmin("admin/orders/export.csv", "/api/admin/orders/export.csv?member=1380000");
    const text = csv.text;
    expect(text).toContain("张三 138****5678");
    expect(text).not.toMatch(UUID);
  });

  it("the order page names the member and the commission rows' members", async () => {
    const r = await asAdmin("admin/orders/[orderId]", `/api/admin/orders/${orderIds.li}`, "GET", undefined, { orderId: orderIds.li });
    expect(r.data.order.member.label).toBe("李四 l***@example.com");
    const labels = (r.data.commissions as { level: number; beneficiaryLabel: string }[]).map((c) => [c.level, c.beneficiaryLabel]).sort();
    expect(labels).toEqual([[0, "李四 l***@example.com"], [1, "张三 138****5678"]]);
    expect((r.data.money.levels as { label: string }[]).map((l) => l.label)).toEqual(["李四 l***@example.com", "张三 138****5678"]);
  });
});

describe("other lists name their member", () => {
  it("withdrawals and claims carry the member's name", async () => {
    const now = new Date();
    await (await raw()).rows(q.insertInto("withdrawals").values({ memberId: li.id, amountFen: 100, method: "alipay", account: "lisi@example.com", status: "rejected", requestedAt: now }).returning("id"));
    await (await raw()).rows(q.insertInto("order_claims").values({ memberId: zhang.id, orderId: "99990000111", claimedFen: 1000, status: "review", reason: "test", createdAt: now }).returning("id"));
    const w = await asAdmin("admin/withdrawals", "/api/admin/withdrawals?status=rejected");
    expect(w.data.items[0].member).toEqual({ id: li.id, label: "李四 l***@example.com" });
    const c = await asAdmin("admin/claims", "/api/admin/claims?status=review");
    expect(c.data.items[0].member).toEqual({ id: zhang.id, label: "张三 138****5678" });
  });

  it("the audit log names the actor and the member acted on", async () => {
    const d = await asAdmin("admin/members/[id]/disable", `/api/admin/members/${li.id}/disable`, "POST", { reason: "测试停用" }, { id: li.id });
    expect(d.status).toBe(200);
    const a = await asAdmin("admin/audit", "/api/admin/audit?action=member.disable");
    expect(a.data.items[0].actor).toEqual({ id: admin.id, label: "p***@example.com" });
    expect(a.data.items[0].targetMember).toEqual({ id: li.id, label: "李四 l***@example.com" });
  });

  it("an assignment's change names the member it went to", async () => {
    const r = await asAdmin("admin/orders/assign", "/api/admin/orders/assign", "POST", { orderIds: [orderIds.nobody], member: zhang.sid, reason: "核实截图后指定" });
    expect(r.data.assigned).toEqual([orderIds.nobody]);
    const a = await asAdmin("admin/audit", "/api/admin/audit?action=order.assign");
    expect(a.data.items[0].people).toEqual({ [zhang.id]: "张三 138****5678" });
  });

  it("a member's page names their inviter and their team", async () => {
    const r = await asAdmin("admin/members/[id]", `/api/admin/members/${li.id}`, "GET", undefined, { id: li.id });
    expect(r.data.inviter).toEqual({ id: zhang.id, label: "张三 138****5678" });
    const z = await asAdmin("admin/members/[id]", `/api/admin/members/${zhang.id}`, "GET", undefined, { id: zhang.id });
    expect(z.data.team).toEqual([{ level: 1, member: { id: li.id, label: "李四 l***@example.com" } }]);
  });
});

describe("the member list answers questions", () => {
  type Row = { id: string; label: string; balance: string; orders30d: number; teamSize: number; disabled: boolean; lastActiveKind: string; inviter: { label: string } | null };
  const page = async (query: string) => {
    const r = await asAdmin("admin/members", `/api/admin/members?${query}`);
    expect(r.status).toBe(200);
    return r.data as { items: Row[]; nextCursor: string | null; capped: boolean };
  };
  const ours = (items: Row[]) => items.filter((m) => m.id === zhang.id || m.id === li.id).map((m) => m.id);

  beforeAll(async () => {
    // 张三 earns an available 50.00; 李四 has a 扣回 of 3.00 with nothing to net it against; 张三 ordered yesterday.
    const now = new Date();
    const orderRef = async (orderId: string) => (await (await raw()).row(q.selectFrom("orders").select("id").where("orderId", "=", orderId)))!.id;
    const row = (orderRefId: number, memberId: string, amountFen: number, status: string) => ({
      orderRef: orderRefId, beneficiaryId: memberId, level: 9, key: `people:${memberId}:${status}`, baseFen: 10000, rateBps: 5000, amountFen, ruleVersion: 1, status, createdAt: now, updatedAt: now,
    });
    await (await raw()).rows(q.insertInto("commissions").values([row(await orderRef(orderIds.zhang), zhang.id, 5000, "available"), row(await orderRef(orderIds.li), li.id, -300, "clawback")]).returning("id"));
    // Written beside the ledger, as an import would: the stored balances the list sorts by are rebuilt from the rows.
    await (await import("@/lib/rollups/rebuild")).rebuildRollups(await raw());
    await push(pushPayload({ sid: zhang.sid, payPrice: "10.00", paytime: String(Math.floor(now.getTime() / 1000) - 86_400) }));
  });

  it("gives each member their balance as the portal computes it, recent orders, team size, status and inviter", async () => {
    const { items } = await page("limit=100");
    const z = items.find((m) => m.id === zhang.id)!;
    const l = items.find((m) => m.id === li.id)!;
    const { memberSummary } = await import("@/lib/earnings/portal");
    expect(z).toMatchObject({ label: "张三 138****5678", balance: (await memberSummary(zhang.id)).available, orders30d: 1, teamSize: 1, disabled: false, inviter: null });
    expect(z.balance).toBe("50.00");
    expect(l).toMatchObject({ balance: "-3.00", orders30d: 0, teamSize: 0, disabled: true, inviter: { label: "张三 138****5678" }, lastActiveKind: "withdrawal" });
    expect(l.balance).toBe((await memberSummary(li.id)).available);
  });

  it("filters by status and balance, and searches by name", async () => {
    expect(ours((await page("balance=positive&limit=100")).items)).toEqual([zhang.id]);
    expect(ours((await page("balance=negative&limit=100")).items)).toEqual([li.id]);
    expect(ours((await page("status=disabled&limit=100")).items)).toEqual([li.id]);
    expect(ours((await page("status=active&limit=100")).items)).toEqual([zhang.id]);
    expect((await page(`q=${encodeURIComponent("张")}`)).items.map((m) => m.id)).toEqual([zhang.id]);
    expect((await page("q=%25")).items).toEqual([]);
    expect((await asAdmin("admin/members", "/api/admin/members?balance=some")).status).toBe(422);
  });

  it("sorts by balance and by recent orders, paging by offset; by registration, by keyset", async () => {
    const byBalance = (await page("sort=balance_desc&limit=100")).items;
    expect(byBalance[0].id).toBe(zhang.id);
    expect(byBalance[byBalance.length - 1].id).toBe(li.id);
    expect((await page("sort=orders30d_desc&limit=100")).items[0].id).toBe(zhang.id);
    for (const sort of ["registered_desc", "balance_desc"]) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const p: { items: Row[]; nextCursor: string | null } = await page(`sort=${sort}&limit=1${cursor ? `&cursor=${cursor}` : ""}`);
        seen.push(...p.items.map((m) => m.id));
        cursor = p.nextCursor;
      } while (cursor);
      expect(seen.length).toBe(3);
      expect(new Set(seen).size).toBe(3);
      if (sort === "balance_desc") expect(seen).toEqual(byBalance.map((m) => m.id));
    }
    expect((await asAdmin("admin/members", "/api/admin/members?sort=balance_desc&cursor=bm9wZQ")).status).toBe(422);
  });
});

describe("a member's activity", () => {
  it("lists registration, orders, withdrawals and admin actions newest first, the same across pages", async () => {
    const url = (cursor: string | null, limit: number) => `/api/admin/members/${li.id}/activity?limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`;
    const all = await asAdmin("admin/members/[id]/activity", url(null, 50), "GET", undefined, { id: li.id });
    expect(all.status).toBe(200);
    const kinds = (all.data.items as { kind: string }[]).map((e) => e.kind);
    expect(kinds).toEqual(["admin", "withdrawal", "registration", "order"]);
    expect(all.data.items[0]).toMatchObject({ title: "管理员 p***@example.com：停用会员", detail: "测试停用" });
    expect(all.data.items[3].orderId).toBe(orderIds.li);
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const p: { data: { items: { kind: string }[]; nextCursor: string | null } } = await asAdmin("admin/members/[id]/activity", url(cursor, 1), "GET", undefined, { id: li.id });
      paged.push(...p.data.items.map((e) => e.kind));
      cursor = p.data.nextCursor;
    } while (cursor);
    expect(paged).toEqual(kinds);
    expect((await asAdmin("admin/members/[id]/activity", url("bad", 1), "GET", undefined, { id: li.id })).status).toBe(422);
    expect((await asAdmin("admin/members/[id]/activity", "/api/admin/members/nobody/activity", "GET", undefined, { id: "nobody" })).status).toBe(404);
  });
});
