// Money a member can trace to rows, through the interfaces people use: a member withdraws everything, reconciliation then
// lowers an order the request covers, the admin sees the shortfall, is refused (409) until giving a reason, pays;
// afterwards every number the member sees is a sum of rows they can see, and a row explains the difference.
// Also: splits, rejections, increases, partial refunds on every view, and withdrawals made before reservations.
import { beforeAll, describe, expect, it } from "vitest";
import { count, orderOf, raw, rows, useTestDatabase, userId } from "../helpers/db";
import { q } from "@/lib/db/query";
import { call, type Actor } from "../helpers/http";
import { pushPayload, signed, SECRET } from "../helpers/push";
import type { UpstreamOrder } from "@/lib/meituan/client/types";
import { beijingDay } from "@/lib/time";

process.env.MEITUAN_CALLBACK_SECRET = SECRET;
useTestDatabase();

const DAY = 86_400;
const nowS = () => Math.floor(Date.now() / 1000);
const route = async (path: string) => (await import(`@/app/api/${path}/route`)) as Record<string, never>;

type Member = Actor & { sid: string; inviteCode: string; username: string };
let A: Member, B: Member, C: Member, admin: Actor;

async function register(username: string, inviteCode?: string): Promise<Member> {
  const r = await call((await route("register")).POST, "/api/register", { json: { username, agreed: true, password: "Password-123", inviteCode } });
  expect(r.status).toBe(201);
  return { id: r.data.id, role: "MEMBER", sid: r.data.sid, inviteCode: r.data.inviteCode, username };
}
async function push(p: Record<string, unknown>) {
  const res = await call((await route("meituan/callback")).POST, "/api/meituan/callback", { json: signed(p) });
  expect(res.data).toEqual({ errcode: "0", errmsg: "ok" });
}
/** C's order paid 40 days ago and completed 30 days ago (past the hold), our commission payPrice × 10%. */
async function settledOrder(payPrice: string) {
  const p = pushPayload({ sid: C.sid, payPrice, total: payPrice, ratio: "0.10", paytime: String(nowS() - 40 * DAY), modTime: String(nowS() - 40 * DAY) });
  await push(p);
  await push({ ...p, status: "8", modTime: String(nowS() - 30 * DAY) });
  return p;
}
async function settle() {
  expect((await call((await route("admin/settlement/run")).POST, "/api/admin/settlement/run", { method: "POST", as: admin })).status).toBe(200);
}
async function summary(m: Actor) {
  return (await call((await route("me/summary")).GET, "/api/me/summary", { as: m })).data;
}
type LedgerRow = { id: number; orderId: string; level: number; kind: string; amount: string; status: string; reason: string | null; withdrawalId: number | null };
async function ledger(m: Actor): Promise<LedgerRow[]> {
  const res = await call((await route("me/commissions")).GET, "/api/me/commissions?limit=100", { as: m });
  expect(res.status).toBe(200);
  return res.data.items;
}
async function withdrawals(m: Actor) {
  return (await call((await route("me/withdrawals")).GET, "/api/me/withdrawals?limit=100", { as: m })).data.items as { id: number; amount: string; status: string }[];
}
const fen = (yuan: string) => Math.round(Number(yuan) * 100);
const total = (rows: { amount: string }[]) => rows.reduce((t, r) => t + fen(r.amount), 0);

/** What must hold for every member at every moment (every balance is a sum of their rows), checked through the member's own pages. */
async function expectBalancesExplained(m: Actor) {
  const [s, rows, ws] = await Promise.all([summary(m), ledger(m), withdrawals(m)]);
  const counted = rows.filter((r) => ["available", "reserved", "withdrawn", "clawback"].includes(r.status));
  const notRejected = ws.filter((w) => w.status !== "rejected");
  expect(fen(s.available)).toBe(total(counted) - total(notRejected));
  expect(total(rows.filter((r) => r.status === "withdrawn"))).toBe(total(ws.filter((w) => w.status === "paid")));
  expect(fen(s.withdrawn)).toBe(total(ws.filter((w) => w.status === "paid")));
  expect(fen(s.inReview)).toBe(total(rows.filter((r) => r.status === "reserved")));
  for (const w of ws) {
    const own = rows.filter((r) => r.withdrawalId === w.id);
    expect(total(own)).toBe(w.status === "rejected" ? 0 : fen(w.amount));
  }
}

