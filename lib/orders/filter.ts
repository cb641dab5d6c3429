// The admin order filter, once, as a condition on the orders table: the list, its totals and the CSV export
// all read through it, so they always agree on which orders match.
import { expressionBuilder, type Expression, type ExpressionBuilder, type SqlBool } from "kysely";
import type { DB } from "../db/query";
import { beijingDayEnd, beijingDayStart } from "../time";
import type { AdminOrderFilter } from "../contracts/orders";

export type OrderFilter = Partial<Pick<AdminOrderFilter, "orderId" | "sid" | "status" | "memberId" | "member" | "attributed" | "from" | "to" | "businessLine" | "moneyStatus">>;

/**
 * The members a typed term names: a login (phone or email) or a name starting with it, or a sid. A prefix
 * compares substr with the term rather than LIKE, so a wildcard in the term cannot widen it; an internal id is
 * still accepted, for links that carry one.
 */
function membersMatching(term: string, eb: ExpressionBuilder<DB, "orders">) {
  return eb
    .selectFrom("users")
    .select("users.id")
    .where((u) => {
      const prefix = (column: "users.username" | "users.name", value: string) => u(u.fn<string>("substr", [column, u.lit(1), u.lit(value.length)]), "=", value);
      return u.or([prefix("users.username", term.toLowerCase()), prefix("users.name", term), u("users.sid", "=", term.toLowerCase()), u("users.id", "=", term)]);
    });
}

function conditions(f: OrderFilter, eb: ExpressionBuilder<DB, "orders">, paging = false): Expression<SqlBool>[] {
  const parts: Expression<SqlBool>[] = [];
  if (f.orderId) parts.push(eb("orders.orderId", "=", f.orderId));
  if (f.sid) parts.push(eb("orders.sid", "=", f.sid));
  if (f.status) parts.push(eb("orders.status", "=", f.status));
  if (f.memberId) parts.push(eb("orders.memberId", "=", f.memberId));
  if (f.member) parts.push(eb("orders.memberId", "in", membersMatching(f.member, eb)));
  if (f.attributed === "yes") parts.push(eb("orders.memberId", "is not", null));
  if (f.attributed === "no") parts.push(eb("orders.memberId", "is", null));
  if (f.from) parts.push(eb("orders.occurredAt", ">=", beijingDayStart(f.from)));
  if (f.to) parts.push(eb("orders.occurredAt", "<", beijingDayEnd(f.to)));
  if (f.businessLine !== undefined) parts.push(eb("orders.businessLine", "=", f.businessLine));
  if (f.moneyStatus) {
    const rows = eb.selectFrom("commissions").select("commissions.orderRef").where("commissions.status", "=", f.moneyStatus);
    // A page walks the orders in its own order and stops once it is full: a test per order does that. As `id IN
    // (…)` SQLite read and sorted every order in the status first (119 ms for 待结算 at 1M orders), which is what
    // totals and the export want (a test per order made SQLite's totals 5 to 700 times slower).
    parts.push(paging ? eb.exists(rows.whereRef("commissions.orderRef", "=", "orders.id")) : eb("orders.id", "in", rows));
  }
  return parts;
}

/** The filter as a WHERE condition: `query.where(orderWhere(filter))`. */
/** `paging`: the query reads the orders in a list's order and stops at a page (see moneyStatus). */
export const orderWhere = (f: OrderFilter, paging = false) => (eb: ExpressionBuilder<DB, "orders">) => eb.and(conditions(f, eb, paging));

/** True when the filter restricts nothing (every order counts). */
export const isUnfiltered = (f: OrderFilter) => conditions(f, expressionBuilder<DB, "orders">()).length === 0;
