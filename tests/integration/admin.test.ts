// The admin console's API: access control on every route, an audit row for every mutation, reprocessing that is
// idempotent (with a dry run that changes nothing), assignment that creates the right commissions, and an export
// that holds exactly the filtered rows.
import { beforeAll, describe, expect, it } from "vitest";
import { count, ddl, orderOf, orderWithCommissions, rowOrThrow, rows, useTestDatabase, userId } from "../helpers/db";
import { q } from "@/lib/db/query";
import { call, type Actor } from "../helpers/http";
import { pushPayload, signed, SECRET } from "../helpers/push";
import { beijingDay } from "@/lib/time";

process.env.MEITUAN_CALLBACK_SECRET = SECRET;
useTestDatabase();

type H = (req: never, ctx: never) => Promise<Response>;
const load = async (path: string) => (await import(/* @vite-ignore */ `@/app/api/${path}/route`)) as Record<string, H>;

// Every admin route, with a method and params to call it with.
const ADMIN_ROUTES: [string, string, Record<string, string>][] = [
  ["admin/dashboard", "GET", {}],
  ["admin/search", "GET", {}],
  ["admin/orders", "GET", {}],
  ["admin/orders/export.csv", "GET", {}],
  ["admin/orders/[orderId]", "GET", { orderId: "1" }],
  ["admin/orders/assign", "POST", {}],
  ["admin/pushes", "GET", {}],
  ["admin/pushes/[id]/reprocess", "POST", { id: "1" }],
  ["admin/pushes/reprocess-failed", "POST", {}],
  ["admin/pushes/dry-run", "POST", {}],
  ["admin/pushes/reprocess-range", "POST", {}],
  ["admin/members", "GET", {}],
  ["admin/members/[id]", "GET", { id: "x" }],
  ["admin/members/[id]/disable", "POST", { id: "x" }],
  ["admin/members/[id]/enable", "POST", { id: "x" }],
  ["admin/members/[id]/role", "POST", { id: "x" }],
  ["admin/members/[id]/inviter", "POST", { id: "x" }],
  ["admin/withdrawals", "GET", {}],
  ["admin/withdrawals/bulk-approve", "POST", {}],
  ["admin/withdrawals/[id]/[action]", "POST", { id: "1", action: "approve" }],
  ["admin/settings/commission", "GET", {}],
  ["admin/settings/commission", "PUT", {}],
  ["admin/settings/commission/preview", "POST", {}],
  ["admin/settlement/run", "POST", {}],
  ["admin/audit", "GET", {}],
];

let admin: Actor;
let A: Actor & { sid: string; inviteCode: string };
let B: Actor & { sid: string; inviteCode: string };
let C: Actor & { sid: string; inviteCode: string };

async function register(username: string, inviteCode?: string) {
  const r = await call((await load("register")).POST as never, "/api/register", { json: { username, agreed: true, password: "Password-123", inviteCode } });
  expect(r.status).toBe(201);
  return { id: r.data.id as string, role: "MEMBER" as const, sid: r.data.sid as string, inviteCode: r.data.inviteCode as string };
}
async function push(p: Record<string, unknown>) {
  const r = await call((await load("meituan/callback")).POST as never, "/api/meituan/callback", { json: signed(p) });
  expect(r.data).toEqual({ errcode: "0", errmsg: "ok" });
}
async function asAdmin(path: string, method: string, init: { json?: unknown; params?: Record<string, string>; url?: string } = {}) {
  const h = (await load(path))[method];
  return call(h as never, init.url ?? `/api/${path}`, { method, json: init.json, as: admin, params: init.params });
}
async function audits(action: string) {
  return rows(q.selectFrom("audit_logs").selectAll().where("action", "=", action).orderBy("id", "asc"));
}
function parseCsv(text: string): string[][] {
  expect(text.charCodeAt(0)).toBe(0xfeff);
  const rows: string[][] = [];
  let row: string[] = [], field = "", quoted = false;
  for (let i = 1; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") row.push(field), (field = "");
    else if (c === "\r" && text[i + 1] === "\n") row.push(field), rows.push(row), (row = []), (field = ""), i++;
    else field += c;
  }
  return rows;
}