async function withdraw(m: Actor, amount: string) {
  return call((await route("me/withdrawals")).POST, "/api/me/withdrawals", { json: { amount, method: "alipay", account: "13800138000", realName: "王小明" }, as: m });
}
async function review(id: number, action: string, json: Record<string, string> = {}) {
  return call((await route("admin/withdrawals/[id]/[action]")).POST, `/api/admin/withdrawals/${id}/${action}`, { method: "POST", json, as: admin, params: { id: String(id), action } });
}
async function queueItem(id: number) {
  const q = await call((await route("admin/withdrawals")).GET, "/api/admin/withdrawals?limit=100", { as: admin });
  return q.data.items.find((w: { id: number }) => w.id === id);
}

/** Reconciliation brings Meituan's numbers for these orders, through a real sync run. */
async function reconcile(orders: Partial<UpstreamOrder>[]) {
  const { rawDb } = await import("@/lib/db");
  const { runSync } = await import("@/lib/reconcile/run");
  const full = orders.map((o) => ({ sid: null, upstreamStatus: "8", refundType: null, title: null, businessLine: 2, actId: null, payFen: null, profitFen: null, refundProfitFen: null, paidAt: null, updatedAt: null, raw: {}, ...o }) as UpstreamOrder);
  const from = new Date(Date.now() - 3600_000);
  const r = await runSync(rawDb(), { async *listOrders() { yield full; } }, { from, to: new Date(from.getTime() + 1000), trigger: "cli" });
  expect(r.status).toBe("done");
  return (r as { runId: number }).runId;
}

beforeAll(async () => {
  A = await register("truth-a@example.com");
  B = await register("truth-b@example.com", A.inviteCode);
  C = await register("truth-c@example.com", B.inviteCode);
  const { upsertAdmin } = await import("@/lib/accounts/register");
  await upsertAdmin("boss@example.com", "Admin-Pass-123");
  admin = { id: await userId("boss@example.com"), role: "ADMIN" };
  // Old accounts: the risk flags of new ones are tested in admin.test.ts.
  await rows(q.updateTable("users").set({ createdAt: new Date(Date.now() - 90 * 86_400_000) }));
  const r = await call((await route("admin/settings/commission")).PUT, "/api/admin/settings/commission", {
    method: "PUT", as: admin, json: { levels: [{ level: 0, rateBps: 5000 }, { level: 1, rateBps: 1000 }, { level: 2, rateBps: 500 }], holdDays: 15, minWithdrawal: "1.00" },
  });
  expect(r.status).toBe(200);
});

