// What a member sees of their money: summary, per-day earnings, ledger rows, team, withdrawals.
import { z } from "zod";
import { cursorParam, limitParam, MAX_INT4 } from "../api/params";
import { db, rawDb } from "../db";
import { afterCursor, encodeCursor } from "../api/cursor";
import { fenToYuan } from "../money";
import { beijingDay, beijingDayStart } from "../time";
import { availableBalanceFen } from "./withdrawals";
import { maskAccount, maskUsername } from "./payout";
import { currentRule } from "./rules";
import { commissionKind, commissionRowReason } from "../labels";

const sumBy = async (sql: string, params: unknown[]) => Number((await rawDb().query(sql, params))[0]?.total ?? 0);

export async function memberSummary(memberId: string, now = new Date()) {
  const raw = rawDb();
  const byStatus = await raw.query(
    `SELECT "status", COALESCE(SUM("amountFen"), 0) AS "total" FROM commissions WHERE "beneficiaryId" = ? GROUP BY "status"`,
    [memberId],
  );
  const status = (s: string) => Number(byStatus.find((r) => r.status === s)?.total ?? 0);
  const today = beijingDay(now);
  const earnedSince = (from: Date) =>
    sumBy(
      `SELECT COALESCE(SUM(c."amountFen"), 0) AS "total" FROM commissions c JOIN orders o ON o."id" = c."orderRef"
       WHERE c."beneficiaryId" = ? AND c."status" <> 'void' AND o."occurredAt" >= ? AND c."createdAt" >= ?`,
      // Rows are written after their order is paid: bounding createdAt (with a day's margin) lets the index do the work.
      [memberId, from, new Date(from.getTime() - 86_400_000)],
    );
  const [balance, rule, paid, inReview, todayFen, monthFen] = await Promise.all([
    raw.run(() => availableBalanceFen(memberId)),
    raw.run(() => currentRule()),
    sumBy(`SELECT COALESCE(SUM("amountFen"), 0) AS "total" FROM withdrawals WHERE "memberId" = ? AND "status" = 'paid'`, [memberId]),
    sumBy(`SELECT COALESCE(SUM("amountFen"), 0) AS "total" FROM withdrawals WHERE "memberId" = ? AND "status" IN ('pending', 'approved')`, [memberId]),
    earnedSince(beijingDayStart(today)),
    earnedSince(beijingDayStart(`${today.slice(0, 7)}-01`)),
  ]);
  return {
    estimated: fenToYuan(status("estimated")),
    pending: fenToYuan(status("pending")),
    available: fenToYuan(balance),
    // 可提现 as rows: available rows (earnings and 调整) plus every 扣回 (negative), netted against them.
    availableRows: fenToYuan(status("available")),
    clawbacks: fenToYuan(status("clawback")),
    reserved: fenToYuan(status("reserved")),
    withdrawn: fenToYuan(paid),
    inReview: fenToYuan(inReview),
    todayEstimated: fenToYuan(todayFen),
    monthEstimated: fenToYuan(monthFen),
    minWithdrawal: fenToYuan(rule.minWithdrawalFen),
  };
}

export const DailyQuery = z.object({ days: z.coerce.number().int("days 必须是整数").min(1, "days 至少为 1").max(366, "days 最多为 366").default(30) });

/** Earnings net of clawbacks (void rows excluded) per Beijing day of the order, oldest first, zeros included. */
export async function memberDailyEarnings(memberId: string, days: number, now = new Date()) {
  const dayList: string[] = [];
  for (let i = days - 1; i >= 0; i--) dayList.push(beijingDay(new Date(now.getTime() - i * 86_400_000)));
  const rows = await rawDb().query(
    `SELECT c."amountFen", o."occurredAt" FROM commissions c JOIN orders o ON o."id" = c."orderRef"
     WHERE c."beneficiaryId" = ? AND c."status" <> 'void' AND o."occurredAt" >= ? AND c."createdAt" >= ?`,
    [memberId, beijingDayStart(dayList[0]), new Date(beijingDayStart(dayList[0]).getTime() - 86_400_000)],
  );
  const totals = new Map(dayList.map((d) => [d, 0]));
  for (const r of rows) {
    const day = beijingDay(new Date(r.occurredAt as string | Date));
    if (totals.has(day)) totals.set(day, totals.get(day)! + Number(r.amountFen));
  }
  return { days: dayList.map((day) => ({ day, amount: fenToYuan(totals.get(day)!) })) };
}

