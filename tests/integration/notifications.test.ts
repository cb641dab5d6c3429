// Member notifications through the interfaces people use: pushes at the callback, the settlement and withdrawal
// routes, the notification center API and the live stream. A invites B invites C; C's orders earn all three.
import { beforeAll, describe, expect, it } from "vitest";
import { count, ddl, rows, useTestDatabase, userId } from "../helpers/db";
import { q } from "@/lib/db/query";
import { call, type Actor } from "../helpers/http";
import { pushPayload, signed, SECRET } from "../helpers/push";

process.env.MEITUAN_CALLBACK_SECRET = SECRET;
const testDb = useTestDatabase();

const DAY = 86_400;
const nowS = () => Math.floor(Date.now() / 1000);

const api = async () => ({
  register: (await import("@/app/api/register/route")).POST as never,
  callback: (await import("@/app/api/meituan/callback/route")).POST as never,
  notifications: (await import("@/app/api/me/notifications/route")).GET as never,
  read: (await import("@/app/api/me/notifications/read/route")).POST as never,
  preferences: await import("@/app/api/me/notifications/preferences/route"),
  stream: (await import("@/app/api/me/stream/route")).GET as never,
  rules: await import("@/app/api/admin/settings/commission/route"),
  settle: (await import("@/app/api/admin/settlement/run/route")).POST as never,
  withdrawals: await import("@/app/api/me/withdrawals/route"),
  review: (await import("@/app/api/admin/withdrawals/[id]/[action]/route")).POST as never,
});

type Member = Actor & { sid: string; inviteCode: string };
let A: Member, B: Member, C: Member, D: Member, admin: Actor;

async function register(username: string, inviteCode?: string, name?: string): Promise<Member> {
  const r = await call((await api()).register, "/api/register", { json: { username, agreed: true, password: "Password-123", inviteCode, name } });
  expect(r.status).toBe(201);
  return { id: r.data.id, role: "MEMBER", sid: r.data.sid, inviteCode: r.data.inviteCode };
}
async function push(p: Record<string, unknown>) {
  const res = await call((await api()).callback, "/api/meituan/callback", { json: signed(p) });
  expect(res.data).toEqual({ errcode: "0", errmsg: "ok" });
}
type Item = { id: number; kind: string; title: string; body: string; href: string; orderId: string | null; amount: string | null; read: boolean };
async function center(m: Actor, query = "") {
  const res = await call((await api()).notifications, `/api/me/notifications${query}`, { as: m });
  expect(res.status).toBe(200);
  return res.data as { items: Item[]; unread: number; nextCursor: string | null };
}
const order = (over: Record<string, unknown> = {}) =>
  pushPayload({ sid: C.sid, smstitle: "美团外卖-测试店铺", payPrice: "100.00", total: "120.00", ratio: "0.10", paytime: String(nowS() - 30 * DAY), modTime: String(nowS() - 30 * DAY), ...over });

beforeAll(async () => {
  A = await register("na@example.com");
  B = await register("nb@example.com", A.inviteCode);
  C = await register("nc@example.com", B.inviteCode, "李娜");
  D = await register("nd@example.com");
  const { upsertAdmin } = await import("@/lib/accounts/register");
  await upsertAdmin("nboss@example.com", "Admin-Pass-123");
  admin = { id: await userId("nboss@example.com"), role: "ADMIN" };
  const r = await call((await api()).rules.PUT as never, "/api/admin/settings/commission", {
    method: "PUT", as: admin,
    json: { levels: [{ level: 0, rateBps: 5000 }, { level: 1, rateBps: 1000 }, { level: 2, rateBps: 500 }], holdDays: 15, minWithdrawal: "1.00" },
  });
  expect(r.status).toBe(200);
});