describe("a withdrawal whose orders reconciliation lowers afterwards", () => {
  it("reserves what it covers; a lowering after the request is a 扣回 row; paying is refused until a reason is given", async () => {
    // C earns 50% of ¥18.88 and of ¥1.12: ¥9.44 + ¥0.56 = ¥10.00 available.
    const big = await settledOrder("188.80");
    await settledOrder("11.20");
    await settle();
    expect((await summary(C)).available).toBe("10.00");

    const w = await withdraw(C, "10.00");
    expect(w.status).toBe(201);
    expect(w.data).toMatchObject({ amount: "10.00", rows: 2 });
    let rows = await ledger(C);
    expect(rows.filter((r) => r.status === "reserved").map((r) => r.amount).sort()).toEqual(["0.56", "9.44"]);
    expect((await summary(C)).available).toBe("0.00");
    await expectBalancesExplained(C);

    // Meituan's profit for the big order is half the estimate: 美团佣金 ¥18.88 → ¥9.44, C's share ¥9.44 → ¥4.72.
    const runId = await reconcile([{ orderId: big.orderid as string, sid: C.sid, upstreamStatus: "8", payFen: 18880, profitFen: 944, refundProfitFen: 0 }]);
    rows = await ledger(C);
    const reserved = rows.find((r) => r.orderId === big.orderid && r.kind === "earning")!;
    expect(reserved).toMatchObject({ status: "reserved", amount: "9.44", withdrawalId: w.data.id });
    const claw = rows.find((r) => r.orderId === big.orderid && r.kind === "clawback")!;
    expect(claw).toMatchObject({ status: "clawback", amount: "-4.72", reason: `对账下调：订单 ${big.orderid} 美团佣金 ¥18.88 → ¥9.44（对账 #${runId}）` });
    expect((await summary(C)).available).toBe("-4.72");
    await expectBalancesExplained(C);
    // B and A follow at their levels.
    expect((await ledger(B)).find((r) => r.orderId === big.orderid)).toMatchObject({ amount: "0.94", status: "available" });

    // The queue shows the balance, what the request leaves, and how its orders moved.
    expect((await queueItem(w.data.id)).coverage).toEqual({ availableWithout: "5.28", leaves: "-4.72", covered: false, changedSinceRequest: "-4.72" });
    const refused = await review(w.data.id, "approve");
    expect(refused.status).toBe(409);
    expect(refused.data.error.message).toBe("会员当前可提现为 ¥-4.72（本笔覆盖的订单此后被扣回 ¥4.72），余额已不足以支付这笔 ¥10.00 的提现，将多付 ¥4.72。如确认仍要通过，请填写原因。");
    expect((await review(w.data.id, "approve", { overrideReason: "已与会员确认，差额从下月佣金扣" })).data.status).toBe("approved");
    expect((await review(w.data.id, "pay")).status).toBe(409);
    const paid = await review(w.data.id, "pay", { note: "支付宝流水 0001", overrideReason: "已打款，差额下月扣回" });
    expect(paid.data).toMatchObject({ status: "paid", overrideReason: "已打款，差额下月扣回" });

    const s = await summary(C);
    expect(s).toMatchObject({ withdrawn: "10.00", available: "-4.72", clawbacks: "-4.72" });
    rows = await ledger(C);
    expect(total(rows.filter((r) => r.status === "withdrawn"))).toBe(1000);
    await expectBalancesExplained(C);

    // Audited, and on the order's timeline.
    const overrides = await (await raw()).rows(q.selectFrom("audit_logs").selectAll().where("action", "=", "withdrawal.override").where("targetId", "=", String(w.data.id)).orderBy("id", "asc"));
    expect(overrides.map((a) => a.reason)).toEqual(["已与会员确认，差额从下月佣金扣", "已打款，差额下月扣回"]);
    const detail = await call((await route("admin/orders/[orderId]")).GET, `/api/admin/orders/${big.orderid}`, { as: admin, params: { orderId: big.orderid as string } });
    const titles = detail.data.timeline.map((t: { title: string; detail: string | null }) => `${t.title} ${t.detail ?? ""}`);
    expect(titles.some((t: string) => t.includes(`余额不足仍通过/打款（提现 #${w.data.id}）`) && t.includes("已打款，差额下月扣回"))).toBe(true);
    // The order's money, one base for the page: 美团佣金 ¥9.44 from Meituan, shares 4.72 / 0.94 / 0.47.
    expect(detail.data.money).toMatchObject({ commission: "9.44", commissionSource: "profit", memberCommission: "6.13", margin: "3.31" });
    expect(detail.data.money.levels.map((l: { level: number; amount: string }) => [l.level, l.amount])).toEqual([[0, "4.72"], [1, "0.94"], [2, "0.47"]]);
  });

  it("later earnings net the 扣回 off", async () => {
    await settledOrder("200.00"); // C: ¥10.00
    await settle();
    expect((await summary(C)).available).toBe("5.28");
    const w = await withdraw(C, "5.28");
    expect(w.status).toBe(201);
    await expectBalancesExplained(C);
    expect((await summary(C)).available).toBe("0.00");
  });
});

