// Reading orders for the member and admin pages. Every list is keyset-paginated on an index.
import { z } from "zod";
import { cursorParam, limitParam } from "../api/params";
import { db, rawDb } from "../db";
import { decodeKey, encodeKey } from "../api/cursor";
import { ORDER_STATUSES } from "../meituan/status";
import { COMMISSION_STATUSES } from "../labels";
import { beijingDayEnd, beijingDayStart, isValidDay } from "../time";
import { orderDto } from "./dto";
import { ownCommissionsFor } from "../earnings/portal";
import { levelSharesOf, orderMoneyDto } from "./money";

const day = (label: string) => z.string().refine(isValidDay, `${label}格式应为 YYYY-MM-DD`);

export const PageQuery = z.object({
  cursor: cursorParam,
  limit: limitParam(20),
});

export const AdminOrderQuery = PageQuery.extend({
  orderId: z.string().trim().max(64).optional(),
  sid: z.string().trim().max(64).optional(),
  status: z.enum(ORDER_STATUSES, { error: "状态无效" }).optional(),
  memberId: z.string().trim().max(64).optional(),
  attributed: z.enum(["yes", "no"], { error: "attributed 应为 yes 或 no" }).optional(),
  from: day("开始日期").optional(),
  to: day("结束日期").optional(),
  businessLine: z.coerce.number({ error: "业务线必须是整数" }).int("业务线必须是整数").min(0).max(100000).optional(),
  moneyStatus: z.enum(COMMISSION_STATUSES, { error: "佣金状态无效" }).optional(),
  sort: z.enum(["time_desc", "time_asc", "amount_desc"], { error: "排序方式无效" }).default("time_desc"),
});
export type AdminOrderFilter = z.infer<typeof AdminOrderQuery>;
export type OrderSort = AdminOrderFilter["sort"];

type Keyed = { id: number; occurredAt: Date; payFen: number | null };

/** Each sort: its ORDER BY, the key a cursor carries, and the condition for "after the cursor". */
const SORTS: Record<OrderSort, { orderBy: object[]; key: (o: Keyed) => number; after: (value: number, id: number) => object; ascending: boolean }> = {
  time_desc: {
    orderBy: [{ occurredAt: "desc" }, { id: "desc" }],
    key: (o) => o.occurredAt.getTime(),
    // Written as "≤ t and (< t or id <)" so both databases can seek the (occurredAt, id) index to the cursor.
    after: (v, id) => ({ occurredAt: { lte: new Date(v) }, OR: [{ occurredAt: { lt: new Date(v) } }, { id: { lt: id } }] }),
    ascending: false,
  },
  time_asc: {
    orderBy: [{ occurredAt: "asc" }, { id: "asc" }],
    key: (o) => o.occurredAt.getTime(),
    after: (v, id) => ({ occurredAt: { gte: new Date(v) }, OR: [{ occurredAt: { gt: new Date(v) } }, { id: { gt: id } }] }),
    ascending: true,
  },
  // Orders without an amount come last (cursor value -1); fetchOrderPage reads them as a second, id-ordered run,
  // because "NULLS LAST" cannot use the (payFen, id) index in either database.
  amount_desc: {
    orderBy: [{ payFen: "desc" }, { id: "desc" }],
    key: (o) => o.payFen ?? -1,
    after: (v, id) => ({ payFen: { lte: v }, OR: [{ payFen: { lt: v } }, { id: { lt: id } }] }),
    ascending: false,
  },
};

const ORDER_SELECT = {
  id: true, commissionSource: true, gmvFen: true, baseFen: true, baseSource: true, refundFen: true, orderId: true, sid: true, memberId: true, title: true, status: true, upstreamStatus: true, refundType: true,
  businessLine: true, subBusinessLine: true, payFen: true, totalFen: true, paidAt: true, upstreamUpdatedAt: true,
  occurredAt: true, flags: true, source: true, createdAt: true, updatedAt: true,
} as const;

type PageQ = { cursor?: string; limit: number; sort?: OrderSort };
type OrderRow = Awaited<ReturnType<typeof findOrders>>[number];

/** Up to limit + 1 rows after the cursor, in the sort's order (the extra row says whether there is more). */
async function pageRows(where: Record<string, unknown>, q: PageQ): Promise<OrderRow[]> {
  const sort = SORTS[q.sort ?? "time_desc"];
  const cursor = q.cursor ? decodeKey(q.cursor) : null;
  if (q.sort !== "amount_desc") {
    return findOrders({ AND: [where, cursor ? sort.after(cursor.value, cursor.id) : {}] }, sort.orderBy, q.limit + 1);
  }
  let rows: OrderRow[] = [];
  if (!cursor || cursor.value >= 0) {
    rows = await findOrders({ AND: [where, { payFen: { not: null } }, cursor ? sort.after(cursor.value, cursor.id) : {}] }, sort.orderBy, q.limit + 1);
  }
  if (rows.length <= q.limit) {
    const tail = { AND: [where, { payFen: null }, cursor && cursor.value < 0 ? { id: { lt: cursor.id } } : {}] };
    rows = rows.concat(await findOrders(tail, [{ id: "desc" }], q.limit + 1 - rows.length));
  }
  return rows;
}