describe("what the outbox records", () => {
  it("a tracked order tells its member and, masked, the inviters above; a repeat tells nobody again", async () => {
    const p = order();
    await push(p);
    await push(p);
    await push({ ...p, modTime: String(nowS() - 30 * DAY) });
    const c = await center(C);
    const mine = c.items.filter((i) => i.orderId === p.orderid);
    expect(mine).toEqual([expect.objectContaining({ kind: "order_tracked", title: "新订单已跟踪", body: "美团外卖-测试店铺 · 预估佣金 ¥5.00", amount: "5.00", read: false, href: "/me/orders" })]);
    const b = (await center(B)).items.filter((i) => i.orderId === p.orderid);
    expect(b).toEqual([expect.objectContaining({ kind: "team_order", amount: "1.00", body: "一级团队 李* · 美团外卖-测试店铺 · 你的佣金 ¥1.00" })]);
    const a = (await center(A)).items.filter((i) => i.orderId === p.orderid);
    expect(a).toEqual([expect.objectContaining({ kind: "team_order", amount: "0.50" })]);
    expect((await center(D)).items).toEqual([]);
  });

  it("completion, settlement (one line per member), refund and clawback each tell once", async () => {
    const p = order();
    await push(p);
    await push({ ...p, status: "8", modTime: String(nowS() - 20 * DAY) });
    expect((await center(C)).items.filter((i) => i.orderId === p.orderid).map((i) => i.kind)).toEqual(["order_completed", "order_tracked"]);
    const settled = await call((await api()).settle, "/api/admin/settlement/run", { method: "POST", as: admin });
    expect(settled.data.settled).toBeGreaterThanOrEqual(3);
    const available = (await center(C)).items.filter((i) => i.kind === "commission_available");
    expect(available).toHaveLength(1);
    expect(available[0].title).toBe("佣金已可提现");
    // Everything of C's that settled in that run, in one line.
    const settledRows = await rows(q.selectFrom("commissions").select("amountFen").where("beneficiaryId", "=", C.id).where("status", "=", "available"));
    expect(available[0].amount).toBe((settledRows.reduce((s, r) => s + r.amountFen, 0) / 100).toFixed(2));
    // Refunded after settling, before any withdrawal: the member's row is void; an inviter's available money goes.
    await push({ ...p, status: "9", refundType: "1", modTime: String(nowS() - 10 * DAY) });
    expect((await center(C)).items.filter((i) => i.orderId === p.orderid)[0]).toMatchObject({ kind: "order_refunded", amount: "5.00", body: "美团外卖-测试店铺 · 佣金 ¥5.00 已失效" });
    expect((await center(B)).items.filter((i) => i.orderId === p.orderid)[0]).toMatchObject({ kind: "commission_clawback", amount: "1.00" });
  });

  it("a refund before settling voids the estimate and says so", async () => {
    const p = order();
    await push(p);
    await push({ ...p, status: "9", refundType: "1", modTime: String(nowS() - 29 * DAY) });
    const kinds = (await center(C)).items.filter((i) => i.orderId === p.orderid).map((i) => i.kind);
    expect(kinds).toEqual(["order_refunded", "order_tracked"]);
  });

  it("withdrawals tell their member when approved and paid; a refund after payout is a clawback", async () => {
    const p = order();
    await push(p);
    await push({ ...p, status: "8", modTime: String(nowS() - 20 * DAY) });
    await call((await api()).settle, "/api/admin/settlement/run", { method: "POST", as: admin });
    const w = await call((await api()).withdrawals.POST as never, "/api/me/withdrawals", { json: { amount: "5.00", method: "alipay", account: "13800138000", realName: "李娜" }, as: C });
    expect(w.status).toBe(201);
    for (const action of ["approve", "pay"]) {
      const r = await call((await api()).review, `/api/admin/withdrawals/${w.data.id}/${action}`, { method: "POST", json: {}, as: admin, params: { id: String(w.data.id), action } });
      expect(r.status).toBe(200);
    }
    const kinds = (await center(C)).items.filter((i) => i.kind.startsWith("withdrawal_"));
    expect(kinds.map((i) => [i.kind, i.amount])).toEqual([["withdrawal_paid", "5.00"], ["withdrawal_approved", "5.00"]]);
    expect(kinds[0].body).toBe("¥5.00 已打款到支付宝，请查收");
    await push({ ...p, status: "9", refundType: "1", modTime: String(nowS() - 5 * DAY) });
    expect((await center(C)).items.filter((i) => i.orderId === p.orderid)[0]).toMatchObject({ kind: "commission_clawback", amount: "5.00", title: "佣金扣回" });
  });

  it("a rejected withdrawal says the money is back", async () => {
    const p = order({ payPrice: "1000.00", total: "1000.00" });
    await push(p);
    await push({ ...p, status: "8", modTime: String(nowS() - 20 * DAY) });
    await call((await api()).settle, "/api/admin/settlement/run", { method: "POST", as: admin });
    const w = await call((await api()).withdrawals.POST as never, "/api/me/withdrawals", { json: { amount: "2.00", method: "alipay", account: "13800138000", realName: "李娜" }, as: C });
    expect(w.status).toBe(201);
    const r = await call((await api()).review, `/api/admin/withdrawals/${w.data.id}/reject`, { method: "POST", json: { note: "账户不符" }, as: admin, params: { id: String(w.data.id), action: "reject" } });
    expect(r.status).toBe(200);
    expect((await center(C)).items[0]).toMatchObject({ kind: "withdrawal_rejected", amount: "2.00", body: "¥2.00 已退回可提现余额" });
  });

  it("nothing is told of a change that rolled back", async () => {
    const pg = testDb.kind === "postgres";
    // The push's inbox row cannot be marked processed (PostgreSQL writes a batch's rows once processed, SQLite marks
    // them after): its whole entry rolls back, order, money and notification.
    await ddl(
      ...(pg
        ? [
            `CREATE FUNCTION mark_down() RETURNS trigger AS $$ BEGIN IF NEW.outcome = 'applied' THEN RAISE EXCEPTION 'inbox unavailable'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`,
            `CREATE TRIGGER mark_down BEFORE INSERT OR UPDATE ON inbox_pushes FOR EACH ROW EXECUTE FUNCTION mark_down()`,
          ]
        : [`CREATE TRIGGER mark_down BEFORE UPDATE ON inbox_pushes WHEN NEW.outcome = 'applied' BEGIN SELECT RAISE(ABORT, 'inbox unavailable'); END`]),
    );
    const p = order();
    try {
      const res = await call((await api()).callback, "/api/meituan/callback", { json: signed(p) });
      expect(res.status).not.toBe(200);
    } finally {
      await ddl(`DROP TRIGGER IF EXISTS mark_down${pg ? " ON inbox_pushes" : ""}`, ...(pg ? [`DROP FUNCTION IF EXISTS mark_down()`] : []));
    }
    expect(await count(q.selectFrom("orders").where("orderId", "=", p.orderid as string))).toBe(0);
    expect(await rows(q.selectFrom("notifications as n").innerJoin("orders as o", "o.id", "n.orderRef").select("n.id").where("o.orderId", "=", p.orderid as string))).toEqual([]);
    // Meituan's retry, once the database works, tells exactly once.
    await push(p);
    expect((await center(C)).items.filter((i) => i.orderId === p.orderid).map((i) => i.kind)).toEqual(["order_tracked"]);
  });
});