beforeAll(async () => {
  const { upsertAdmin } = await import("@/lib/accounts/register");
  await upsertAdmin("boss@example.com", "Admin-Pass-123");
  admin = { id: await userId("boss@example.com"), role: "ADMIN" };
  A = await register("adm-a@example.com");
  B = await register("adm-b@example.com", A.inviteCode);
  C = await register("adm-c@example.com", B.inviteCode);
});

describe("access", () => {
  it.each(ADMIN_ROUTES)("%s %s: 401 anonymous, 403 member", async (path, method, params) => {
    const h = (await load(path))[method];
    expect(h).toBeTypeOf("function");
    expect((await call(h as never, `/api/${path}`, { method, json: method === "GET" ? undefined : {}, params })).status).toBe(401);
    expect((await call(h as never, `/api/${path}`, { method, json: method === "GET" ? undefined : {}, params, as: C })).status).toBe(403);
  });
});

describe("orders: filters, sort, export", () => {
  const ids: string[] = [];
  beforeAll(async () => {
    const lines = ["2", "4", "2", "6", "2"];
    for (const [i, line] of lines.entries()) {
      const p = pushPayload({ sid: C.sid, businessLine: line, payPrice: `${(i + 1) * 11}.00`, paytime: String(1764300000 + i * 60), smstitle: `订单"${i}",含逗号` });
      ids.push(p.orderid as string);
      await push(p);
    }
    await push(pushPayload({ sid: "nosuchsid0000000", payPrice: "", direct: "", businessLine: "7" })); // no amount at all
  });

  it("filters by business line and money status", async () => {
    const r = await asAdmin("admin/orders", "GET", { url: "/api/admin/orders?businessLine=2&limit=100" });
    expect(r.data.items.map((o: { orderId: string }) => o.orderId).sort()).toEqual([ids[0], ids[2], ids[4]].sort());
    const est = await asAdmin("admin/orders", "GET", { url: "/api/admin/orders?moneyStatus=estimated&limit=100" });
    expect(est.data.items.map((o: { orderId: string }) => o.orderId).sort()).toEqual([...ids].sort());
    expect((await asAdmin("admin/orders", "GET", { url: "/api/admin/orders?moneyStatus=nope" })).status).toBe(422);
  });

  it("sorts by amount across keyset pages, orders without an amount last", async () => {
    const seen: { orderId: string; payAmount: string | null }[] = [];
    let cursor: string | null = null;
    do {
      const r: { data: { items: { orderId: string; payAmount: string | null }[]; nextCursor: string | null } } = await asAdmin("admin/orders", "GET", { url: `/api/admin/orders?sort=amount_desc&limit=2${cursor ? `&cursor=${cursor}` : ""}` });
      seen.push(...r.data.items);
      cursor = r.data.nextCursor;
    } while (cursor);
    expect(seen.map((o) => o.payAmount)).toEqual(["55.00", "44.00", "33.00", "22.00", "11.00", null]);
  });

  it("exports exactly the filtered rows as CSV with a BOM, commas and quotes intact", async () => {
    const r = await asAdmin("admin/orders/export.csv", "GET", { url: "/api/admin/orders/export.csv?businessLine=2" });
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toContain("text/csv");
    const rows = parseCsv(r.text);
    expect(rows[0][0]).toBe("订单号");
    const body = rows.slice(1);
    expect(body.map((row) => row[0].trim()).sort()).toEqual([ids[0], ids[2], ids[4]].sort());
    expect(body.find((row) => row[0].trim() === ids[0])![2]).toBe('订单"0",含逗号');
    // Across many small keyset batches: every row once, in the list's order.
    const { exportOrdersCsv } = await import("@/lib/orders/export");
    const batched = parseCsv(await new Response(exportOrdersCsv({}, 2)).text().then((t) => "\uFEFF" + t.replace(/^\uFEFF/, "")));
    const listedIds = (await asAdmin("admin/orders", "GET", { url: "/api/admin/orders?limit=100" })).data.items.map((o: { orderId: string }) => o.orderId);
    expect(batched.slice(1).map((row) => row[0].trim())).toEqual(listedIds);
    const all = parseCsv((await asAdmin("admin/orders/export.csv", "GET")).text);
    const listed = (await asAdmin("admin/orders", "GET", { url: "/api/admin/orders?limit=100" })).data.items.length;
    expect(all.length - 1).toBe(listed);
  });
});