function toPage(rows: OrderRow[], q: PageQ) {
  const sort = SORTS[q.sort ?? "time_desc"];
  const more = rows.length > q.limit;
  const items = rows.slice(0, q.limit);
  const last = items[items.length - 1];
  return { rows: items, nextCursor: more && last ? encodeKey(sort.key(last), last.id) : null };
}

export async function fetchOrderPage(where: Record<string, unknown>, q: PageQ) {
  return toPage(await pageRows(where, q), q);
}

/**
 * The same page restricted to a list of order ids (at most a few thousand). The matching orders' sort keys are
 * read in chunks under the database's bind-parameter limit and ordered here; then only the page's rows are read
 * in full. Asking the database for "ORDER BY … LIMIT" over an id list instead lets PostgreSQL walk the sort index
 * hoping to meet the ids early, which is a scan of every order when they all sit at the far end.
 */
export async function fetchOrderPageAmong(ids: number[], where: Record<string, unknown>, q: PageQ, chunkSize = idChunkSize()) {
  const sort = SORTS[q.sort ?? "time_desc"];
  const direction = sort.ascending ? 1 : -1;
  const order = (a: Keyed, b: Keyed) => direction * (sort.key(a) - sort.key(b) || a.id - b.id);
  const cursor = q.cursor ? decodeKey(q.cursor) : null;
  const keys: Keyed[] = [];
  for (let i = 0; i < ids.length; i += chunkSize) {
    keys.push(...(await db().order.findMany({ where: { AND: [where, { id: { in: ids.slice(i, i + chunkSize) } }] }, select: { id: true, occurredAt: true, payFen: true } })));
  }
  const after = cursor ? keys.filter((k) => direction * (sort.key(k) - cursor.value || k.id - cursor.id) > 0) : keys;
  const pageIds = after.sort(order).slice(0, q.limit + 1).map((k) => k.id);
  const rows = pageIds.length ? await findOrders({ id: { in: pageIds } }, [{ id: "asc" }], pageIds.length) : [];
  return toPage(rows.sort(order), q);
}

function findOrders(where: object, orderBy: object[], take: number) {
  return db().order.findMany({ where, orderBy: orderBy as never, take, select: ORDER_SELECT });
}

/** The member's orders, each with their own share of it and where that share stands. */
export async function listMemberOrders(memberId: string, q: z.infer<typeof PageQuery>) {
  const { rows, nextCursor } = await fetchOrderPage({ memberId }, q);
  const own = await ownCommissionsFor(memberId, rows);
  return {
    items: rows.map((o) => ({ ...orderDto(o), commission: own.get(o.id) ?? null })),
    nextCursor,
  };
}

export function adminOrderWhere(f: AdminOrderFilter): Record<string, unknown> {
  const occurredAt: Record<string, Date> = {};
  if (f.from) occurredAt.gte = beijingDayStart(f.from);
  if (f.to) occurredAt.lt = beijingDayEnd(f.to);
  return {
    ...(f.orderId ? { orderId: f.orderId } : {}),
    ...(f.sid ? { sid: f.sid } : {}),
    ...(f.status ? { status: f.status } : {}),
    ...(f.memberId ? { memberId: f.memberId } : {}),
    ...(f.attributed === "yes" ? { memberId: { not: null } } : f.attributed === "no" ? { memberId: null } : {}),
    ...(Object.keys(occurredAt).length ? { occurredAt } : {}),
    ...(f.businessLine !== undefined ? { businessLine: f.businessLine } : {}),
    ...(f.moneyStatus ? { commissions: { some: { status: f.moneyStatus } } } : {}),
  };
}

/** How many ids one query may list: under Prisma's bind-parameter limit on each database. */
const idChunkSize = () => (rawDb().dialect === "pg" ? 10_000 : 900);
/** Up to this many orders, a money-status filter lists their ids instead of testing every order in turn. */
const MONEY_STATUS_ID_LIST_MAX = 10_000;

/**
 * The orders having a commission row in this money status, when there are at most `max` of them. A status most
 * orders have (预估 among recent orders) is met within the first rows of a scan; a rare one (扣回, 已失效), or one
 * whose orders sit at the far end of the sort, would make the list test every order in turn, so a few thousand
 * ids read from the (status, orderRef) index are cheaper.
 */
export async function ordersInMoneyStatus(status: NonNullable<AdminOrderFilter["moneyStatus"]>, max = MONEY_STATUS_ID_LIST_MAX): Promise<number[] | null> {
  const rows = await rawDb().query(`SELECT DISTINCT "orderRef" FROM commissions WHERE "status" = ? LIMIT ?`, [status, max + 1]);
  return rows.length > max ? null : rows.map((r) => Number(r.orderRef));
}

export async function listAdminOrders(f: AdminOrderFilter) {
  const ids = f.moneyStatus ? await ordersInMoneyStatus(f.moneyStatus) : null;
  const { rows, nextCursor } = ids ? await fetchOrderPageAmong(ids, adminOrderWhere({ ...f, moneyStatus: undefined }), f) : await fetchOrderPage(adminOrderWhere(f), f);
  const shares = await levelSharesOf(rows.map((r) => r.id));
  return { items: rows.map((o) => ({ ...orderDto(o), money: orderMoneyDto(o, shares.get(o.id) ?? []) })), nextCursor };
}