describe("the notification center", () => {
  it("pages newest first and counts unread", async () => {
    const first = await center(C, "?limit=2");
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const second = await center(C, `?limit=2&cursor=${first.nextCursor}`);
    expect(second.items[0].id).toBeLessThan(first.items[1].id);
    const all = await center(C, "?limit=50");
    expect(all.unread).toBe(all.items.filter((i) => !i.read).length);
  });

  it("marks only the member's own notifications read", async () => {
    const bItem = (await center(B)).items[0];
    const before = await center(C);
    const r = await call((await api()).read, "/api/me/notifications/read", { json: { ids: [before.items[0].id, bItem.id] }, as: C });
    expect(r.status).toBe(200);
    expect(r.data.unread).toBe(before.unread - 1);
    expect((await center(B)).items.find((i) => i.id === bItem.id)?.read).toBe(false);
    const all = await call((await api()).read, "/api/me/notifications/read", { json: { all: true }, as: C });
    expect(all.data).toEqual({ unread: 0 });
  });

  it("refuses bad input with a Chinese message and changes nothing", async () => {
    for (const json of [{}, { ids: [] }, { ids: ["x"] }, { all: false }, { ids: [1], all: true }]) {
      const r = await call((await api()).read, "/api/me/notifications/read", { json, as: B });
      expect(r.status).toBe(422);
      expect(r.data.error.message).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect((await center(B)).unread).toBeGreaterThan(0);
    const anon = await call((await api()).notifications, "/api/me/notifications");
    expect(anon.status).toBe(401);
  });

  it("keeps preferences per kind", async () => {
    const { PUT, GET } = (await api()).preferences;
    const r = await call(PUT as never, "/api/me/notifications/preferences", { method: "PUT", json: { kinds: [{ kind: "team_order", offsite: false }] }, as: B });
    expect(r.status).toBe(200);
    expect(r.data.kinds.find((k: { kind: string }) => k.kind === "team_order")).toEqual({ kind: "team_order", offsite: false });
    const g = await call(GET as never, "/api/me/notifications/preferences", { as: B });
    expect(g.data.kinds.filter((k: { offsite: boolean }) => !k.offsite)).toHaveLength(1);
    const bad = await call(PUT as never, "/api/me/notifications/preferences", { method: "PUT", json: { kinds: [{ kind: "nope", offsite: true }] }, as: B });
    expect(bad.status).toBe(422);
  });
});

/** Reads server-sent events from a stream response until `until` says enough or the time is up. */
async function readEvents(res: Response, until: (events: { event: string; id?: string; data: any }[]) => boolean, ms = 3000) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const events: { event: string; id?: string; data: any }[] = [];
  let buffer = "";
  const deadline = Date.now() + ms;
  while (!until(events) && Date.now() < deadline) {
    const chunk = await Promise.race([reader.read(), new Promise<null>((r) => setTimeout(() => r(null), deadline - Date.now()))]);
    if (!chunk || chunk.done) break;
    buffer += decoder.decode(chunk.value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const fields = Object.fromEntries(block.split("\n").filter((l) => !l.startsWith(":") && l.includes(": ")).map((l) => [l.slice(0, l.indexOf(": ")), l.slice(l.indexOf(": ") + 2)]));
      if (fields.event) events.push({ event: fields.event, id: fields.id, data: JSON.parse(fields.data) });
    }
  }
  await reader.cancel();
  return events;
}

