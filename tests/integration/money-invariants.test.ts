// Issue 10 item 6: random sequences of everything that moves money — pushes (1/8/9 with refundType 1/2/3, out of
// order, repeated), reconciliation raising and lowering the base, settlement, withdrawal request/approve/pay/reject
// (with and without the override reason), admin assignment — and after every step, for every member of the team:
//   可提现 (the member's summary) = Σ(可提现 + 提现中 + 已提现 + 扣回/调整 rows) − withdrawals not rejected;
//   Σ 已提现 rows = Σ paid withdrawals = 累计已提现; each withdrawal is exactly its rows;
//   every (order, level) adds up to its share of the order's base (0 when refunded or risk), no earning row above
//   its share of the base it was computed from; the stored base is orderMoneyBase's; all amounts whole fen;
// and on the dashboard Σ 会员佣金 ≤ Σ 美团佣金 on every Beijing day. fast-check shrinks a failing sequence and the
// failure prints it. Runs on SQLite and, with TEST_DATABASE=postgres, on PostgreSQL (npm test does both).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { randomBytes, randomUUID } from "node:crypto";
import { testDatabase, useTestDatabase, userId } from "../helpers/db";
import { q } from "@/lib/db/query";
import { call } from "../helpers/http";
import { pushPayload, signed, SECRET } from "../helpers/push";
import type { UpstreamOrder } from "@/lib/meituan/client/types";

process.env.MEITUAN_CALLBACK_SECRET = SECRET;
useTestDatabase();

const RUNS = Number(process.env.MONEY_RUNS ?? (testDatabase === "postgres" ? 50 : 150));
const HOUR = 3600;
const T0 = Math.floor(Date.now() / 1000) - 5 * 86_400;
const FAR_FUTURE = new Date(Date.now() + 365 * 86_400_000);
const stats = { runs: 0, steps: 0, checks: 0 };

type Status = "1" | "8" | "9";
type RefundType = "1" | "2" | "3";
type Step =
  | { kind: "push"; order: number; status: Status; refundType: RefundType; t: number; payFen: number }
  | { kind: "reconcile"; order: number; status: Status; refundType: RefundType; t: number; profitFen: number; refundProfitFen: number; refundFen: number | null }
  | { kind: "settle" }
  | { kind: "request"; member: number; percent: number }
  | { kind: "review"; pick: number; action: "approve" | "reject" | "pay"; override: boolean }
  | { kind: "assign"; member: number };

const status = fc.constantFrom<Status>("1", "8", "9");
const refundType = fc.constantFrom<RefundType>("1", "2", "3");
const order = fc.integer({ min: 0, max: 3 });
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("push" as const), order, status, refundType, t: fc.integer({ min: 0, max: 6 }), payFen: fc.integer({ min: 100, max: 40_000 }) }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("reconcile" as const), order, status, refundType, t: fc.integer({ min: 0, max: 6 }),
      profitFen: fc.integer({ min: 0, max: 4000 }), refundProfitFen: fc.integer({ min: 0, max: 1500 }), refundFen: fc.option(fc.integer({ min: 0, max: 20_000 }), { nil: null }),
    }),
  },
  { weight: 2, arbitrary: fc.constant({ kind: "settle" as const }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("request" as const), member: fc.integer({ min: 0, max: 2 }), percent: fc.integer({ min: 1, max: 100 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("review" as const), pick: fc.nat(20), action: fc.constantFrom("approve" as const, "reject" as const, "pay" as const), override: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("assign" as const), member: fc.integer({ min: 0, max: 2 }) }) },
);

interface Team {
  members: { id: string; sid: string }[];
  /** Meituan order ids; the last one carries a sid nobody has, until an admin assigns it. */
  orders: string[];
  withdrawals: number[];
}

