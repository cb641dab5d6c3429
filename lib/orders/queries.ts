// Reading orders for the member and admin pages. Every list is keyset-paginated on an index.
import type { AdminOrderFilter, MemberOrderQuery, OrderSort } from "../contracts/orders";
import { rawDb } from "../db";
import { sql, type ExpressionBuilder } from "kysely";
import { exec, q, type DB, type Work } from "../db/query";
import { afterKey, compareKeys, decodeKey, keyOf, pageOf, type KeysetOrder, type Page } from "../api/cursor";
import { ORDER_COLUMNS, orderDto, type OrderRow } from "./dto";
import { orderWhere, type OrderFilter } from "./filter";
import { ownCommissionsFor } from "../earnings/portal";
import { levelSharesOf, orderMoneyDto } from "./money";
import { memberRefsOf } from "../accounts/display";

/** Each sort's keyset order. */
const ORDERS: Record<OrderSort, KeysetOrder<"occurredAt" | "payFen">> = {
  time_desc: { column: "occurredAt", direction: "desc", time: true },
  time_asc: { column: "occurredAt", direction: "asc", time: true },
  // Orders without an amount come last (cursor value -1); pageRows reads them as a second, id-ordered run,
  // because "NULLS LAST" cannot use the (payFen, id) index in either database.
  amount_desc: { column: "payFen", direction: "desc" },
};
const BY_ID_DESC: KeysetOrder<"id"> = { column: "id", direction: "desc" };

type PageQ = { cursor?: string; limit: number; sort?: OrderSort };

const orderRows = (f: OrderFilter) => q.selectFrom("orders").select(ORDER_COLUMNS).where(orderWhere(f, true));

/** Up to limit + 1 rows after the cursor, in the sort's order (the extra row says whether there is more). */
function* pageRows(f: OrderFilter, p: PageQ): Work<OrderRow[]> {
  const order = ORDERS[p.sort ?? "time_desc"];
  const cursor = p.cursor ? decodeKey(p.cursor) : null;
  if (p.sort !== "amount_desc") return yield* exec(afterKey(orderRows(f), order, cursor).limit(p.limit + 1));
  let rows: OrderRow[] = [];
  if (!cursor || cursor.value >= 0) rows = yield* exec(afterKey(orderRows(f).where("payFen", "is not", null), order, cursor).limit(p.limit + 1));
  if (rows.length <= p.limit) {
    const tail = afterKey(orderRows(f).where("payFen", "is", null), BY_ID_DESC, cursor && cursor.value < 0 ? cursor : null);
    rows = rows.concat(yield* exec(tail.limit(p.limit + 1 - rows.length)));
  }
  return rows;
}

export async function fetchOrderPage(f: OrderFilter, p: PageQ): Promise<Page<OrderRow>> {
  return pageOf(await rawDb().run(() => pageRows(f, p)), p.limit, ORDERS[p.sort ?? "time_desc"]);
}

/**
 * The same page restricted to a list of order ids (at most a few thousand). The matching orders' sort keys are
 * read in chunks under the database's bind-parameter limit and ordered here; then only the page's rows are read
 * in full. Asking the database for "ORDER BY … LIMIT" over an id list instead lets PostgreSQL walk the sort index
 * hoping to meet the ids early, which is a scan of every order when they all sit at the far end.
 */
export async function fetchOrderPageAmong(ids: number[], f: OrderFilter, p: PageQ, chunkSize = idChunkSize()): Promise<Page<OrderRow>> {
  const order = ORDERS[p.sort ?? "time_desc"];
  const byKey = (a: object, b: object) => compareKeys(keyOf(a, order), keyOf(b, order), order);
  const cursor = p.cursor ? decodeKey(p.cursor) : null;
  const raw = rawDb();
  const keys: { id: number; occurredAt: Date; payFen: number | null }[] = [];
  for (let i = 0; i < ids.length; i += chunkSize) {
    keys.push(...(await raw.rows(q.selectFrom("orders").select(["id", "occurredAt", "payFen"]).where(orderWhere(f)).where("id", "in", ids.slice(i, i + chunkSize)))));
  }
  const after = cursor ? keys.filter((k) => compareKeys(keyOf(k, order), cursor, order) > 0) : keys;
  const pageIds = after.sort(byKey).slice(0, p.limit + 1).map((k) => k.id);
  const rows = pageIds.length ? await raw.rows(q.selectFrom("orders").select(ORDER_COLUMNS).where("id", "in", pageIds)) : [];
  return pageOf(rows.sort(byKey), p.limit, order);
}

/** How many orders are attributed to the member. */
export async function memberOrderCount(memberId: string) {
  const r = await rawDb().row(q.selectFrom("orders").select((eb) => eb.fn.countAll<number>().as("n")).where("memberId", "=", memberId));
  return Number(r?.n ?? 0);
}

/**
 * A search term as a condition: the order number (exactly, or as a part of it) or a part of the title. LIKE with
 * the term's own wildcards escaped, lower-cased on both sides so that both databases match Latin letters alike.
 * It scans only the member's own orders (their (memberId, occurredAt, id) index), so no index on title is needed.
 */
function orderSearch(term: string) {
  const pattern = `%${term.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return (eb: ExpressionBuilder<DB, "orders">) =>
    eb.or([eb("orders.orderId", "=", term), sql<boolean>`lower(${sql.ref("orders.orderId")}) like ${pattern} escape '\\'`, sql<boolean>`lower(${sql.ref("orders.title")}) like ${pattern} escape '\\'`]);
}

/** The member's orders (a status tab, a search), each with their own share of it and where that share stands. */
export async function listMemberOrders(memberId: string, page: Partial<Pick<MemberOrderQuery, "status" | "q" | "cursor">> & { limit: number }) {
  const filter = { memberId, status: page.status };
  const { rows, nextCursor } = page.q
    ? pageOf(await rawDb().rows(afterKey(orderRows(filter).where(orderSearch(page.q)), ORDERS.time_desc, page.cursor ? decodeKey(page.cursor) : null).limit(page.limit + 1)), page.limit, ORDERS.time_desc)
    : await fetchOrderPage(filter, page);
  const own = await ownCommissionsFor(memberId, rows);
  return {
    items: rows.map((o) => ({ ...orderDto(o), commission: own.get(o.id) ?? null })),
    nextCursor,
  };
}

/** How many ids one query may list: under the bind-parameter limit of each database. */
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
  const rows = await rawDb().rows(q.selectFrom("commissions").select("orderRef").distinct().where("status", "=", status).limit(max + 1));
  return rows.length > max ? null : rows.map((r) => r.orderRef);
}

export async function listAdminOrders(f: AdminOrderFilter) {
  const ids = f.moneyStatus ? await ordersInMoneyStatus(f.moneyStatus) : null;
  const { rows, nextCursor } = ids ? await fetchOrderPageAmong(ids, { ...f, moneyStatus: undefined }, f) : await fetchOrderPage(f, f);
  const [shares, members] = await Promise.all([levelSharesOf(rows.map((r) => r.id)), memberRefsOf(rows.map((r) => r.memberId))]);
  return {
    items: rows.map((o) => ({ ...orderDto(o), member: o.memberId ? (members.get(o.memberId) ?? null) : null, money: orderMoneyDto(o, shares.get(o.id) ?? []) })),
    nextCursor,
  };
}