describe("assignment", () => {
  it("attributes unattributed orders and creates commissions as if attributed from the start; audited", async () => {
    const p = pushPayload({ sid: "strangersid00000", payPrice: "100.00", ratio: "0.10", paytime: String(Math.floor(Date.now() / 1000) - 40 * 86400), modTime: String(Math.floor(Date.now() / 1000) - 40 * 86400) });
    await push(p);
    await push({ ...p, status: "8", modTime: String(Math.floor(Date.now() / 1000) - 30 * 86400) });
    const taken = pushPayload({ sid: A.sid });
    await push(taken);
    const r = await asAdmin("admin/orders/assign", "POST", { json: { orderIds: [p.orderid, taken.orderid, "nosuchorder"], member: C.sid, reason: "会员提供了支付截图" } });
    expect(r.status).toBe(200);
    expect(r.data.assigned).toEqual([p.orderid]);
    expect(r.data.skipped).toEqual([
      { orderId: taken.orderid, message: "订单已归属其他会员" },
      { orderId: "nosuchorder", message: "订单不存在" },
    ]);
    const order = await orderWithCommissions(p.orderid as string);
    expect(order.memberId).toBe(C.id);
    const byLevel = order.commissions.map((c) => [c.level, c.beneficiaryId, c.amountFen, c.status]).sort();
    expect(byLevel).toEqual([
      [0, C.id, 500, "pending"],
      [1, B.id, 100, "pending"],
      [2, A.id, 50, "pending"],
    ]);
    expect((await audits("order.assign")).map((a) => [a.targetId, a.reason])).toEqual([[p.orderid, "会员提供了支付截图"]]);
    expect((await asAdmin("admin/orders/assign", "POST", { json: { orderIds: [p.orderid], member: "ghost", reason: "x" } })).status).toBe(422);
  });
});

describe("inbox: reprocess, failed, dry run", () => {
  it("reprocessing a processed push is idempotent and audited", async () => {
    const p = pushPayload({ sid: C.sid });
    await push(p);
    const [row] = await rows(q.selectFrom("inbox_pushes").select("id").where("orderId", "=", p.orderid as string));
    const before = await count(q.selectFrom("order_events"));
    for (let i = 0; i < 2; i++) {
      const r = await asAdmin("admin/pushes/[id]/reprocess", "POST", { params: { id: String(row.id) }, url: `/api/admin/pushes/${row.id}/reprocess` });
      expect(r.data).toMatchObject({ pushId: row.id, outcome: "duplicate" });
    }
    expect(await count(q.selectFrom("order_events"))).toBe(before);
    expect((await rowOrThrow(q.selectFrom("inbox_pushes").select("outcome").where("id", "=", row.id))).outcome).toBe("applied");
    expect((await audits("push.reprocess")).length).toBe(2);
    const list = await asAdmin("admin/pushes", "GET", { url: `/api/admin/pushes?orderId=${p.orderid}` });
    expect(list.data.items[0]).toMatchObject({ id: row.id, signatureValid: true, orderId: p.orderid });
    expect(JSON.parse(list.data.items[0].body).orderid).toBe(p.orderid);
  });

  it("a rejected push cannot be reprocessed", async () => {
    const p = pushPayload();
    await call((await load("meituan/callback")).POST as never, "/api/meituan/callback", { json: { ...p, sign: "f".repeat(32) } });
    const list = await asAdmin("admin/pushes", "GET", { url: "/api/admin/pushes?signFailed=1" });
    const bad = list.data.items.find((x: { orderId: string }) => x.orderId === p.orderid);
    const r = await asAdmin("admin/pushes/[id]/reprocess", "POST", { params: { id: String(bad.id) } });
    expect(r.status).toBe(409);
  });

  it("dry run shows what reprocessing a range would change and changes nothing; then it runs for real", async () => {
    const { rawDb } = await import("@/lib/db");
    const raw = rawDb();
    const trigger = raw.dialect === "pg"
      ? [`CREATE FUNCTION boom() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'injected'; END $$ LANGUAGE plpgsql`, `CREATE TRIGGER boom BEFORE INSERT ON orders FOR EACH ROW EXECUTE FUNCTION boom()`]
      : [`CREATE TRIGGER boom BEFORE INSERT ON orders BEGIN SELECT RAISE(ABORT, 'injected'); END`];
    await ddl(...trigger);
    const p = pushPayload({ sid: C.sid });
    try {
      await push(p);
    } finally {
      await ddl(`DROP TRIGGER boom${raw.dialect === "pg" ? " ON orders" : ""}`);
    }
    expect(await count(q.selectFrom("orders").where("orderId", "=", p.orderid as string))).toBe(0);
    const today = beijingDay(new Date());
    const dry = await asAdmin("admin/pushes/dry-run", "POST", { json: { from: today, to: today } });
    expect(dry.status).toBe(200);
    expect(dry.data.changes).toContainEqual({ pushId: expect.any(Number), orderId: p.orderid, outcome: "applied", from: null, to: "paid" });
    expect(await count(q.selectFrom("orders").where("orderId", "=", p.orderid as string))).toBe(0);
    expect((await rowOrThrow(q.selectFrom("inbox_pushes").select("outcome").where("orderId", "=", p.orderid as string))).outcome).toBe("failed");

    const real = await asAdmin("admin/pushes/reprocess-range", "POST", { json: { from: today, to: today } });
    expect(real.data.outcomes.applied).toBeGreaterThanOrEqual(1);
    expect((await orderOf(p.orderid as string)).status).toBe("paid");
    expect((await asAdmin("admin/pushes/reprocess-failed", "POST")).data.processed).toBe(0);
    expect((await audits("push.reprocess_range")).length).toBe(1);
    expect((await audits("push.reprocess_failed")).length).toBe(1);
    expect((await asAdmin("admin/pushes/dry-run", "POST", { json: { from: today, to: "2020-01-01" } })).status).toBe(422);
  });
});