describe("reservations", () => {
  let D: Member;
  beforeAll(async () => {
    D = await register("truth-d@example.com");
    await rows(q.updateTable("users").set({ createdAt: new Date(Date.now() - 90 * 86_400_000) }).where("id", "=", D.id));
  });
  async function dOrder(payPrice: string) {
    const p = pushPayload({ sid: D.sid, payPrice, total: payPrice, ratio: "0.10", paytime: String(nowS() - 40 * DAY), modTime: String(nowS() - 40 * DAY) });
    await push(p);
    await push({ ...p, status: "8", modTime: String(nowS() - 30 * DAY) });
    await settle();
    return p;
  }

  it("the member sees the final amount before confirming; the last row is split", async () => {
    const p = await dOrder("100.00"); // D: ¥5.00
    const preview = await call((await route("me/withdrawals/preview")).POST, "/api/me/withdrawals/preview", { json: { amount: "3.00" }, as: D });
    expect(preview.data).toMatchObject({ amount: "3.00", balanceAfter: "2.00", rows: [{ orderId: p.orderid, level: 0, amount: "3.00", split: true }], account: null });
    const w = await call((await route("me/withdrawals")).POST, "/api/me/withdrawals", { json: { amount: "3.00" }, as: D });
    expect(w.status).toBe(422);
    expect(w.data.error.message).toBe("请先填写收款账户");
    const saved = await call((await route("me/payout-account")).PUT, "/api/me/payout-account", { method: "PUT", json: { method: "bank", account: "6222 0212 3456 7890 128", realName: "赵六", bankName: "工商银行" }, as: D });
    expect(saved.status).toBe(200);
    expect(saved.data.account).toEqual({ method: "bank", account: "**** **** **** 0128", realName: "赵六", bankName: "工商银行" });
    const ok = await call((await route("me/withdrawals")).POST, "/api/me/withdrawals", { json: { amount: "3.00" }, as: D });
    expect(ok.status).toBe(201);
    const rows = await ledger(D);
    expect(rows.map((r) => [r.kind, r.status, r.amount]).sort()).toEqual([["earning", "available", "2.00"], ["part", "reserved", "3.00"]]);
    await expectBalancesExplained(D);
    // The withdrawal keeps the account it was made with, masked in lists.
    expect((await withdrawals(D))[0]).toMatchObject({ amount: "3.00", account: "**** **** **** 0128" });

    // The base rises: the unreserved remainder follows; the reserved part does not move.
    const runId = await reconcile([{ orderId: p.orderid as string, sid: D.sid, payFen: 10000, profitFen: 1200, refundProfitFen: 0 }]);
    expect((await ledger(D)).map((r) => [r.kind, r.status, r.amount]).sort()).toEqual([["earning", "available", "3.00"], ["part", "reserved", "3.00"]]);
    // Lowered below what the request holds: the remainder goes to 0 and a 扣回 takes back the rest.
    await reconcile([{ orderId: p.orderid as string, sid: D.sid, payFen: 10000, profitFen: 400, refundProfitFen: 0 }]);
    const after = await ledger(D);
    expect(after.map((r) => [r.kind, r.status, r.amount]).sort()).toEqual([["clawback", "clawback", "-1.00"], ["earning", "available", "0.00"], ["part", "reserved", "3.00"]]);
    expect(runId).toBeGreaterThan(0);
    await expectBalancesExplained(D);

    // Rejected: the part comes back to 可提现 at the amount it was reserved at, with why.
    expect((await review(ok.data.id, "reject", { note: "账户信息有误" })).data.status).toBe("rejected");
    const released = await ledger(D);
    expect(released.find((r) => r.kind === "part")).toMatchObject({ status: "available", amount: "3.00", reason: `提现 #${ok.data.id} 已驳回，退回可提现`, withdrawalId: null });
    expect((await summary(D)).available).toBe("2.00");
    await expectBalancesExplained(D);

    // Raised again while nothing is reserved: the group is past a 扣回, so the difference is a positive 调整.
    await reconcile([{ orderId: p.orderid as string, sid: D.sid, payFen: 10000, profitFen: 1000, refundProfitFen: 0 }]);
    const raised = await ledger(D);
    expect(raised.find((r) => r.kind === "adjustment")).toMatchObject({ status: "available", amount: "3.00" });
    expect((await summary(D)).available).toBe("5.00");
    await expectBalancesExplained(D);
  });

  it("a full refund after payout is a 扣回 at every level that was paid", async () => {
    const p = await dOrder("60.00"); // D: ¥3.00
    const bal = (await summary(D)).available;
    const w = await call((await route("me/withdrawals")).POST, "/api/me/withdrawals", { json: { amount: bal }, as: D });
    expect(w.status).toBe(201);
    await review(w.data.id, "approve");
    await review(w.data.id, "pay");
    await push({ ...p, status: "9", refundType: "1", modTime: String(nowS() - DAY) });
    const mine = (await ledger(D)).filter((r) => r.orderId === p.orderid);
    expect(mine.find((r) => r.kind === "clawback")).toMatchObject({ amount: "-3.00", reason: `订单退款：订单 ${p.orderid} 美团佣金 ¥6.00 → ¥0.00` });
    await expectBalancesExplained(D);
  });
});

