// Money per order for operators: 美团佣金 (the order's base as orderMoneyBase stored it, and where it came from),
// each level's member and share (the net of that level's rows), and 毛利; and the totals of a filter.
import { sql, type ExpressionBuilder, type Selectable } from "kysely";
import { rawDb } from "../db";
import { q, type DB, type Dialect } from "../db/query";
import { fenToYuan } from "../money";
import type { OrderRow } from "./dto";
import { memberRefsOf } from "../accounts/display";
import { BASE_SOURCES, LEVELS, storedCode } from "../contracts/enums";
import { isUnfiltered, orderWhere, type OrderFilter } from "./filter";

export interface LevelShare {
  level: number;
  memberId: string;
  label: string | null;
  amountFen: number;
}

/**
 * Per order id: every level's member and net share (rows not void), ordered by level. The rows are summed here and
 * the members' names read once per distinct member (the CSV export calls this for every batch of thousands of orders).
 */
export async function levelSharesOf(orderRefs: number[], chunk = rawDb().dialect === "pg" ? 10_000 : 900): Promise<Map<number, LevelShare[]>> {
  const out = new Map<number, LevelShare[]>();
  const raw = rawDb();
  for (let i = 0; i < orderRefs.length; i += chunk) {
    const rows = await raw.rows(
      q.selectFrom("commissions").select(["orderRef", "level", "beneficiaryId", "amountFen"]).where("orderRef", "in", orderRefs.slice(i, i + chunk)).where("status", "<>", "void"),
    );
    for (const r of rows) {
      const list = out.get(r.orderRef) ?? [];
      const share = list.find((s) => s.level === r.level && s.memberId === r.beneficiaryId);
      if (share) share.amountFen += r.amountFen;
      else list.push({ level: r.level, memberId: r.beneficiaryId, label: null, amountFen: r.amountFen });
      out.set(r.orderRef, list);
    }
  }
  const names = await memberRefsOf([...out.values()].flatMap((l) => l.map((s) => s.memberId)));
  for (const list of out.values()) {
    list.sort((a, b) => a.level - b.level);
    for (const s of list) s.label = names.get(s.memberId)?.label ?? null;
  }
  return out;
}

/**
 * The level shares of each row of an orders query, as one column computed in the same statement ("level:member:
 * amount,…"; the CSV export reads hundreds of thousands of orders and a separate read per batch would double it).
 */
export const sharesColumn = (d: Dialect) => (eb: ExpressionBuilder<DB, "orders">) =>
  eb
    .selectFrom("commissions as c")
    .select((c) =>
      sql<string | null>`${sql.raw(d === "pg" ? "string_agg" : "group_concat")}(${c.ref("c.level")} || ':' || ${c.ref("c.beneficiaryId")} || ':' || ${c.ref("c.amountFen")}, ',')`.as("shares"),
    )
    .whereRef("c.orderRef", "=", "orders.id")
    .where("c.status", "<>", "void")
    .as("shares");

/** sharesColumn's text as shares (names still to fill in). */
export function parseShares(text: string | null): LevelShare[] {
  const list: LevelShare[] = [];
  if (!text) return list;
  for (const part of text.split(",")) {
    const [levelText, memberId, amountText] = part.split(":");
    const level = Number(levelText);
    const share = list.find((s) => s.level === level && s.memberId === memberId);
    if (share) share.amountFen += Number(amountText);
    else list.push({ level, memberId, label: null, amountFen: Number(amountText) });
  }
  return list.sort((a, b) => a.level - b.level);
}

/** The money block of one order, as the list, the order page and the CSV show it. */
export function orderMoneyDto(o: Pick<OrderRow, "gmvFen" | "baseFen" | "baseSource" | "refundFen">, shares: LevelShare[]) {
  const memberFen = shares.reduce((t, s) => t + s.amountFen, 0);
  return {
    gmv: fenToYuan(o.gmvFen),
    refund: o.refundFen === null ? null : fenToYuan(o.refundFen),
    commission: fenToYuan(o.baseFen),
    commissionSource: storedCode(BASE_SOURCES, o.baseSource),
    levels: shares.map((s) => ({ level: storedCode(LEVELS, s.level), memberId: s.memberId, label: s.label, amount: fenToYuan(s.amountFen) })),
    memberCommission: fenToYuan(memberFen),
    margin: fenToYuan(o.baseFen - memberFen),
  };
}
export type OrderMoneyDto = ReturnType<typeof orderMoneyDto>;

type Totals = Awaited<ReturnType<typeof computeTotals>>;
// Requests for the same filter while one is being computed share it (several operators, or one reloading).
const inFlight = new Map<string, Promise<Totals>>();

/** Count and money totals of every order matching the admin filter (not only the page), from the rows. */
export function orderTotals(filter: OrderFilter): Promise<Totals> {
  const key = JSON.stringify(filter);
  let pending = inFlight.get(key);
  if (!pending) {
    pending = computeTotals(filter).finally(() => inFlight.delete(key));
    inFlight.set(key, pending);
  }
  return pending;
}

async function computeTotals(filter: OrderFilter) {
  const raw = rawDb();
  const counted = q
    .selectFrom("commissions")
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>("amountFen"), eb.lit(0)).as("total"))
    .where("status", "<>", "void");
  // Without a filter every row counts: one pass over a covering index, instead of a lookup per order.
  const members = raw.row(isUnfiltered(filter) ? counted : counted.where("orderRef", "in", q.selectFrom("orders").select("orders.id").where(orderWhere(filter))));
  const orders = raw.row(
    q
      .selectFrom("orders")
      .select((eb) => [
        eb.fn.countAll<number>().as("n"),
        eb.fn.coalesce(eb.fn.sum<number>("gmvFen"), eb.lit(0)).as("gmv"),
        eb.fn.coalesce(eb.fn.sum<number>("baseFen"), eb.lit(0)).as("base"),
      ])
      .where(orderWhere(filter)),
  );
  const [o, m] = await Promise.all([orders, members]);
  const base = Number(o?.base ?? 0);
  const member = Number(m?.total ?? 0);
  return { count: Number(o?.n ?? 0), gmv: fenToYuan(Number(o?.gmv ?? 0)), commission: fenToYuan(base), memberCommission: fenToYuan(member), margin: fenToYuan(base - member) };
}

/** The order page's money block: the list's, plus what the base was computed from. */
export async function orderMoneyView(
  o: Pick<Selectable<DB["orders"]>, "id" | "payFen" | "ratio" | "commissionFen" | "commissionSource" | "gmvFen" | "baseFen" | "baseSource" | "refundFen">,
) {
  const shares = (await levelSharesOf([o.id])).get(o.id) ?? [];
  return {
    ...orderMoneyDto(o, shares),
    payAmount: o.payFen === null ? null : fenToYuan(o.payFen),
    ratio: o.ratio,
    meituanCommission: o.commissionFen === null ? null : fenToYuan(o.commissionFen),
    meituanCommissionSource: o.commissionSource,
  };
}