describe("order timeline", () => {
  it("merges pushes, status changes, commission changes and admin actions in time order", async () => {
    const p = pushPayload({ sid: C.sid });
    await push(p);
    await push({ ...p, status: "8", modTime: "1764400000" });
    await push({ ...p, status: "1", modTime: "1764300002" }); // stale
    const r = await asAdmin("admin/orders/[orderId]", "GET", { params: { orderId: p.orderid as string } });
    const kinds = r.data.timeline.map((t: { kind: string }) => t.kind);
    expect(kinds.filter((k: string) => k === "push")).toHaveLength(3);
    expect(kinds.filter((k: string) => k === "status")).toHaveLength(3);
    expect(kinds.filter((k: string) => k === "commission").length).toBeGreaterThanOrEqual(6); // 3 created + 3 pending
    expect(r.data.timeline.find((t: { kind: string }) => t.kind === "commission").detail).toBe("新建佣金（回推）");
    const ignored = r.data.timeline.find((t: { kind: string; applied: boolean | null }) => t.kind === "status" && t.applied === false);
    expect(ignored.detail).toContain("迟到的旧推送");
    const times = r.data.timeline.map((t: { at: string }) => t.at);
    expect([...times].sort()).toEqual(times);
    expect(r.data.commissions.map((c: { level: number; beneficiaryUsername: string }) => [c.level, c.beneficiaryUsername])).toEqual([
      [0, "adm-c@example.com"],
      [1, "adm-b@example.com"],
      [2, "adm-a@example.com"],
    ]);
  });
});