describe("one base for every view", () => {
  it("a partial refund counts what remains, on the dashboard, the list, the CSV and the member's pages; a full refund counts 0", async () => {
    const E = await register("truth-e@example.com", A.inviteCode);
    const paytime = nowS() - 2 * DAY;
    const p = pushPayload({ sid: E.sid, payPrice: "100.00", total: "100.00", ratio: "0.10", paytime: String(paytime), modTime: String(paytime) });
    await push(p);
    await push({ ...p, status: "9", refundType: "2", modTime: String(paytime + 3600) });
    // Meituan: ¥40.00 refunded, profit ¥10.00 − refundprofit ¥4.00.
    await reconcile([{ orderId: p.orderid as string, sid: E.sid, upstreamStatus: "9", refundType: "2", payFen: 10000, refundFen: 4000, profitFen: 1000, refundProfitFen: 400 }]);
    const full = pushPayload({ sid: E.sid, payPrice: "50.00", total: "50.00", ratio: "0.10", paytime: String(paytime), modTime: String(paytime) });
    await push(full);
    await push({ ...full, status: "9", refundType: "1", modTime: String(paytime + 60) });

    const list = await call((await route("admin/orders")).GET, `/api/admin/orders?memberId=${E.id}`, { as: admin });
    const byId = new Map(list.data.items.map((o: { orderId: string; money: unknown }) => [o.orderId, o.money]));
    expect(byId.get(p.orderid)).toMatchObject({ gmv: "60.00", refund: "40.00", commission: "6.00", commissionSource: "profit", memberCommission: "3.60", margin: "2.40" });
    expect(byId.get(full.orderid)).toMatchObject({ gmv: "0.00", commission: "0.00", commissionSource: "lost", memberCommission: "0.00" });
    const totals = await call((await route("admin/orders/totals")).GET, `/api/admin/orders/totals?memberId=${E.id}`, { as: admin });
    expect(totals.data).toEqual({ count: 2, gmv: "60.00", commission: "6.00", memberCommission: "3.60", margin: "2.40" });

    const csv = await call((await route("admin/orders/export.csv")).GET, `/api/admin/orders/export.csv?orderId=${p.orderid}`, { as: admin });
    const [header, row] = csv.text.replace(/^\uFEFF/, "").trim().split("\r\n").map((l) => l.split(","));
    const col = (name: string) => row[header.indexOf(name)];
    expect([col("计入 GMV"), col("计入 GMV 来源"), col("美团佣金"), col("美团佣金来源"), col("自己（L0）佣金"), col("一级（L1）佣金"), col("会员佣金合计"), col("毛利")]).toEqual([
      "60.00", "实付 − 美团退款", "6.00", "美团对账佣金", "3.00", "0.60", "3.60", "2.40",
    ]);

    const mine = (await call((await route("me/orders")).GET, "/api/me/orders", { as: E })).data.items;
    expect(mine.find((o: { orderId: string }) => o.orderId === p.orderid).commission).toMatchObject({ amount: "3.00", base: "6.00", baseSource: "profit" });
    expect(mine.find((o: { orderId: string }) => o.orderId === full.orderid).commission).toMatchObject({ amount: "0.00", status: "void" });

    const dash = await call((await route("admin/dashboard")).GET, "/api/admin/dashboard?range=7d", { as: admin });
    const day = dash.data.daily.find((d: { day: string }) => d.day === beijingDay(new Date(paytime * 1000)));
    expect(fen(day.memberCommission)).toBeLessThanOrEqual(fen(day.commission));
    for (const d of dash.data.daily) expect(fen(d.memberCommission)).toBeLessThanOrEqual(fen(d.commission));
  });
});

