// A member's view into their team: the orders of their level-1 and level-2 members that earn them money, and
// one downline member's detail. Money is always the member's own commission rows (the rows their balances are
// summed from), never a recomputation; a member who is not in the asker's downline is "not found".
import { rawDb } from "../db";
import { q, timeOf } from "../db/query";
import { keysetPage, NEWEST_FIRST } from "../api/cursor";
import { notFound } from "../api/errors";
import { fenToYuan } from "../money";
import { memberLabel } from "../accounts/display";
import { maskUsername } from "./payout";
import { COMMISSION_STATUSES, ORDER_STATUSES, storedCode } from "../contracts/enums";
import type { TeamOrderQuery } from "../contracts/team";

const TEAM_LEVELS = [1, 2] as const;


/**
 * My share of each order: the net of my level-1/2 rows on it (void count 0) and the earning row's status. Read by
 * the orders' (orderRef, level, key) key and narrowed to mine here, so a member with a large ledger does not make
 * the database walk all of their rows for one page.
 */
async function mySharesOf(memberId: string, orderRefs: number[]) {
  const rows = orderRefs.length
    ? await rawDb().rows(q.selectFrom("commissions").select(["orderRef", "beneficiaryId", "key", "status", "amountFen"]).where("orderRef", "in", orderRefs).where("level", "in", [...TEAM_LEVELS]))
    : [];
  const out = new Map<number, { amountFen: number; status: string }>();
  for (const r of rows) {
    if (r.beneficiaryId !== memberId) continue;
    const share = out.get(r.orderRef) ?? { amountFen: 0, status: r.status };
    if (r.status !== "void") share.amountFen += r.amountFen;
    if (r.key === "earning") share.status = r.status;
    out.set(r.orderRef, share);
  }
  return out;
}

/**
 * 团队订单, keyset-paged on my earning rows (one per order and level: the (beneficiaryId, createdAt, id) index), newest
 * first — an order's row is written when its first push arrives, so this is the order's time except for one
 * attributed later (a claim, a registration that found it waiting), which comes in when it started earning me.
 * Filtered by level, order status or one downline member; the order's member must be in my downline at that depth.
 */
export async function teamOrders(memberId: string, query: TeamOrderQuery) {
  const levels = query.level ? [query.level] : TEAM_LEVELS;
  let list = q
    .selectFrom("commissions as c")
    .innerJoin("orders as o", "o.id", "c.orderRef")
    .innerJoin("users as u", "u.id", "o.memberId")
    .select(["c.id", "c.createdAt", "c.level", "o.id as orderRef", "o.title", "o.status", "o.refundType", "o.payFen", "o.occurredAt", "u.id as buyerId", "u.name", "u.username"])
    .where("c.beneficiaryId", "=", memberId)
    .where("c.key", "=", "earning")
    .where("c.level", "in", [...levels])
    // The buyer is still my level-1/2 member: one key lookup per row, which the planner takes to pass nearly every
    // row, so it walks my rows newest first (1 ms). As `memberId IN (my downline)` PostgreSQL started from the whole
    // team's orders (146 ms for a member with 1,288 below them at 1M orders); as `depth = 2`, it guessed that few
    // rows pass and sorted all of them (250 ms).
    .where((eb) =>
      eb(eb.selectFrom("referral_paths as p").select("p.depth").where("p.ancestorId", "=", memberId).whereRef("p.descendantId", "=", "o.memberId").where("p.depth", "in", [...levels]), "is not", null),
    );
  if (query.status) list = list.where("o.status", "=", query.status);
  if (query.memberId) list = list.where("o.memberId", "=", query.memberId);
  const { rows, nextCursor } = await rawDb().run(() => keysetPage(list, { ...NEWEST_FIRST("c.createdAt"), id: "c.id" }, query));
  const shares = await mySharesOf(memberId, rows.map((r) => r.orderRef));
  return {
    items: rows.map((o) => {
      const share = shares.get(o.orderRef) ?? { amountFen: 0, status: "void" };
      return {
        id: o.orderRef,
        title: o.title,
        status: storedCode(ORDER_STATUSES, o.status),
        refundType: o.refundType,
        payAmount: o.payFen === null ? null : fenToYuan(o.payFen),
        occurredAt: o.occurredAt.toISOString(),
        level: storedCode(TEAM_LEVELS, o.level),
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