let adminId: string;
const lib = async () => ({
  db: await import("@/lib/db"),
  withdrawals: await import("@/lib/earnings/withdrawals"),
  portal: await import("@/lib/earnings/portal"),
  settlement: await import("@/lib/earnings/settlement"),
  reconcile: await import("@/lib/reconcile/apply"),
  assign: await import("@/lib/orders/assign"),
  dashboard: await import("@/lib/admin/dashboard"),
  base: await import("@/lib/earnings/base"),
  money: await import("@/lib/money"),
  errors: await import("@/lib/api/errors"),
  callback: (await import("@/app/api/meituan/callback/route")).POST,
});

/** A fresh team per run, written directly (registration has its own tests): A invites B invites C. */
async function newTeam(): Promise<Team> {
  const { rawDb } = (await lib()).db;
  const members = [0, 1, 2].map(() => ({ id: randomUUID(), sid: randomBytes(8).toString("hex") }));
  for (const [i, m] of members.entries()) {
    await rawDb().rows(
      q.insertInto("users").values({
        id: m.id, username: `${m.sid}@example.com`, passwordHash: "x", sid: m.sid, inviteCode: m.sid.slice(0, 10).toUpperCase(), inviterId: i ? members[i - 1].id : null, createdAt: new Date(0), updatedAt: new Date(),
      }),
    );
  }
  const paths = [[0, 0, 0], [1, 1, 0], [2, 2, 0], [0, 1, 1], [1, 2, 1], [0, 2, 2]].map(([a, d, depth]) => ({ ancestorId: members[a].id, descendantId: members[d].id, depth }));
  await rawDb().rows(q.insertInto("referral_paths").values(paths));
  const orders = [0, 1, 2, 3].map(() => `7${Date.now()}${randomBytes(3).toString("hex")}`.replace(/[a-f]/g, (c) => String(c.charCodeAt(0) % 10)));
  return { members, orders, withdrawals: [] };
}

/** Order i: C's (three levels) for 0 and 1, B's (two levels) for 2, nobody's for 3. */
const sidOf = (team: Team, i: number) => (i === 3 ? `nobody${team.members[0].sid.slice(0, 10)}` : team.members[i === 2 ? 1 : 2].sid);

async function apply(team: Team, step: Step) {
  const l = await lib();
  const raw = l.db.rawDb();
  const expected = (e: unknown, statuses: number[]) => {
    if (!(e instanceof l.errors.ApiError) || !statuses.includes(e.status)) throw e;
  };
  switch (step.kind) {
    case "push": {
      const p = pushPayload({
        orderid: team.orders[step.order], sid: sidOf(team, step.order), status: step.status, ...(step.status === "9" ? { refundType: step.refundType } : {}),
        payPrice: l.money.fenToYuan(step.payFen), total: l.money.fenToYuan(step.payFen), ratio: "0.10", paytime: String(T0), ordertime: String(T0), modTime: String(T0 + step.t * HOUR),
      });
      const r = await call(l.callback as never, "/api/meituan/callback", { json: signed(p) });
      expect(r.data).toEqual({ errcode: "0", errmsg: "ok" });
      return;
    }
    case "reconcile": {
      const o: UpstreamOrder = {
        orderId: team.orders[step.order], sid: sidOf(team, step.order), upstreamStatus: step.status, refundType: step.status === "9" ? step.refundType : null, title: null, businessLine: 2,
        actId: null, payFen: 20_000, profitFen: step.profitFen, refundProfitFen: step.refundProfitFen, refundFen: step.refundFen, paidAt: new Date(T0 * 1000),
        updatedAt: new Date((T0 + step.t * HOUR) * 1000), raw: {},
      };
      await raw.transaction(() => l.reconcile.applyUpstreamOrders([o]));
      return;
    }
    case "settle":
      await l.settlement.runSettlement(raw, FAR_FUTURE);
      return;
    case "request": {
      const m = team.members[step.member];
      const balance = await raw.run(() => l.withdrawals.availableBalanceFen(m.id));
      const amountFen = Math.max(1, Math.floor((balance * step.percent) / 100));
      try {
        const w = await raw.transaction(() =>
          l.withdrawals.requestWithdrawal(m.id, { amount: l.money.fenToYuan(amountFen), payout: { method: "alipay", account: "13800138000", realName: "张三", bankName: null } }),
        );
        team.withdrawals.push(w.id);
      } catch (e) {
        expected(e, [422]); // more than the balance (or nothing to withdraw)
        expect(amountFen).toBeGreaterThan(balance);
      }
      return;
    }
    case "review": {
      if (!team.withdrawals.length) return;
      const id = team.withdrawals[step.pick % team.withdrawals.length];
      try {
        await raw.transaction(() => l.withdrawals.reviewWithdrawal(id, step.action, adminId, { overrideReason: step.override ? "已核实" : null }));
      } catch (e) {
        expected(e, [409]); // not allowed in its state, or the balance no longer covers it and no reason was given
      }
      return;
    }
    case "assign": {
      try {
        await l.assign.assignOrders({ orderIds: [team.orders[3]], member: team.members[step.member].sid, reason: "属性测试" }, adminId);
      } catch (e) {
        expected(e, [422]);
      }
      return;
    }
  }
}

