// The random sequences of everything that moves money, shared by the property tests (money invariants, rollups):
// pushes (1/8/9 with refundType 1/2/3, out of order, repeated, on different pay days and business lines),
// reconciliation raising and lowering the base, settlement, withdrawal request/approve/pay/reject (with and without
// the override reason), admin assignment.
import fc from "fast-check";
import { randomBytes, randomUUID } from "node:crypto";
import { expect } from "vitest";
import { q } from "@/lib/db/query";
import { call } from "./http";
import { pushPayload, signed } from "./push";
import type { UpstreamOrder } from "@/lib/meituan/client/types";

const HOUR = 3600;
/** The orders' pay time: five Beijing days back (a closed day), or a day or five later (the open day). */
export const T0 = Math.floor(Date.now() / 1000) - 5 * 86_400;
const FAR_FUTURE = new Date(Date.now() + 365 * 86_400_000);

type Status = "1" | "8" | "9";
type RefundType = "1" | "2" | "3";
export type Step =
  | { kind: "push"; order: number; status: Status; refundType: RefundType; t: number; payFen: number; paidDay: number; line: string }
  | { kind: "reconcile"; order: number; status: Status; refundType: RefundType; t: number; profitFen: number; refundProfitFen: number; refundFen: number | null }
  | { kind: "settle" }
  | { kind: "request"; member: number; percent: number }
  | { kind: "review"; pick: number; action: "approve" | "reject" | "pay"; override: boolean }
  | { kind: "assign"; member: number };

const status = fc.constantFrom<Status>("1", "8", "9");
const refundType = fc.constantFrom<RefundType>("1", "2", "3");
const order = fc.integer({ min: 0, max: 3 });
export const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("push" as const), order, status, refundType, t: fc.integer({ min: 0, max: 6 }), payFen: fc.integer({ min: 100, max: 40_000 }), paidDay: fc.constantFrom(0, 0, 1, 5), line: fc.constantFrom("2", "2", "4") }) },
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

export interface Team {
  members: { id: string; sid: string }[];
  /** Meituan order ids; the last one carries a sid nobody has, until an admin assigns it. */
  orders: string[];
  withdrawals: number[];
}

export const lib = async () => ({
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
export async function newTeam(): Promise<Team> {
  const { rawDb } = (await lib()).db;
  const members = [0, 1, 2].map(() => ({ id: randomUUID(), sid: randomBytes(8).toString("hex") }));
  for (const [i, m] of members.entries()) {
    await rawDb().rows(
      q.insertInto("users").values({
        id: m.id, username: `${m.sid}@example.com`, passwordHash: "x", sid: m.sid, inviteCode: m.sid.slice(0, 10).toUpperCase(), inviterId: i ? members[i - 1].id : null, createdAt: new Date(0), updatedAt: new Date(),
      }),
    );
  }
  await rawDb().rows(q.insertInto("member_balances").values(members.map((m) => ({ memberId: m.id, balanceFen: "0" }))));
  const paths = [[0, 0, 0], [1, 1, 0], [2, 2, 0], [0, 1, 1], [1, 2, 1], [0, 2, 2]].map(([a, d, depth]) => ({ ancestorId: members[a].id, descendantId: members[d].id, depth }));
  await rawDb().rows(q.insertInto("referral_paths").values(paths));
  const orders = [0, 1, 2, 3].map(() => `7${Date.now()}${randomBytes(3).toString("hex")}`.replace(/[a-f]/g, (c) => String(c.charCodeAt(0) % 10)));
  return { members, orders, withdrawals: [] };
}

/** Order i: C's (three levels) for 0 and 1, B's (two levels) for 2, nobody's for 3. */
const sidOf = (team: Team, i: number) => (i === 3 ? `nobody${team.members[0].sid.slice(0, 10)}` : team.members[i === 2 ? 1 : 2].sid);

export async function apply(team: Team, step: Step, adminId: string) {
  const l = await lib();
  const raw = l.db.rawDb();
  const expected = (e: unknown, statuses: number[]) => {
    if (!(e instanceof l.errors.ApiError) || !statuses.includes(e.status)) throw e;
  };
  switch (step.kind) {
    case "push": {
      const p = pushPayload({
        orderid: team.orders[step.order], sid: sidOf(team, step.order), status: step.status, ...(step.status === "9" ? { refundType: step.refundType } : {}),
        payPrice: l.money.fenToYuan(step.payFen), total: l.money.fenToYuan(step.payFen), ratio: "0.10", businessLine: step.line, paytime: String(T0 + step.paidDay * 86_400), ordertime: String(T0), modTime: String(T0 + step.t * HOUR),
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

