// A member's view into their team: the orders of their level-1 and level-2 members that earn them money, and
// one downline member's detail. Money is always the member's own commission rows (the rows their balances are
// summed from), never a recomputation; a member who is not in the asker's downline is "not found".
import type { ExpressionBuilder } from "kysely";
import { rawDb } from "../db";
import { q, timeOf, type DB } from "../db/query";
import { keysetPage, NEWEST_FIRST } from "../api/cursor";
import { notFound } from "../api/errors";
import { fenToYuan } from "../money";
import { memberLabel } from "../accounts/display";
import { maskUsername } from "./payout";
import { COMMISSION_STATUSES, ORDER_STATUSES, storedCode } from "../contracts/enums";
import type { TeamOrderQuery } from "../contracts/team";

const TEAM_LEVELS = [1, 2] as const;

/** The ids of my downline members at these depths. */
const downlineIds = (memberId: string, levels: readonly number[]) =>
  q.selectFrom("referral_paths").select("descendantId").where("ancestorId", "=", memberId).where("depth", "in", [...levels]);

/** My rows on the order `o.id` at these levels: the orders that earn me money are the ones that have some. */
const myRowsOn = (memberId: string, levels: readonly number[]) => (eb: ExpressionBuilder<DB & { o: DB["orders"] }, "o">) =>
  eb.exists(eb.selectFrom("commissions as c").select("c.id").whereRef("c.orderRef", "=", "o.id").where("c.beneficiaryId", "=", memberId).where("c.level", "in", [...levels]));

/** My share of each order: the net of my rows (void count 0) and the earning row's status. */
async function mySharesOf(memberId: string, orderRefs: number[]) {
  const rows = orderRefs.length
    ? await rawDb().rows(q.selectFrom("commissions").select(["orderRef", "level", "key", "status", "amountFen"]).where("beneficiaryId", "=", memberId).where("orderRef", "in", orderRefs).where("level", ">", 0))
    : [];
  const out = new Map<number, { amountFen: number; status: string; level: number }>();
  for (const r of rows) {
    const share = out.get(r.orderRef) ?? { amountFen: 0, status: r.status, level: r.level };
    if (r.status !== "void") share.amountFen += r.amountFen;
    if (r.key === "earning") share.status = r.status;
    out.set(r.orderRef, share);
  }
  return out;
}

/** 团队订单: newest first, keyset-paged; filtered by level, order status or one downline member. */
export async function teamOrders(memberId: string, query: TeamOrderQuery) {
  const levels = query.level ? [query.level] : TEAM_LEVELS;
  let list = q
    .selectFrom("orders as o")
    .innerJoin("users as u", "u.id", "o.memberId")
    .select(["o.id", "o.title", "o.status", "o.refundType", "o.payFen", "o.occurredAt", "u.id as buyerId", "u.name", "u.username"])
    .where("o.memberId", "in", downlineIds(memberId, levels))
    .where(myRowsOn(memberId, levels));
  if (query.status) list = list.where("o.status", "=", query.status);
  if (query.memberId) list = list.where("o.memberId", "=", query.memberId);
  const { rows, nextCursor } = await rawDb().run(() => keysetPage(list, { ...NEWEST_FIRST("o.occurredAt"), id: "o.id" }, query));
  const shares = await mySharesOf(memberId, rows.map((r) => r.id));
  return {
    items: rows.map((o) => {
      const share = shares.get(o.id)!;
      return {
        id: o.id,
        title: o.title,
        status: storedCode(ORDER_STATUSES, o.status),
        refundType: o.refundType,
        payAmount: o.payFen === null ? null : fenToYuan(o.payFen),
        occurredAt: o.occurredAt.toISOString(),
        level: storedCode(TEAM_LEVELS, share.level),
        member: { id: o.buyerId, label: memberLabel(o) },
        myShare: { amount: fenToYuan(share.amountFen), status: storedCode(COMMISSION_STATUSES, share.status) },
      };
    }),
    nextCursor,
  };
}

/** One member of my level-1 or level-2 team; anyone else (myself, my inviter, a stranger) is not found. */
export async function downlineDetail(memberId: string, downlineId: string) {
  const raw = rawDb();
  const found = await raw.row(
    q
      .selectFrom("referral_paths as p")
      .innerJoin("users as u", "u.id", "p.descendantId")
      .select(["u.id", "u.name", "u.username", "u.createdAt", "p.depth"])
      .where("p.ancestorId", "=", memberId)
      .where("p.descendantId", "=", downlineId)
      .where("p.depth", "in", [...TEAM_LEVELS]),
  );
  if (!found) throw notFound("团队成员");
  const [orders, earned, invited] = await Promise.all([
    raw.row(q.selectFrom("orders").select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.max("occurredAt").as("last")]).where("memberId", "=", downlineId)),
    raw.row(
      q
        .selectFrom("commissions as c")
        .innerJoin("orders as o", "o.id", "c.orderRef")
        .select((eb) => eb.fn.coalesce(eb.fn.sum<number>("c.amountFen"), eb.lit(0)).as("total"))
        .where("c.beneficiaryId", "=", memberId)
        .where("c.level", ">", 0)
        .where("c.status", "<>", "void")
        .where("o.memberId", "=", downlineId),
    ),
    raw.row(q.selectFrom("referral_paths").select((eb) => eb.fn.countAll<number>().as("n")).where("ancestorId", "=", downlineId).where("depth", "=", 1)),
  ]);
  const lastOrder = timeOf(orders?.last);
  // An order can predate the registration (it waited for their sid): the later of the two is the sign of life.
  const orderIsLatest = lastOrder !== null && lastOrder.getTime() > found.createdAt.getTime();
  return {
    id: found.id,
    label: memberLabel(found),
    name: found.name,
    login: maskUsername(found.username),
    level: storedCode(TEAM_LEVELS, found.depth),
    joinedAt: found.createdAt.toISOString(),
    orders: Number(orders?.n ?? 0),
    earnedForMe: fenToYuan(Number(earned?.total ?? 0)),
    lastActiveAt: (orderIsLatest ? lastOrder : found.createdAt).toISOString(),
    lastActiveKind: orderIsLatest ? ("order" as const) : ("registration" as const),
    invited: Number(invited?.n ?? 0),
  };
}