describe("members", () => {
  it("search by sid, username prefix and invite code; detail with balance and downline", async () => {
    for (const q of [A.sid, "adm-a@", A.inviteCode.toLowerCase()]) {
      const r = await asAdmin("admin/members", "GET", { url: `/api/admin/members?q=${encodeURIComponent(q)}` });
      expect(r.data.items.map((m: { id: string }) => m.id)).toContain(A.id);
    }
    const d = await asAdmin("admin/members/[id]", "GET", { params: { id: A.id } });
    expect(d.data).toMatchObject({ member: { id: A.id, sid: A.sid }, downline: { level1: 1, level2: 1 } });
    expect(d.data.balance).toHaveProperty("available");
  });

  it("disable locks the member out and is audited; enable restores; admins cannot change themselves", async () => {
    const { authOptions } = await import("@/lib/auth/options");
    const authorize = (authOptions().providers[0] as unknown as { options: { authorize: (c: Record<string, string>) => Promise<unknown> } }).options.authorize;
    expect(await authorize({ username: "adm-b@example.com", password: "Password-123" })).not.toBeNull();
    expect((await asAdmin("admin/members/[id]/disable", "POST", { params: { id: B.id }, json: { reason: "刷单嫌疑" } })).data.disabled).toBe(true);
    expect(await authorize({ username: "adm-b@example.com", password: "Password-123" })).toBeNull();
    const me = await call((await load("me/orders")).GET as never, "/api/me/orders", { as: B });
    expect(me.status).toBe(401);
    await asAdmin("admin/members/[id]/enable", "POST", { params: { id: B.id }, json: { reason: "核实无误" } });
    expect(await authorize({ username: "adm-b@example.com", password: "Password-123" })).not.toBeNull();
    expect((await audits("member.disable"))[0]).toMatchObject({ targetId: B.id, reason: "刷单嫌疑" });
    expect((await audits("member.enable")).length).toBe(1);
    expect((await asAdmin("admin/members/[id]/disable", "POST", { params: { id: admin.id }, json: { reason: "试试" } })).status).toBe(409);
    expect((await asAdmin("admin/members/[id]/disable", "POST", { params: { id: B.id }, json: {} })).status).toBe(422);
  });

  it("grant and revoke admin, audited", async () => {
    const r = await asAdmin("admin/members/[id]/role", "POST", { params: { id: A.id }, json: { role: "ADMIN", reason: "新运营" } });
    expect(r.data.role).toBe("ADMIN");
    const asA = await call((await load("admin/orders")).GET as never, "/api/admin/orders", { as: { id: A.id, role: "MEMBER" } });
    expect(asA.status).toBe(200); // the database, not the token, decides
    await asAdmin("admin/members/[id]/role", "POST", { params: { id: A.id }, json: { role: "MEMBER", reason: "离职" } });
    expect((await call((await load("admin/orders")).GET as never, "/api/admin/orders", { as: { id: A.id, role: "ADMIN" } })).status).toBe(403);
    expect((await audits("member.role")).map((a) => JSON.parse(a.after!).role)).toEqual(["ADMIN", "MEMBER"]);
  });
});