describe("withdrawals made before reservations", () => {
  it("get their rows: paid ones what they paid, pending ones a reservation, and a row explains what nothing covers", async () => {
    const { rawDb } = await import("@/lib/db");
    const raw = rawDb();
    const F = await register("truth-f@example.com");
    const at = new Date(Date.now() - 20 * 86_400_000);
    // The old ledger's state: rows of ¥6.00, ¥4.00 and ¥5.00; a paid ¥10.00 withdrawal that marked only the ¥6.00
    // row withdrawn (whole rows only); the ¥4.00 row then recomputed to ¥2.00; a pending ¥5.00.
    const orders: number[] = [];
    for (const [i, amount] of [600, 400, 500].entries()) {
      const p = pushPayload({ sid: "legacysid0000000", payPrice: "1.00", ratio: "0.10" });
      await push(p);
      const [o] = await raw.rows(
        q.updateTable("orders").set({ memberId: F.id, updatedAt: new Date() }).where("platform", "=", "union").where("orderId", "=", p.orderid as string).returning("id"),
      );
      orders.push(o.id);
      await raw.rows(
        q.insertInto("commissions").values({
          orderRef: o.id, beneficiaryId: F.id, level: 0, key: "earning", baseFen: amount * 2, rateBps: 5000, amountFen: i === 1 ? 200 : amount, ruleVersion: 1,
          status: i === 0 ? "withdrawn" : "available", availableAt: new Date(at.getTime() + i * 1000), createdAt: at, updatedAt: at,
        }),
      );
    }
    for (const [amount, status] of [[1000, "paid"], [500, "pending"]] as const) {
      await raw.rows(q.insertInto("withdrawals").values({ memberId: F.id, amountFen: amount, method: "alipay", account: "13800138000", status, requestedAt: at, legacy: true }));
    }
    const before = (await summary(F)).available;
    const { attachAllLegacyWithdrawals } = await import("@/lib/earnings/legacy");
    expect(await attachAllLegacyWithdrawals(raw)).toBe(1);
    expect(await attachAllLegacyWithdrawals(raw)).toBe(0);
    expect((await summary(F)).available).toBe(before);
    expect(before).toBe("-2.00"); // 6 + 2 + 5 − 10 − 5: ¥2.00 that no row explained
    await expectBalancesExplained(F);
    const rows = await ledger(F);
    const ws = await withdrawals(F);
    const pendingId = ws.find((w) => w.status === "pending")!.id;
    // The paid one took ¥6.00 + ¥2.00 + ¥2.00 of the ¥5.00 row; the pending one the ¥3.00 left, and ¥2.00 explained.
    expect(rows.filter((r) => r.withdrawalId === pendingId).map((r) => [r.status, r.amount]).sort()).toEqual([["reserved", "2.00"], ["reserved", "3.00"]]);
    expect(rows.find((r) => r.kind === "clawback")).toMatchObject({ amount: "-2.00", reason: `提现 #${pendingId} 覆盖的佣金此后已下调，差额扣回（历史数据）` });
  });
});

