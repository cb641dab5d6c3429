// What a member sees of their team and their months, through the JSON API: 团队订单 show exactly my rows' money
// and only my downline's orders; a downline's detail sums my rows from their orders; nobody outside my downline
// can be looked at; 本月预估 / 上月预估 / 上月结算 equal the sums of the ledger rows I can see, over random ledgers;
// 我的订单's tabs and search filter the member's own orders only.
// A invites B invites C; D (a stranger) invites E.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { q } from "@/lib/db/query";
import { rows, useTestDatabase } from "../helpers/db";
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
  teamOrders: (await import("@/app/api/me/team/orders/route")).GET as never,
  downline: (await import("@/app/api/me/team/[id]/route")).GET as never,
});

type Member = Actor & { sid: string; inviteCode: string };
let A: Member, B: Member, C: Member, D: Member, E: Member;

async function register(username: string, inviteCode?: string, name?: string): Promise<Member> {
  const r = await call((await api()).register, "/api/register", { json: { username, password: "Password-123", inviteCode, name, agreed: true } });
  expect(r.status, r.text).toBe(201);
  return { id: r.data.id, role: "MEMBER", sid: r.data.sid, inviteCode: r.data.inviteCode };
}
async function push(p: Record<string, unknown>) {
  const res = await call((await api()).callback, "/api/meituan/callback", { json: signed(p) });
  expect(res.data).toEqual({ errcode: "0", errmsg: "ok" });
}
/** An order of the member's, paid `daysAgo` days ago: ¥100.00 × 0.10 = ¥10.00 commission to us. */
async function orderOf(m: Member, over: Record<string, unknown> = {}, daysAgo = 3) {
  const p = pushPayload({ sid: m.sid, payPrice: "100.00", total: "120.00", ratio: "0.10", paytime: String(nowS() - daysAgo * DAY), modTime: String(nowS() - daysAgo * DAY), ...over });
  await push(p);
  return p;
}
async function get(handler: never, url: string, as: Actor, params?: Record<string, string>) {
  return call(handler, url, { as, params });
}
type TeamOrder = { id: number; title: string; level: number; status: string; member: { id: string; label: string }; myShare: { amount: string; status: string } };
async function allTeamOrders(as: Actor, query = "", limit = 100) {
  const out: TeamOrder[] = [];
  let cursor: string | null = null;
  do {
    const res = await get((await api()).teamOrders, `/api/me/team/orders?limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ""}`, as);
    expect(res.status, res.text).toBe(200);
    out.push(...res.data.items);
    cursor = res.data.nextCursor;
  } while (cursor);
  return out;
}
/** Σ the member's rows (not void) on these orders, in fen, read from the table itself. */
async function rowsOfOn(beneficiaryId: string, orderRefs: number[]) {
  if (!orderRefs.length) return 0;
  const found = await rows(q.selectFrom("commissions").select(["amountFen", "status"]).where("beneficiaryId", "=", beneficiaryId).where("orderRef", "in", orderRefs));
  return found.filter((r) => r.status !== "void").reduce((t, r) => t + r.amountFen, 0);
}
const fen = (yuan: string) => Math.round(Number(yuan) * 100);
const refsOf = async (m: Member) => (await rows(q.selectFrom("orders").select("id").where("memberId", "=", m.id))).map((o) => o.id);

beforeAll(async () => {
  A = await register("team-a@example.com", undefined, "李娜");
  B = await register("13800000002", A.inviteCode, "王强");
  C = await register("team-c@example.com", B.inviteCode);
  D = await register("team-d@example.com");
  E = await register("team-e@example.com", D.inviteCode);
  await orderOf(A, { smstitle: "A 自己的订单" });
  await orderOf(B, { smstitle: "B 的外卖" });
  const refunded = await orderOf(B, { smstitle: "B 退款的订单" });
  await push({ ...refunded, status: "9", refundType: "1", modTime: String(nowS() - DAY) });
  await orderOf(C, { smstitle: "C 的到店" });
  await orderOf(C, { smstitle: "C 的第二单", payPrice: "50.00" });
  await orderOf(D, { smstitle: "D 的订单" });
  await orderOf(E, { smstitle: "E 的订单" });
});

