// What a member sees of their money: summary, per-day earnings, ledger rows, team, withdrawals.
import type { ExpressionBuilder, Selectable } from "kysely";
import type { z } from "zod";
import type { PageQuery } from "../contracts/common";
import type { MemberCommissionQuery } from "../contracts/earnings";
import { rawDb } from "../db";
import { q, type DB, type Query } from "../db/query";
import { keysetPage, NEWEST_FIRST } from "../api/cursor";
import { fenToYuan } from "../money";
import { beijingDay, beijingDayStart } from "../time";
import { availableBalanceFen } from "./withdrawals";
import { maskAccount, maskUsername } from "./payout";
import { currentRule } from "./rules";
import { commissionKind, commissionRowReason } from "../labels";
import { BASE_SOURCES, COMMISSION_STATUSES, LEVELS, PAYOUT_METHODS, storedCode, WITHDRAWAL_STATUSES } from "../contracts/enums";

/** Σ amountFen of the rows (0 for none), as "total". */
const sumFen = (eb: ExpressionBuilder<DB, "commissions" | "withdrawals">) => eb.fn.coalesce(eb.fn.sum<number>("amountFen"), eb.lit(0)).as("total");
/** Σ c.amountFen of the rows (0 for none), as "total", where the commissions are aliased c. */
const sumOwn = (eb: ExpressionBuilder<{ c: DB["commissions"] }, "c">) => eb.fn.coalesce(eb.fn.sum<number>("c.amountFen"), eb.lit(0)).as("total");
const total = async (query: Query<{ total: number }>) => Number((await rawDb().row(query))?.total ?? 0);

/** The member's rows that count (not void) on orders placed since `from` (and before `to`), with the order's time. */
const countedSince = (memberId: string, from: Date, to?: Date) => {
  const rows = q
    .selectFrom("commissions as c")
    .innerJoin("orders as o", "o.id", "c.orderRef")
    .where("c.beneficiaryId", "=", memberId)
    .where("c.status", "<>", "void")
    .where("o.occurredAt", ">=", from)
    // Rows are written after their order is paid: bounding createdAt (with a day's margin) lets the index do the work.
    .where("c.createdAt", ">=", new Date(from.getTime() - 86_400_000));
  return to ? rows.where("o.occurredAt", "<", to) : rows;
};

/** Row statuses that are in the balance: settled earnings and their parts, and every 扣回/调整 from when it was made. */
const SETTLED_STATUSES = ["available", "reserved", "withdrawn", "clawback"] as const;

/**
 * 结算 of a period: the member's rows that entered the balance in [from, to) by their availableAt — an earning
 * when its hold ended (the settlement job moves it then; a withdrawal's part keeps the time of the row it came
 * from), a 扣回/调整 row when it was made. The same rows 可提现 sums, so the months add up to the balance's rows.
 */
const settledBetween = (memberId: string, from: Date, to: Date) =>
  q
    .selectFrom("commissions")
    .select(sumFen)
    .where("beneficiaryId", "=", memberId)
    .where("status", "in", [...SETTLED_STATUSES])
    .where("availableAt", ">=", from)
    .where("availableAt", "<", to);

/** The Beijing calendar month `back` months before the one holding `now`: its yyyy-mm and [start, end) instants. */
export function beijingMonth(now: Date, back = 0) {
  const [y, m] = beijingDay(now).split("-").map(Number);
  const index = y * 12 + (m - 1) - back;
  const name = (i: number) => `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`;
  return { month: name(index), start: beijingDayStart(`${name(index)}-01`), end: beijingDayStart(`${name(index + 1)}-01`) };
}

/** True once the member has any commission row (their own orders' or their team's). */
export async function hasCommissionRows(memberId: string) {
  return (await rawDb().row(q.selectFrom("commissions").select("id").where("beneficiaryId", "=", memberId).limit(1))) !== undefined;
}

