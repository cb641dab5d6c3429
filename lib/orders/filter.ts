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

function conditions(f: OrderFilter, eb: ExpressionBuilder<DB, "orders">): Expression<SqlBool>[] {
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
  if (f.moneyStatus) parts.push(eb("orders.id", "in", eb.selectFrom("commissions").select("commissions.orderRef").where("commissions.status", "=", f.moneyStatus)));
  return parts;
}

/** The filter as a WHERE condition: `query.where(orderWhere(filter))`. */
export const orderWhere = (f: OrderFilter) => (eb: ExpressionBuilder<DB, "orders">) => eb.and(conditions(f, eb));

/** True when the filter restricts nothing (every order counts). */
export const isUnfiltered = (f: OrderFilter) => conditions(f, expressionBuilder<DB, "orders">()).length === 0;
