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
import { testDatabase, useTestDatabase, userId } from "../helpers/db";
import { q } from "@/lib/db/query";
import { SECRET } from "../helpers/push";
import { apply, lib, newTeam, stepArb, type Team } from "../helpers/money-steps";

process.env.MEITUAN_CALLBACK_SECRET = SECRET;
useTestDatabase();

const RUNS = Number(process.env.MONEY_RUNS ?? (testDatabase === "postgres" ? 50 : 150));
const stats = { runs: 0, steps: 0, checks: 0 };
let adminId: string;
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
          await apply(team, step, adminId);
          stats.steps++;
          await checkInvariants(team);
        }
      }),
      // On failure fast-check shrinks the sequence and the error names it (seed, path, counterexample, the check).
      { numRuns: RUNS },
    );
  });
});