export const CommissionPageQuery = z.object({
  cursor: cursorParam,
  limit: limitParam(20),
});

export function commissionDto(
  c: {
    id: number; level: number; key: string; baseFen: number; rateBps: number; amountFen: number; status: string; ruleVersion: number; availableAt: Date | null;
    reason: string | null; withdrawalId: number | null; causeKind: string | null; causeRunId: number | null; fromBaseFen: number | null; toBaseFen: number | null; createdAt: Date;
  },
  order: { orderId: string; title: string | null } | undefined,
) {
  return {
    id: c.id,
    orderId: order?.orderId ?? null,
    orderTitle: order?.title ?? null,
    level: c.level,
    kind: commissionKind(c.key, c.amountFen),
    base: fenToYuan(c.baseFen),
    rateBps: c.rateBps,
    amount: fenToYuan(c.amountFen),
    status: c.status,
    ruleVersion: c.ruleVersion,
    availableAt: c.availableAt?.toISOString() ?? null,
    reason: commissionRowReason(c, order?.orderId ?? null),
    withdrawalId: c.withdrawalId,
    createdAt: c.createdAt.toISOString(),
  };
}

export const MemberCommissionQuery = CommissionPageQuery.extend({
  withdrawalId: z.coerce.number({ error: "提现单号无效" }).int("提现单号无效").positive("提现单号无效").max(MAX_INT4, "提现单号无效").optional(),
});

export async function memberCommissions(memberId: string, q: z.infer<typeof MemberCommissionQuery>) {
  const rows = await db().commission.findMany({
    where: { AND: [{ beneficiaryId: memberId }, q.withdrawalId ? { withdrawalId: q.withdrawalId } : {}, afterCursor("createdAt", q.cursor)] },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: q.limit + 1,
  });
  const items = rows.slice(0, q.limit);
  const orders = await db().order.findMany({ where: { id: { in: [...new Set(items.map((r) => r.orderRef))] } }, select: { id: true, orderId: true, title: true } });
  const byRef = new Map(orders.map((o) => [o.id, o]));
  const last = items[items.length - 1];
  return {
    items: items.map((c) => commissionDto(c, byRef.get(c.orderRef))),
    nextCursor: rows.length > q.limit && last ? encodeCursor(last.createdAt, last.id) : null,
  };
}

/**
 * The member's own (level 0) share of each order, for "why this amount" on the order list: the order's base (the
 * one every view uses), the rate, and the rows that make the share up (a part a withdrawal took, 扣回/调整).
 */
export async function ownCommissionsFor(memberId: string, orders: { id: number; orderId: string; baseFen: number; baseSource: string }[]) {
  const out = new Map<number, ReturnType<typeof ownShareDto>>();
  if (!orders.length) return out;
  const rows = await db().commission.findMany({ where: { beneficiaryId: memberId, level: 0, orderRef: { in: orders.map((o) => o.id) } }, orderBy: { id: "asc" } });
  for (const o of orders) {
    const mine = rows.filter((r) => r.orderRef === o.id);
    const earning = mine.find((r) => r.key === "earning");
    if (earning) out.set(o.id, ownShareDto(earning, mine, o));
  }
  return out;
}
function ownShareDto(
  e: { status: string; level: number; rateBps: number; ruleVersion: number; availableAt: Date | null },
  rows: Parameters<typeof commissionDto>[0][],
  o: { orderId: string; baseFen: number; baseSource: string },
) {
  const counted = rows.filter((r) => r.status !== "void");
  return {
    amount: fenToYuan(counted.reduce((t, r) => t + r.amountFen, 0)),
    status: e.status,
    level: e.level,
    base: fenToYuan(o.baseFen),
    baseSource: o.baseSource,
    rateBps: e.rateBps,
    ruleVersion: e.ruleVersion,
    availableAt: e.availableAt?.toISOString() ?? null,
    rows: rows.map((r) => commissionDto(r, { orderId: o.orderId, title: null })),
  };
}