describe("withdrawals, rules preview, dashboard, audit log", () => {
  it("bulk approve with risk signals beside each request", async () => {
    const { rawDb } = await import("@/lib/db");
    const raw = rawDb();
    const at = new Date();
    // Two members with available money (rows written directly: the ledger itself is tested elsewhere).
    const order = await rowOrThrow(q.selectFrom("orders").select("id").where("memberId", "=", C.id));
    for (const m of [B, C]) {
      await raw.rows(
        q.insertInto("commissions").values({
          orderRef: order.id, beneficiaryId: m.id, level: 9, key: `test:${m.id}`, baseFen: 10000, rateBps: 5000, amountFen: 5000, ruleVersion: 1, status: "available", createdAt: at, updatedAt: at,
        }),
      );
    }
    const ids: number[] = [];
    for (const m of [B, C]) {
      const w = await call((await load("me/withdrawals")).POST as never, "/api/me/withdrawals", { as: m, json: { amount: "20.00", method: "wechat", account: "wx_user_1", realName: "李四" } });
      expect(w.status).toBe(201);
      ids.push(w.data.id);
    }
    const queue = await asAdmin("admin/withdrawals", "GET", { url: "/api/admin/withdrawals?status=pending" });
    const mine = queue.data.items.find((w: { id: number }) => w.id === ids[1]);
    expect(mine.risk).toMatchObject({ orders: expect.any(Number), downline: 0, accountAgeDays: 0 });
    expect(mine.risk.refundRate).toBeGreaterThanOrEqual(0);
    expect(mine.risk.flags).toEqual(["注册仅 0 天"]);
    // B's account is old enough to pass; C's is new: bulk approve skips it and lists why.
    await rows(q.updateTable("users").set({ createdAt: new Date(Date.now() - 30 * 86_400_000) }).where("id", "=", B.id));
    const r = await asAdmin("admin/withdrawals/bulk-approve", "POST", { json: { ids: [...ids, 999999], note: "批量" } });
    expect(r.data.approved).toEqual([ids[0]]);
    expect(r.data.skipped).toEqual([{ id: ids[1], member: expect.any(String), amount: "20.00", flags: ["注册仅 0 天"] }]);
    expect(r.data.failed).toEqual([{ id: 999999, message: "提现申请不存在" }]);
    // Confirmed one by one, it goes through.
    const one = await asAdmin("admin/withdrawals/[id]/[action]", "POST", { params: { id: String(ids[1]), action: "approve" }, json: {} });
    expect(one.data.status).toBe("approved");
    expect((await audits("withdrawal.approve")).length).toBe(2);
    expect((await audits("withdrawal.bulk_approve"))[0]).toMatchObject({ reason: "批量" });
  });

  it("previews draft rules for an order or for typed amounts", async () => {
    const rules = { levels: [{ level: 0, rateBps: 6000 }, { level: 1, rateBps: 1500 }], businessLineOverrides: [], holdDays: 10, minWithdrawal: "5.00" };
    const r = await asAdmin("admin/settings/commission/preview", "POST", { json: { rules, payAmount: "100.00", ratio: "0.10" } });
    expect(r.data).toMatchObject({ base: "10.00", levels: [{ level: 0, rateBps: 6000, amount: "6.00" }, { level: 1, rateBps: 1500, amount: "1.50" }], total: "7.50" });
    const none = await asAdmin("admin/settings/commission/preview", "POST", { json: { rules } });
    expect(none.status).toBe(422);
    const settings = await asAdmin("admin/settings/commission", "GET");
    expect(settings.data.version).toBe(1); // previews never save
  });

  it("dashboard adds up the orders of the range", async () => {
    const r = await asAdmin("admin/dashboard", "GET", { url: "/api/admin/dashboard?range=30d" });
    expect(r.status).toBe(200);
    expect(r.data.daily).toHaveLength(30);
    const expected = await count(q.selectFrom("orders").where("occurredAt", ">=", new Date(r.data.from)));
    expect(r.data.totals.orders).toBe(expected);
    expect(r.data.daily.reduce((s: number, d: { orders: number }) => s + d.orders, 0)).toBe(expected);
    expect(Number(r.data.totals.margin)).toBeCloseTo(Number(r.data.totals.commission) - Number(r.data.totals.memberCommission), 2);
    expect(r.data.pushHealth).toMatchObject({ secretConfigured: true, failedWaiting: 0 });
    expect(r.data.pushHealth.pushesLastHour).toBeGreaterThan(0);
    expect((await asAdmin("admin/dashboard", "GET", { url: "/api/admin/dashboard?range=1y" })).status).toBe(422);
  });

  it("dashboard requests at the same moment share one computation; the next one sees new orders", async () => {
    const { dashboard } = await import("@/lib/admin/dashboard");
    const first = dashboard("30d");
    expect(dashboard("30d")).toBe(first);
    expect(dashboard("7d")).not.toBe(first);
    const before = await first;
    await push(pushPayload({ paytime: String(Math.floor(Date.now() / 1000) - 60) }));
    const after = await dashboard("30d");
    expect(after.totals.orders).toBe(before.totals.orders + 1);
  });

  it("dashboard days are Beijing days: 23:59:59 and 00:00:00 Beijing time land on different days", async () => {
    const { dashboard } = await import("@/lib/admin/dashboard");
    // 2026-11-20 00:00 Beijing = 2026-11-19T16:00:00Z.
    const midnight = Date.parse("2026-11-19T16:00:00Z") / 1000;
    const now = new Date("2026-11-25T12:00:00Z");
    const day = (d: Awaited<ReturnType<typeof dashboard>>, name: string) => d.daily.find((x) => x.day === name)!;
    const before = await dashboard("7d", now);
    for (const t of [midnight - 1, midnight, midnight + 1]) await push(pushPayload({ businessLine: "2", paytime: String(t), ordertime: String(t - 5), modTime: String(t + 1), payPrice: "10.00" }));
    const after = await dashboard("7d", now);
    expect(day(after, "2026-11-19").orders - day(before, "2026-11-19").orders).toBe(1);
    expect(day(after, "2026-11-20").orders - day(before, "2026-11-20").orders).toBe(2);
    expect(Number(day(after, "2026-11-20").gmv) - Number(day(before, "2026-11-20").gmv)).toBeCloseTo(20, 2);
  });

  it("the audit log lists every action, filterable, and is never edited", async () => {
    const r = await asAdmin("admin/audit", "GET", { url: "/api/admin/audit?limit=100" });
    const actions = new Set(r.data.items.map((a: { action: string }) => a.action));
    for (const a of ["order.assign", "push.reprocess", "member.disable", "member.role", "withdrawal.approve"]) expect(actions).toContain(a);
    const only = await asAdmin("admin/audit", "GET", { url: "/api/admin/audit?action=member.role" });
    expect(only.data.items.every((a: { action: string; actorUsername: string }) => a.action === "member.role" && a.actorUsername === "boss@example.com")).toBe(true);
  });
});