async function openStream(m: Actor, lastEventId?: string) {
  const { encode } = await import("next-auth/jwt");
  const { NextRequest } = await import("next/server");
  const token = await encode({ token: { uid: m.id, role: m.role }, secret: process.env.NEXTAUTH_SECRET! });
  const controller = new AbortController();
  const req = new NextRequest("http://localhost/api/me/stream", { headers: { cookie: `next-auth.session-token=${token}`, ...(lastEventId ? { "last-event-id": lastEventId } : {}) }, signal: controller.signal });
  const res: Response = await ((await api()).stream as any)(req, { params: Promise.resolve({}) });
  return { res, close: () => controller.abort() };
}

describe("the live stream", () => {
  it("tells an open page of a new order within 2 s, and only its member", async () => {
    const c = await openStream(C);
    const d = await openStream(D);
    expect(c.res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const p = order();
    const started = Date.now();
    const pushed = push(p);
    const events = await readEvents(c.res, (e) => e.some((x) => x.event === "notification"), 2000);
    await pushed;
    expect(Date.now() - started).toBeLessThan(2000);
    expect(events[0].event).toBe("ready");
    const n = events.find((e) => e.event === "notification")!;
    expect(n.data).toMatchObject({ kind: "order_tracked", orderId: p.orderid, body: "美团外卖-测试店铺 · 预估佣金 ¥5.00" });
    expect(Number(n.id)).toBe(n.data.id);
    expect((await readEvents(d.res, (e) => e.some((x) => x.event === "notification"), 300)).filter((e) => e.event === "notification")).toEqual([]);
    c.close();
    d.close();
  });

  it("a reconnect with Last-Event-ID gets what it missed, in order", async () => {
    const before = (await center(C)).items[0].id;
    const p1 = order();
    const p2 = order();
    await push(p1);
    await push(p2);
    const again = await openStream(C, String(before));
    const events = (await readEvents(again.res, (e) => e.filter((x) => x.event === "notification").length >= 2)).filter((e) => e.event === "notification");
    expect(events.map((e) => e.data.orderId)).toEqual([p1.orderid, p2.orderid]);
    again.close();
  });

  it("refuses a visitor without a session and bounds the streams per member", async () => {
    const { NextRequest } = await import("next/server");
    const anon: Response = await ((await api()).stream as any)(new NextRequest("http://localhost/api/me/stream"), { params: Promise.resolve({}) });
    expect(anon.status).toBe(401);
    const { MAX_STREAMS_PER_MEMBER } = await import("@/lib/live/member-stream");
    const open = await Promise.all(Array.from({ length: MAX_STREAMS_PER_MEMBER }, () => openStream(D)));
    const extra = await openStream(D);
    expect(extra.res.status).toBe(429);
    for (const s of open) s.close();
    await new Promise((r) => setTimeout(r, 50));
    const after = await openStream(D);
    expect(after.res.status).toBe(200);
    after.close();
  });
});