export async function memberTeam(memberId: string) {
  const raw = rawDb();
  const downline = await raw.query(
    `SELECT u."id", u."username", u."name", u."createdAt", p."depth" FROM referral_paths p JOIN users u ON u."id" = p."descendantId"
     WHERE p."ancestorId" = ? AND p."depth" IN (1, 2) ORDER BY p."depth", u."createdAt" DESC LIMIT 400`,
    [memberId],
  );
  const counts = await raw.query(`SELECT "depth", COUNT(*) AS "n" FROM referral_paths WHERE "ancestorId" = ? AND "depth" IN (1, 2) GROUP BY "depth"`, [memberId]);
  const ids = downline.map((d) => String(d.id));
  const [orderCounts, earned] = ids.length
    ? await Promise.all([
        db().order.groupBy({ by: ["memberId"], where: { memberId: { in: ids } }, _count: { _all: true } }),
        raw.query(
          `SELECT o."memberId", COALESCE(SUM(c."amountFen"), 0) AS "total" FROM commissions c JOIN orders o ON o."id" = c."orderRef"
           WHERE c."beneficiaryId" = ? AND c."level" > 0 AND c."status" <> 'void' GROUP BY o."memberId"`,
          [memberId],
        ),
      ])
    : [[], []];
  const ordersOf = new Map(orderCounts.map((o) => [o.memberId, o._count._all]));
  const earnedFrom = new Map(earned.map((e) => [String(e.memberId), Number(e.total)]));
  const count = (d: number) => Number(counts.find((c) => Number(c.depth) === d)?.n ?? 0);
  return {
    level1Count: count(1),
    level2Count: count(2),
    members: downline.map((d) => ({
      level: Number(d.depth),
      username: maskUsername(String(d.username)),
      name: (d.name as string | null) ?? null,
      joinedAt: new Date(d.createdAt as string | Date).toISOString(),
      orders: ordersOf.get(String(d.id)) ?? 0,
      earnedForMe: fenToYuan(earnedFrom.get(String(d.id)) ?? 0),
    })),
  };
}

export function withdrawalDto(w: {
  id: number; amountFen: number; method: string; account: string; realName: string | null; bankName: string | null; status: string; note: string | null;
  overrideReason: string | null; batchId: number | null; requestedAt: Date; reviewedAt: Date | null; paidAt: Date | null;
}) {
  return {
    id: w.id,
    amount: fenToYuan(w.amountFen),
    method: w.method,
    account: maskAccount(w.account, w.method),
    realName: w.realName,
    bankName: w.bankName,
    status: w.status,
    note: w.note,
    overrideReason: w.overrideReason,
    batchId: w.batchId,
    requestedAt: w.requestedAt.toISOString(),
    reviewedAt: w.reviewedAt?.toISOString() ?? null,
    paidAt: w.paidAt?.toISOString() ?? null,
  };
}

export async function memberWithdrawals(memberId: string, q: z.infer<typeof CommissionPageQuery>) {
  const rows = await db().withdrawal.findMany({
    where: { AND: [{ memberId }, afterCursor("requestedAt", q.cursor)] },
    orderBy: [{ requestedAt: "desc" }, { id: "desc" }],
    take: q.limit + 1,
  });
  const items = rows.slice(0, q.limit);
  const last = items[items.length - 1];
  return { items: items.map((w) => withdrawalDto(w)), nextCursor: rows.length > q.limit && last ? encodeCursor(last.requestedAt, last.id) : null };
}