describe("payout batches", () => {
  it("exports approved withdrawals as a CSV with the full account, marks the whole batch paid once, audited", async () => {
    const G = await register("truth-g@example.com");
    await rows(q.updateTable("users").set({ createdAt: new Date(Date.now() - 90 * 86_400_000) }).where("id", "=", G.id));
    const p = pushPayload({ sid: G.sid, payPrice: "100.00", total: "100.00", ratio: "0.10", paytime: String(nowS() - 40 * DAY), modTime: String(nowS() - 40 * DAY) });
    await push(p);
    await push({ ...p, status: "8", modTime: String(nowS() - 30 * DAY) });
    await settle();
    const ids: number[] = [];
    for (const amount of ["2.00", "3.00"]) {
      const w = await call((await route("me/withdrawals")).POST, "/api/me/withdrawals", {
        json: { amount, method: "bank", account: "6222021234567890128", realName: "钱七", bankName: "工商银行" },
        as: G,
      });
      expect(w.status).toBe(201);
      ids.push(w.data.id);
      await review(w.data.id, "approve");
    }
    const made = await call((await route("admin/payout-batches")).POST, "/api/admin/payout-batches", { method: "POST", as: admin });
    expect(made.status).toBe(201);
    expect(made.data).toMatchObject({ status: "exported", count: expect.any(Number) });
    const again = await call((await route("admin/payout-batches")).POST, "/api/admin/payout-batches", { method: "POST", as: admin });
    expect(again.status).toBe(409);
    const csv = await call((await route("admin/payout-batches/[id]/export.csv")).GET, `/api/admin/payout-batches/${made.data.id}/export.csv`, { as: admin, params: { id: String(made.data.id) } });
    const lines = csv.text.replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(lines[0]).toBe("序号,提现单号,收款方式,收款账号,收款人真实姓名,开户银行,金额（元）,会员,申请时间（北京）,当前状态");
    const mine = lines.filter((l) => l.includes("钱七"));
    expect(mine).toHaveLength(2);
    expect(mine[0]).toContain("\t6222021234567890128,钱七,工商银行,2.00");
    // Listed masked.
    const listed = await call((await route("admin/withdrawals")).GET, `/api/admin/withdrawals?batchId=${made.data.id}`, { as: admin });
    expect(listed.data.items.find((w: { id: number }) => w.id === ids[0]).account).toBe("**** **** **** 0128");

    const pay = async () => call((await route("admin/payout-batches/[id]/pay")).POST, `/api/admin/payout-batches/${made.data.id}/pay`, { method: "POST", json: {}, as: admin, params: { id: String(made.data.id) } });
    const first = await pay();
    expect(first.status).toBe(200);
    expect(first.data).toMatchObject({ alreadyPaid: false, batch: { status: "paid" } });
    expect(first.data.paid).toEqual(expect.arrayContaining(ids));
    const second = await pay();
    expect(second.data).toMatchObject({ alreadyPaid: true, paid: [] });
    expect(await count(q.selectFrom("audit_logs").where("action", "=", "payout_batch.pay").where("targetId", "=", String(made.data.id)))).toBe(1);
    expect((await withdrawals(G)).every((w) => w.status === "paid")).toBe(true);
    await expectBalancesExplained(G);
  });
});

describe("confirmations show the amount and who it affects", () => {
  it("settlement, assignment and a reprocessed range say what they would do, changing nothing", async () => {
    const H = await register("truth-h@example.com", B.inviteCode);
    const p = pushPayload({ sid: "strangersid00001", payPrice: "100.00", ratio: "0.10", paytime: String(nowS() - 40 * DAY), modTime: String(nowS() - 40 * DAY) });
    await push(p);
    await push({ ...p, status: "8", modTime: String(nowS() - 30 * DAY) });
    const preview = await call((await route("admin/orders/assign/preview")).POST, "/api/admin/orders/assign/preview", { json: { orderIds: [p.orderid, "nosuchorder"], member: H.sid }, as: admin });
    expect(preview.status).toBe(200);
    expect(preview.data).toMatchObject({ member: { id: H.id }, assigned: [p.orderid], skipped: [{ orderId: "nosuchorder", message: "订单不存在" }] });
    expect(preview.data.money).toMatchObject({ total: "6.50", memberCount: 3 });
    expect(preview.data.money.members.map((m: { username: string; change: string }) => [m.username, m.change])).toEqual([[H.username, "5.00"], [B.username, "1.00"], [A.username, "0.50"]]);
    expect((await orderOf(p.orderid as string)).memberId).toBeNull();

    const settlement = await call((await route("admin/settlement/preview")).GET, "/api/admin/settlement/preview", { as: admin });
    expect(settlement.data).toEqual({ rows: expect.any(Number), amount: expect.stringMatching(/^\d+\.\d{2}$/), members: expect.any(Number) });

    const today = beijingDay(new Date());
    const dry = await call((await route("admin/pushes/dry-run")).POST, "/api/admin/pushes/dry-run", { json: { from: today, to: today }, as: admin });
    expect(dry.data.money).toMatchObject({ total: "0.00", memberCount: 0 });
  });
});