describe("orders: money-status filter", () => {
  // Orders of their own business line, some with an amount and some without, two sharing a pay time; three are
  // refunded, so their rows become 已失效 (void).
  const mine: Record<string, unknown>[] = [];
  beforeAll(async () => {
    const spec = [{ t: 0, pay: "30.00" }, { t: 60, pay: "" }, { t: 60, pay: "12.00" }, { t: 120, pay: "45.00" }, { t: 180, pay: "" }];
    for (const { t, pay } of spec) mine.push(pushPayload({ sid: C.sid, businessLine: "11", paytime: String(1764300000 + t), payPrice: pay, direct: pay }));
    for (const p of mine) await push(p);
    for (const i of [0, 1, 2, 4]) await push({ ...mine[i], status: "9", refundType: "1", modTime: "1764400000" });
  });

  const SORTS = ["time_desc", "time_asc", "amount_desc"] as const;
  async function allPages(fetchPage: (cursor: string | undefined) => Promise<{ rows: { orderId: string }[]; nextCursor: string | null }>) {
    const got: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await fetchPage(cursor);
      got.push(...page.rows.map((r) => r.orderId));
      cursor = page.nextCursor ?? undefined;
      if (got.length > 50) throw new Error(`the pages never end: ${got.join(", ")}`);
    } while (cursor);
    return got;
  }

  it.each(SORTS)("orders listed by id in chunks page like the relation filter (%s)", async (sort) => {
    const { fetchOrderPage, fetchOrderPageAmong, ordersInMoneyStatus } = await import("@/lib/orders/queries");
    const ids = await ordersInMoneyStatus("void");
    expect(ids).not.toBeNull();
    expect(await ordersInMoneyStatus("void", 0)).toBeNull();
    const where = { businessLine: 11 };
    const expected = await allPages((cursor) => fetchOrderPage({ ...where, moneyStatus: "void" }, { limit: 1, cursor, sort }));
    expect(expected).toHaveLength(4);
    for (const chunk of [1, 2, 1000]) {
      for (const limit of [1, 3]) {
        expect(await allPages((cursor) => fetchOrderPageAmong(ids!, where, { limit, cursor, sort }, chunk))).toEqual(expected);
      }
    }
    const r = await asAdmin("admin/orders", "GET", { url: `/api/admin/orders?moneyStatus=void&businessLine=11&sort=${sort}&limit=100` });
    expect(r.data.items.map((o: { orderId: string }) => o.orderId)).toEqual(expected);
  });

  it("a chunk of the largest size is one valid query on this database", async () => {
    const { fetchOrderPageAmong } = await import("@/lib/orders/queries");
    const some = await rows(q.selectFrom("orders").select("id").orderBy("id", "asc").limit(3));
    const ids = [...some.map((o) => o.id), ...Array.from({ length: 10_000 }, (_, i) => 1e9 + i)];
    const page = await fetchOrderPageAmong(ids, {}, { limit: 50, sort: "time_asc" });
    expect(page.rows.map((r) => r.id).sort()).toEqual(some.map((o) => o.id).sort());
  });
});