export async function memberSummary(memberId: string, now = new Date()) {
  const raw = rawDb();
  const byStatus = await raw.rows(q.selectFrom("commissions").select((eb) => ["status", sumFen(eb)]).where("beneficiaryId", "=", memberId).groupBy("status"));
  const status = (s: string) => Number(byStatus.find((r) => r.status === s)?.total ?? 0);
  const today = beijingDay(now);
  const earnedSince = (from: Date) => total(countedSince(memberId, from).select(sumOwn));
  const withdrawn = (statuses: string[]) => total(q.selectFrom("withdrawals").select(sumFen).where("memberId", "=", memberId).where("status", "in", statuses));
  const thisMonth = beijingMonth(now);
  const lastMonth = beijingMonth(now, 1);
  const [balance, rule, paid, inReview, todayFen, monthFen, lastMonthFen, lastSettledFen] = await Promise.all([
    raw.run(() => availableBalanceFen(memberId)),
    raw.run(() => currentRule()),
    withdrawn(["paid"]),
    withdrawn(["pending", "approved"]),
    earnedSince(beijingDayStart(today)),
    earnedSince(thisMonth.start),
    total(countedSince(memberId, lastMonth.start, lastMonth.end).select(sumOwn)),
    total(settledBetween(memberId, lastMonth.start, lastMonth.end)),
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
    lastMonthEstimated: fenToYuan(lastMonthFen),
    lastMonthSettled: fenToYuan(lastSettledFen),
    months: { current: thisMonth.month, last: lastMonth.month },
    minWithdrawal: fenToYuan(rule.minWithdrawalFen),
  };
}

/** Earnings net of clawbacks (void rows excluded) per Beijing day of the order, oldest first, zeros included. */
export async function memberDailyEarnings(memberId: string, days: number, now = new Date()) {
  const dayList: string[] = [];
  for (let i = days - 1; i >= 0; i--) dayList.push(beijingDay(new Date(now.getTime() - i * 86_400_000)));
  const rows = await rawDb().rows(countedSince(memberId, beijingDayStart(dayList[0])).select(["c.amountFen", "o.occurredAt"]));
  const totals = new Map(dayList.map((d) => [d, 0]));
  for (const r of rows) {
    const day = beijingDay(r.occurredAt);
    if (totals.has(day)) totals.set(day, totals.get(day)! + r.amountFen);
  }
  return { days: dayList.map((day) => ({ day, amount: fenToYuan(totals.get(day)!) })) };
}

type CommissionRow = Pick<
  Selectable<DB["commissions"]>,
  "id" | "level" | "key" | "baseFen" | "rateBps" | "amountFen" | "status" | "ruleVersion" | "availableAt" | "reason" | "withdrawalId" | "causeKind" | "causeRunId" | "fromBaseFen" | "toBaseFen" | "createdAt"
>;

export function commissionDto(c: CommissionRow, order: Pick<Selectable<DB["orders"]>, "orderId" | "title"> | undefined) {
  return {
    id: c.id,
    orderId: order?.orderId ?? null,
    orderTitle: order?.title ?? null,
    level: storedCode(LEVELS, c.level),
    kind: commissionKind(c.key, c.amountFen),
    base: fenToYuan(c.baseFen),
    rateBps: c.rateBps,
    amount: fenToYuan(c.amountFen),
    status: storedCode(COMMISSION_STATUSES, c.status),
    ruleVersion: c.ruleVersion,
    availableAt: c.availableAt?.toISOString() ?? null,
    reason: commissionRowReason(c, order?.orderId ?? null),
    withdrawalId: c.withdrawalId,
    createdAt: c.createdAt.toISOString(),
  };
}

export async function memberCommissions(memberId: string, page: z.infer<typeof MemberCommissionQuery>) {
  const raw = rawDb();
  let rows = q.selectFrom("commissions").selectAll().where("beneficiaryId", "=", memberId);
  if (page.withdrawalId) rows = rows.where("withdrawalId", "=", page.withdrawalId);
  const { rows: items, nextCursor } = await raw.run(() => keysetPage(rows, NEWEST_FIRST("createdAt"), page));
  const refs = [...new Set(items.map((r) => r.orderRef))];
  const orders = refs.length ? await raw.rows(q.selectFrom("orders").select(["id", "orderId", "title"]).where("id", "in", refs)) : [];
  const byRef = new Map(orders.map((o) => [o.id, o]));
  return { items: items.map((c) => commissionDto(c, byRef.get(c.orderRef))), nextCursor };
}

/**
 * The member's own (level 0) share of each order, for "why this amount" on the order list: the order's base (the
 * one every view uses), the rate, and the rows that make the share up (a part a withdrawal took, 扣回/调整).
 */
export async function ownCommissionsFor(memberId: string, orders: Pick<Selectable<DB["orders"]>, "id" | "orderId" | "baseFen" | "baseSource">[]) {
  const out = new Map<number, ReturnType<typeof ownShareDto>>();
  if (!orders.length) return out;
  // By the orders' own rows (the (orderRef, level, key) key), the member's picked out here: asked for by member
  // too, SQLite walked every row of a big member (24 ms for a page of 20 at 1M orders; 0.3 ms this way).
  const rows = await rawDb().rows(q.selectFrom("commissions").selectAll().where("orderRef", "in", orders.map((o) => o.id)).where("level", "=", 0).orderBy("id", "asc"));
  for (const o of orders) {
    const mine = rows.filter((r) => r.orderRef === o.id && r.beneficiaryId === memberId);
    const earning = mine.find((r) => r.key === "earning");
    if (earning) out.set(o.id, ownShareDto(earning, mine, o));
  }
  return out;
}
function ownShareDto(
  e: Pick<CommissionRow, "status" | "level" | "rateBps" | "ruleVersion" | "availableAt">,
  rows: CommissionRow[],
  o: Pick<Selectable<DB["orders"]>, "orderId" | "baseFen" | "baseSource">,
) {
  const counted = rows.filter((r) => r.status !== "void");
  return {
    amount: fenToYuan(counted.reduce((t, r) => t + r.amountFen, 0)),
    status: storedCode(COMMISSION_STATUSES, e.status),
    level: storedCode(LEVELS, e.level),
    base: fenToYuan(o.baseFen),
    baseSource: storedCode(BASE_SOURCES, o.baseSource),
    rateBps: e.rateBps,
    ruleVersion: e.ruleVersion,
    availableAt: e.availableAt?.toISOString() ?? null,
    rows: rows.map((r) => commissionDto(r, { orderId: o.orderId, title: null })),
  };
}

export async function memberTeam(memberId: string) {
  const raw = rawDb();
  const [downline, counts] = await Promise.all([
    raw.rows(
      q
        .selectFrom("referral_paths as p")
        .innerJoin("users as u", "u.id", "p.descendantId")
        .select(["u.id", "u.username", "u.name", "u.createdAt", "p.depth"])
        .where("p.ancestorId", "=", memberId)
        .where("p.depth", "in", [1, 2])
        .orderBy("p.depth")
        .orderBy("u.createdAt", "desc")
        .limit(400),
    ),
    raw.rows(q.selectFrom("referral_paths").select((eb) => ["depth", eb.fn.countAll<number>().as("n")]).where("ancestorId", "=", memberId).where("depth", "in", [1, 2]).groupBy("depth")),
  ]);
  const ids = downline.map((d) => d.id);
  const [orderCounts, earned] = ids.length
    ? await Promise.all([
        raw.rows(q.selectFrom("orders").select((eb) => ["memberId", eb.fn.countAll<number>().as("n")]).where("memberId", "in", ids).groupBy("memberId")),
        raw.rows(
          q
            .selectFrom("commissions as c")
            .innerJoin("orders as o", "o.id", "c.orderRef")
            .select((eb) => ["o.memberId", sumOwn(eb)])
            .where("c.beneficiaryId", "=", memberId)
            .where("c.level", ">", 0)
            .where("c.status", "<>", "void")
            .groupBy("o.memberId"),
        ),
      ])
    : [[], []];
  const ordersOf = new Map(orderCounts.map((o) => [o.memberId, Number(o.n)]));
  const earnedFrom = new Map(earned.map((e) => [e.memberId, Number(e.total)]));
  const count = (d: number) => Number(counts.find((c) => c.depth === d)?.n ?? 0);
  return {
    level1Count: count(1),
    level2Count: count(2),
    members: downline.map((d) => ({
      id: d.id,
      level: storedCode([1, 2] as const, d.depth),
      username: maskUsername(d.username),
      name: d.name,
      joinedAt: d.createdAt.toISOString(),
      orders: ordersOf.get(d.id) ?? 0,
      earnedForMe: fenToYuan(earnedFrom.get(d.id) ?? 0),
    })),
  };
}

export function withdrawalDto(
  w: Pick<Selectable<DB["withdrawals"]>, "id" | "amountFen" | "method" | "account" | "realName" | "bankName" | "status" | "note" | "overrideReason" | "batchId" | "requestedAt" | "reviewedAt" | "paidAt">,
) {
  return {
    id: w.id,
    amount: fenToYuan(w.amountFen),
    method: storedCode(PAYOUT_METHODS, w.method),
    account: maskAccount(w.account, w.method),
    realName: w.realName,
    bankName: w.bankName,
    status: storedCode(WITHDRAWAL_STATUSES, w.status),
    note: w.note,
    overrideReason: w.overrideReason,
    batchId: w.batchId,
    requestedAt: w.requestedAt.toISOString(),
    reviewedAt: w.reviewedAt?.toISOString() ?? null,
    paidAt: w.paidAt?.toISOString() ?? null,
  };
}

export async function memberWithdrawals(memberId: string, page: z.infer<typeof PageQuery>) {
  const { rows, nextCursor } = await rawDb().run(() => keysetPage(q.selectFrom("withdrawals").selectAll().where("memberId", "=", memberId), NEWEST_FIRST("requestedAt"), page));
  return { items: rows.map((w) => withdrawalDto(w)), nextCursor };
}

