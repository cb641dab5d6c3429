// Keyset pages: every list is ordered by a sort column and then the id, and its cursor is the last row's
// (sort value, id), opaque to clients, so a page deep in a million rows costs the same as the first.
import { sql, type SelectQueryBuilder, type StringReference } from "kysely";
import { exec, type Work } from "../db/query";
import { ApiError } from "./errors";

const MAX_TIME_MS = Date.UTC(9999, 11, 31);

export interface Key {
  value: number;
  id: number;
}

export function encodeKey(value: number, id: number): string {
  return Buffer.from(`${value}:${id}`).toString("base64url");
}

export function decodeKey(cursor: string): Key {
  const m = /^(-?\d{1,15}):(\d{1,10})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  const value = Number(m?.[1]);
  const id = Number(m?.[2]);
  // Values are times (ms, years 1970–9999), amounts in fen (-1: no amount) or ids; ids fit a 32-bit integer column.
  if (!m || value < -1 || value > MAX_TIME_MS || id > 2_147_483_647) {
    throw new ApiError(422, "invalid_cursor", "分页参数无效，请刷新后重试", { cursor: ["分页参数无效"] });
  }
  return { value, id };
}

/**
 * How a list is ordered: by `column`, ties broken by `id` (the same direction); by the id alone when they are one.
 * C is the columns of the query it orders, so a column the query does not have is a type error.
 */
export interface KeysetOrder<C extends string = string> {
  /** The sort column as the query names it ("occurredAt", "c.createdAt", "id"); rows carry it unqualified. */
  column: C;
  direction: "asc" | "desc";
  /** The tie-breaking column; "id" unless the table has an alias. */
  id?: C;
  /** The column holds times: the cursor keeps their milliseconds. */
  time?: boolean;
}

const field = (column: string) => column.slice(column.lastIndexOf(".") + 1);
const idColumn = (order: KeysetOrder) => order.id ?? "id";

/** A row's key: a time as milliseconds, a missing amount as -1 (such rows come last, see lib/orders/queries.ts). */
export function keyOf(row: object, order: KeysetOrder): Key {
  const v: unknown = Reflect.get(row, field(order.column));
  return { value: v instanceof Date ? v.getTime() : v === null || v === undefined ? -1 : Number(v), id: Number(Reflect.get(row, field(idColumn(order)))) };
}

/** Orders rows like the query does (for rows gathered in memory). */
export function compareKeys(a: Key, b: Key, order: KeysetOrder): number {
  return (order.direction === "asc" ? 1 : -1) * (a.value - b.value || a.id - b.id);
}

/** The query in the order's ORDER BY, restricted to the rows after `after`. */
export function afterKey<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  order: KeysetOrder<StringReference<DB, TB> & string>,
  after: Key | null,
): SelectQueryBuilder<DB, TB, O> {
  const col = sql.ref(order.column);
  const id = sql.ref(idColumn(order));
  const sameColumn = order.column === idColumn(order);
  const lt = sql.raw(order.direction === "desc" ? "<" : ">");
  const le = sql.raw(order.direction === "desc" ? "<=" : ">=");
  let page = query.orderBy(col, order.direction);
  if (!sameColumn) page = page.orderBy(id, order.direction);
  if (!after) return page;
  if (sameColumn) return page.where(sql<boolean>`${id} ${lt} ${after.id}`);
  const v = order.time ? new Date(after.value) : after.value;
  // "≤ v and (< v or id <)": the same rows as "< v or (= v and id <)", in a form both databases seek the index to.
  return page.where(sql<boolean>`${col} ${le} ${v} and (${col} ${lt} ${v} or ${id} ${lt} ${after.id})`);
}

export interface Page<R> {
  rows: R[];
  nextCursor: string | null;
}

/** The page of `limit` rows out of up to limit + 1 read in order (the extra row says there is more). */
export function pageOf<R extends object>(rows: R[], limit: number, order: KeysetOrder): Page<R> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  if (rows.length <= limit || !last) return { rows: items, nextCursor: null };
  const k = keyOf(last, order);
  return { rows: items, nextCursor: encodeKey(k.value, k.id) };
}

/** One keyset page of the query: its rows after the cursor, in the order, and the cursor of the next page. */
export function* keysetPage<DB, TB extends keyof DB, O extends object>(
  query: SelectQueryBuilder<DB, TB, O>,
  order: KeysetOrder<StringReference<DB, TB> & string>,
  page: { cursor?: string; limit: number },
): Work<Page<O>> {
  const after = page.cursor ? decodeKey(page.cursor) : null;
  const rows = (yield* exec(afterKey(query, order, after).limit(page.limit + 1))) as O[];
  return pageOf(rows, page.limit, order);
}

/** The usual list order: newest first by a time column, ties by id. */
export const NEWEST_FIRST = <C extends string>(column: C): KeysetOrder<C> => ({ column, direction: "desc", time: true });