describe("团队订单", () => {
  it("lists exactly my level-1 and level-2 members' orders, each with my rows' net as my share", async () => {
    const items = await allTeamOrders(A);
    expect(items.map((o) => o.title).sort()).toEqual(["B 的外卖", "B 退款的订单", "C 的到店", "C 的第二单"].sort());
    for (const o of items) expect(fen(o.myShare.amount)).toBe(await rowsOfOn(A.id, [o.id]));
    expect(items.find((o) => o.title === "B 的外卖")).toMatchObject({ level: 1, myShare: { amount: "1.00", status: "estimated" }, member: { id: B.id, label: "王强 138****0002" } });
    expect(items.find((o) => o.title === "C 的到店")).toMatchObject({ level: 2, myShare: { amount: "0.50" }, member: { label: "t***@example.com" } });
    // The refunded order earns nothing: its void row counts 0.
    expect(items.find((o) => o.title === "B 退款的订单")).toMatchObject({ status: "refunded", myShare: { amount: "0.00", status: "void" } });
    // No login is ever shown in full.
    expect(JSON.stringify(items)).not.toMatch(/13800000002|team-c@/);
  });

  it("never shows a member outside my downline, nor my own or my upline's orders", async () => {
    const ofB = await allTeamOrders(B);
    expect(ofB.map((o) => o.title).sort()).toEqual(["C 的到店", "C 的第二单"]);
    expect(ofB.every((o) => o.level === 1)).toBe(true);
    expect(await allTeamOrders(C)).toEqual([]);
    expect((await allTeamOrders(D)).map((o) => o.title)).toEqual(["E 的订单"]);
    // Asking for a stranger's orders by their id gives nothing.
    expect(await allTeamOrders(A, `&memberId=${E.id}`)).toEqual([]);
    expect(await allTeamOrders(B, `&memberId=${A.id}`)).toEqual([]);
  });

  it("filters by level, status and member; pages without gaps or repeats", async () => {
    expect((await allTeamOrders(A, "&level=1")).map((o) => o.title).sort()).toEqual(["B 的外卖", "B 退款的订单"]);
    expect((await allTeamOrders(A, "&level=2")).map((o) => o.title).sort()).toEqual(["C 的到店", "C 的第二单"]);
    expect((await allTeamOrders(A, "&status=refunded")).map((o) => o.title)).toEqual(["B 退款的订单"]);
    expect((await allTeamOrders(A, `&memberId=${C.id}`)).map((o) => o.title).sort()).toEqual(["C 的到店", "C 的第二单"]);
    const paged = await allTeamOrders(A, "", 1);
    expect(paged.map((o) => o.id)).toEqual((await allTeamOrders(A)).map((o) => o.id));
    expect(new Set(paged.map((o) => o.id)).size).toBe(4);
    const bad = await get((await api()).teamOrders, "/api/me/team/orders?level=3", A);
    expect(bad.status).toBe(422);
    expect(bad.data.error.message).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe("团队订单 after a re-bind", () => {
  it("no longer lists the orders of members moved out of my team, though the rows stay mine", async () => {
    // F invites G invites H; H orders (F earns at level 2); G, who has no orders, is moved under D.
    const F = await register("team-f@example.com");
    const G = await register("team-g@example.com", F.inviteCode);
    const H = await register("team-h@example.com", G.inviteCode);
    await orderOf(H, { smstitle: "H 的订单" });
    expect((await allTeamOrders(F)).map((o) => o.title)).toEqual(["H 的订单"]);
    const { rawDb } = await import("@/lib/db");
    const { rebindInviter } = await import("@/lib/accounts/referrals");
    await rawDb().transaction(() => rebindInviter(G.id, { inviteCode: D.inviteCode, reason: "测试改绑" }, A.id));
    expect(await allTeamOrders(F)).toEqual([]);
    expect(await allTeamOrders(F, "&level=2")).toEqual([]);
    expect(await rowsOfOn(F.id, await refsOf(H))).toBe(50);
    expect((await allTeamOrders(D, "&level=2")).map((o) => o.title)).toEqual([]);
    expect((await allTeamOrders(G)).map((o) => o.title)).toEqual(["H 的订单"]);
  });
});

describe("a downline member's detail", () => {
  it("sums what they earned me from my rows on their orders, and agrees with the team list", async () => {
    const res = await get((await api()).downline, `/api/me/team/${B.id}`, A, { id: B.id });
    expect(res.status, res.text).toBe(200);
    // B's orders were paid days before B registered (they waited for the sid): registration is the later sign of life.
    expect(res.data).toMatchObject({ id: B.id, label: "王强 138****0002", name: "王强", login: "138****0002", level: 1, orders: 2, lastActiveKind: "registration", invited: 1 });
    expect(fen(res.data.earnedForMe)).toBe(await rowsOfOn(A.id, await refsOf(B)));
    const ofC = (await get((await api()).downline, `/api/me/team/${C.id}`, A, { id: C.id })).data;
    expect(ofC).toMatchObject({ level: 2, orders: 2, earnedForMe: "0.75", invited: 0 });
    const team = (await get((await api()).team, "/api/me/team", A)).data;
    expect(team.members.map((m: { id: string; earnedForMe: string }) => [m.id, m.earnedForMe]).sort()).toEqual([[B.id, res.data.earnedForMe], [C.id, ofC.earnedForMe]].sort());
  });

  it("is last active at their latest order when it came after they joined", async () => {
    // Paid a few seconds from now: surely after C registered (in this file's setup, a moment ago).
    const paid = nowS() + 5;
    await orderOf(C, { smstitle: "C 刚下的单", paytime: String(paid), modTime: String(paid) }, 0);
    const ofC = (await get((await api()).downline, `/api/me/team/${C.id}`, A, { id: C.id })).data;
    expect(ofC).toMatchObject({ orders: 3, lastActiveKind: "order", lastActiveAt: new Date(paid * 1000).toISOString() });
  });

  it("is not found for anyone outside my level-1 and level-2 team", async () => {
    for (const [as, id] of [[A, E.id], [A, D.id], [A, A.id], [B, A.id], [C, B.id], [A, "no-such-member"]] as const) {
      const res = await get((await api()).downline, `/api/me/team/${id}`, as, { id });
      expect(res.status, `${as.id} → ${id}`).toBe(404);
      expect(res.data.error.message).toBe("团队成员不存在");
    }
  });
});

describe("我的订单: tabs and search", () => {
  type Listed = { orderId: string; title: string; status: string };
  async function mine(as: Actor, query: string) {
    const res = await get((await api()).meOrders, `/api/me/orders?limit=100${query}`, as);
    expect(res.status, res.text).toBe(200);
    return res.data.items as Listed[];
  }
  it("a status tab lists only that status; the search finds by title words or order number, own orders only", async () => {
    expect((await mine(B, "&status=refunded")).map((o) => o.title)).toEqual(["B 退款的订单"]);
    expect((await mine(B, "&status=paid")).map((o) => o.title)).toEqual(["B 的外卖"]);
    expect(await mine(B, "&status=completed")).toEqual([]);
    expect((await mine(B, `&q=${encodeURIComponent("外卖")}`)).map((o) => o.title)).toEqual(["B 的外卖"]);
    const [one] = await mine(B, "&status=paid");
    expect((await mine(B, `&q=${one.orderId}`)).map((o) => o.orderId)).toEqual([one.orderId]);
    expect((await mine(B, `&q=${one.orderId.slice(3, 12)}`)).map((o) => o.orderId)).toContain(one.orderId);
    // Search and tab together; wildcards in the term are literal; another member's order is not found.
    expect(await mine(B, `&status=refunded&q=${encodeURIComponent("外卖")}`)).toEqual([]);
    expect(await mine(B, `&q=${encodeURIComponent("%")}`)).toEqual([]);
    expect(await mine(B, `&q=${encodeURIComponent("_")}`)).toEqual([]);
    expect(await mine(A, `&q=${one.orderId}`)).toEqual([]);
    const bad = await get((await api()).meOrders, "/api/me/orders?status=shipped", B);
    expect(bad.status).toBe(422);
  });
});

describe("本月预估 / 上月预估 / 上月结算", () => {
  const BJ = 8 * 3600_000;
  const monthOf = (t: number) => new Date(t + BJ).toISOString().slice(0, 7);
  const monthBefore = (month: string) => {
    const [y, m] = month.split("-").map(Number);
    return new Date(Date.UTC(y, m - 2, 1)).toISOString().slice(0, 7);
  };
  const STATUSES = ["estimated", "pending", "available", "reserved", "withdrawn", "void", "clawback"] as const;
  const row = fc.record({
    paidDaysAgo: fc.integer({ min: 0, max: 75 }),
    createdLater: fc.integer({ min: 0, max: 40 }),
    availableDaysAgo: fc.option(fc.integer({ min: 0, max: 75 }), { nil: null }),
    status: fc.constantFrom(...STATUSES),
    amountFen: fc.integer({ min: 1, max: 50_000 }),
    level: fc.constantFrom(0, 1, 2),
  });
  let n = 0;

  it("equal the sums of the ledger rows the member sees, over random ledgers", async () => {
    const { rawDb } = await import("@/lib/db");
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 0, maxLength: 12 }), async (ledger) => {
        const m = await register(`months-${n++}@example.com`);
        const now = Date.now();
        for (const [i, r] of ledger.entries()) {
          const paid = new Date(now - r.paidDaysAgo * DAY * 1000 - i * 1000);
          const created = new Date(Math.min(now, paid.getTime() + r.createdLater * DAY * 1000));
          const [o] = await rawDb().rows(
            q.insertInto("orders").values({ orderId: `m${n}-${i}-${now}`, sid: m.sid, memberId: m.id, status: "paid", upstreamStatus: "1", paidAt: paid, occurredAt: paid, statusRank: 1, source: "push", rawPayload: "{}", createdAt: paid, updatedAt: paid }).returning("id"),
          );
          const amountFen = r.status === "clawback" ? -r.amountFen : r.amountFen;
          const availableAt = r.availableDaysAgo === null ? null : new Date(now - r.availableDaysAgo * DAY * 1000);
          await rawDb().rows(
            q.insertInto("commissions").values({ orderRef: o.id, beneficiaryId: m.id, level: r.level, key: r.status === "clawback" ? "adjust:1" : "earning", baseFen: r.amountFen, rateBps: 5000, amountFen, ruleVersion: 1, status: r.status, availableAt, createdAt: created, updatedAt: created }),
          );
        }
        // What the member sees: their ledger rows, each with its order's paid time.
        const seen = (await get((await api()).commissions, "/api/me/commissions?limit=100", m)).data.items as { orderId: string; amount: string; status: string; availableAt: string | null }[];
        expect(seen).toHaveLength(ledger.length);
        const paidAt = new Map((await rows(q.selectFrom("orders").select(["orderId", "occurredAt"]).where("memberId", "=", m.id))).map((o) => [o.orderId, o.occurredAt.getTime()]));
        const current = monthOf(Date.now());
        const last = monthBefore(current);
        const sum = (pick: (r: (typeof seen)[number]) => boolean) => seen.filter(pick).reduce((t, r) => t + fen(r.amount), 0);
        const estimatedIn = (month: string) => sum((r) => r.status !== "void" && monthOf(paidAt.get(r.orderId)!) === month);
        const settledIn = (month: string) => sum((r) => ["available", "reserved", "withdrawn", "clawback"].includes(r.status) && r.availableAt !== null && monthOf(Date.parse(r.availableAt)) === month);

        const s = (await get((await api()).summary, "/api/me/summary", m)).data;
        expect(s.months).toEqual({ current, last });
        expect(fen(s.monthEstimated)).toBe(estimatedIn(current));
        expect(fen(s.lastMonthEstimated)).toBe(estimatedIn(last));
        expect(fen(s.lastMonthSettled)).toBe(settledIn(last));
      }),
      { numRuns: Number(process.env.TEAM_RUNS ?? 20) },
    );
  });

  it("count a real order's rows: paid this month is 本月预估 at every level", async () => {
    const s = (await get((await api()).summary, "/api/me/summary", A)).data;
    const mineThisMonth = await rows(
      q.selectFrom("commissions as c").innerJoin("orders as o", "o.id", "c.orderRef").select(["c.amountFen", "c.status", "o.occurredAt"]).where("c.beneficiaryId", "=", A.id),
    );
    const current = monthOf(Date.now());
    expect(fen(s.monthEstimated)).toBe(mineThisMonth.filter((r) => r.status !== "void" && monthOf(r.occurredAt.getTime()) === current).reduce((t, r) => t + r.amountFen, 0));
  });
});