const sum = (xs: number[]) => xs.reduce((t, x) => t + x, 0);

async function checkInvariants(team: Team) {
  const l = await lib();
  const raw = l.db.rawDb();
  const fen = (yuan: string) => {
    const v = l.money.parseYuanToFen(yuan);
    expect(v, `money text ${yuan}`).not.toBeNull();
    return v!;
  };
  const counted = new Set(["available", "reserved", "withdrawn", "clawback"]);
  for (const m of team.members) {
    const rows = await raw.rows(q.selectFrom("commissions").selectAll().where("beneficiaryId", "=", m.id));
    const ws = await raw.rows(q.selectFrom("withdrawals").selectAll().where("memberId", "=", m.id));
    for (const r of rows) expect(Number.isInteger(Number(r.amountFen)), `row #${r.id} amount ${r.amountFen}`).toBe(true);
    const summary = await l.portal.memberSummary(m.id);
    const notRejected = ws.filter((w) => w.status !== "rejected");
    // 可提现 as the member sees it is the sum of the rows they see, less what they asked for.
    expect(fen(summary.available), "可提现 = Σ(可提现 + 提现中 + 已提现 + 扣回/调整) − withdrawals not rejected").toBe(
      sum(rows.filter((r) => counted.has(String(r.status))).map((r) => Number(r.amountFen))) - sum(notRejected.map((w) => Number(w.amountFen))),
    );
    const paid = sum(ws.filter((w) => w.status === "paid").map((w) => Number(w.amountFen)));
    expect(sum(rows.filter((r) => r.status === "withdrawn").map((r) => Number(r.amountFen))), "Σ 已提现 rows = Σ paid withdrawals").toBe(paid);
    expect(fen(summary.withdrawn), "累计已提现").toBe(paid);
    expect(fen(summary.inReview), "提现中 = Σ reserved rows").toBe(sum(rows.filter((r) => r.status === "reserved").map((r) => Number(r.amountFen))));
    for (const w of ws) {
      const own = rows.filter((r) => Number(r.withdrawalId) === Number(w.id) && r.withdrawalId !== null);
      const want = w.status === "rejected" ? 0 : Number(w.amountFen);
      expect(sum(own.map((r) => Number(r.amountFen))), `withdrawal #${w.id} (${w.status}) is exactly its rows`).toBe(want);
      const rowStatus = w.status === "paid" ? "withdrawn" : "reserved";
      if (w.status !== "rejected") expect(own.every((r) => r.status === rowStatus), `withdrawal #${w.id} rows are ${rowStatus}`).toBe(true);
    }
    // The ledger through the member's own page says the same.
    const page = await l.portal.memberCommissions(m.id, { limit: 100 });
    if (!page.nextCursor) expect(sum(page.items.filter((c) => counted.has(c.status)).map((c) => fen(c.amount)))).toBe(sum(rows.filter((r) => counted.has(String(r.status))).map((r) => Number(r.amountFen))));
  }
  for (const orderId of team.orders) {
    const [o] = await raw.rows(q.selectFrom("orders").selectAll().where("orderId", "=", orderId));
    if (!o) continue;
    const state = {
      status: String(o.status), refundType: (o.refundType as string | null) ?? null, payFen: o.payFen === null ? null : Number(o.payFen), refundFen: o.refundFen === null ? null : Number(o.refundFen),
      ratio: (o.ratio as string | null) ?? null, commissionFen: o.commissionFen === null ? null : Number(o.commissionFen), commissionSource: (o.commissionSource as string | null) ?? null,
    };
    const money = l.base.orderMoneyBase(state);
    expect({ gmvFen: Number(o.gmvFen), baseFen: Number(o.baseFen), source: o.baseSource }, `order ${orderId}: the stored base is orderMoneyBase's`).toEqual(money);
    const rows = await raw.rows(q.selectFrom("commissions").selectAll().where("orderRef", "=", o.id));
    for (const level of new Set(rows.map((r) => Number(r.level)))) {
      const group = rows.filter((r) => Number(r.level) === level);
      const e = group.find((r) => r.key === "earning")!;
      const target = money.source === "lost" ? 0 : l.base.shareFen(money.baseFen, Number(e.rateBps));
      expect(sum(group.filter((r) => r.status !== "void").map((r) => Number(r.amountFen))), `order ${orderId} level ${level} adds up to its share of the base`).toBe(target);
      for (const r of group) {
        const amount = Number(r.amountFen);
        if (r.key === "earning" || String(r.key).startsWith("part:") || amount > 0) {
          expect(amount, `row #${r.id} (${r.key}) is not negative`).toBeGreaterThanOrEqual(0);
          expect(amount, `row #${r.id} (${r.key}) is at most its level's share of its base`).toBeLessThanOrEqual(l.base.shareFen(Number(r.baseFen), Number(r.rateBps)));
        } else expect(r.status, `negative row #${r.id} is a 扣回`).toBe("clawback");
      }
    }
  }
  const dash = await l.dashboard.dashboard("30d", new Date());
  for (const d of dash.daily) expect(fen(d.memberCommission), `${d.day}: Σ 会员佣金 ≤ Σ 美团佣金`).toBeLessThanOrEqual(fen(d.commission));
  expect(fen(dash.totals.memberCommission)).toBeLessThanOrEqual(fen(dash.totals.commission));
  stats.checks++;
}

beforeAll(async () => {
  const { upsertAdmin } = await import("@/lib/accounts/register");
  const { rawDb } = await import("@/lib/db");
  await upsertAdmin("property@example.com", "Admin-Pass-123");
  adminId = await userId("property@example.com");
  const { saveRuleVersion } = await import("@/lib/earnings/rules");
  await rawDb().transaction(() => saveRuleVersion({ levels: [{ level: 0, rateBps: 5000 }, { level: 1, rateBps: 1000 }, { level: 2, rateBps: 500 }], businessLineOverrides: [], holdDays: 0, minWithdrawal: "0.01" }, adminId));
});

afterAll(() => {
  console.log(`money invariants (${testDatabase}): ${stats.runs} runs, ${stats.steps} steps, invariants checked ${stats.checks} times`);
});

describe("money invariants", () => {
  it(`hold after every step of ${RUNS} random sequences`, { timeout: 900_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 8, maxLength: 40, size: "large" }), async (steps) => {
        const team = await newTeam();
        stats.runs++;
        for (const step of steps) {
          await apply(team, step);
          stats.steps++;
          await checkInvariants(team);
        }
      }),
      // On failure fast-check shrinks the sequence and the error names it (seed, path, counterexample, the check).
      { numRuns: RUNS },
    );
  });
});
