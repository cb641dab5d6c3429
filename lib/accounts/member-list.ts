// The admin's member list, answering an operator's questions in two queries per page (the members, then their inviters): who (name and masked login,
// inviter), what they can withdraw (可提现, from the ledger rows, as the member sees it), how active (orders in the
// last 30 days, last active), how big their team is, and whether they are disabled.
import { ROLES, storedCode } from "../contracts/enums";
import { sql, type ExpressionBuilder } from "kysely";
import { z } from "zod";
import { cursorParam, limitParam } from "../contracts/common";
import { ApiError } from "../api/errors";
import { rawDb } from "../db";
import { q, timeOf, type DB } from "../db/query";
import { fenToYuan } from "../money";
import { BALANCE_ROW_STATUSES } from "../rollups/balances";
import { memberLabel, memberRefsOf } from "./display";

export const MEMBER_SORTS = ["registered_desc", "balance_desc", "orders30d_desc"] as const;

export const MemberListQuery = z.object({
  q: z.string().trim().max(100).optional(),
  status: z.enum(["active", "disabled"], { error: "状态只能是 active 或 disabled" }).optional(),
  balance: z.enum(["positive", "negative"], { error: "余额筛选只能是 positive 或 negative" }).optional(),
  sort: z.enum(MEMBER_SORTS, { error: "排序方式无效" }).default("registered_desc"),
  cursor: cursorParam,
  limit: limitParam(50),
});
export type MemberListQuery = z.infer<typeof MemberListQuery>;

/**
 * Sorting by a computed figure (balance, orders) cannot walk an index: those pages go by offset, up to this many
 * members (then the list ends and says to narrow it). Sorting by registration stays keyset-paged without a cap.
 */
export const COMPUTED_SORT_CAP = 1000;

const RECENT_DAYS = 30;

type Users = ExpressionBuilder<DB, "users">;

/** 可提现 as a scalar subquery: the balance rows net of 扣回, less every withdrawal not rejected (availableBalanceFen). */
const balanceFen = (eb: Users) =>
  sql<number>`(${eb
    .selectFrom("commissions as c")
    .select(sql<number>`COALESCE(SUM(c."amountFen"), 0)`.as("t"))
    .whereRef("c.beneficiaryId", "=", "users.id")
    .where("c.status", "in", BALANCE_ROW_STATUSES)} - ${eb
    .selectFrom("withdrawals as w")
    .select(sql<number>`COALESCE(SUM(w."amountFen"), 0)`.as("t"))
    .whereRef("w.memberId", "=", "users.id")
    .where("w.status", "<>", "rejected")})`;

const recentOrders = (eb: Users, since: Date) =>
  eb.selectFrom("orders as o").select(eb.fn.countAll<number>().as("n")).whereRef("o.memberId", "=", "users.id").where("o.occurredAt", ">=", since);

/** Everyone below the member, at any depth. */
const teamSize = (eb: Users) =>
  eb.selectFrom("referral_paths as p").select(eb.fn.countAll<number>().as("n")).whereRef("p.ancestorId", "=", "users.id").where("p.depth", ">=", 1);

const lastOrderAt = (eb: Users) =>
  eb.selectFrom("orders as lo").select("lo.occurredAt").whereRef("lo.memberId", "=", "users.id").orderBy("lo.occurredAt", "desc").limit(1);

const lastWithdrawalAt = (eb: Users) =>
  eb.selectFrom("withdrawals as lw").select("lw.requestedAt").whereRef("lw.memberId", "=", "users.id").orderBy("lw.id", "desc").limit(1);

type Cursor = { kind: "key"; at: Date; id: string } | { kind: "offset"; offset: number };

const encode = (text: string) => Buffer.from(text).toString("base64url");

function decodeCursor(cursor: string | undefined, sort: MemberListQuery["sort"]): Cursor | null {
  if (!cursor) return null;
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  const key = /^(\d{1,15}):([0-9a-f-]{36})$/.exec(text);
  if (sort === "registered_desc" && key && Number(key[1]) <= Date.UTC(9999, 11, 31)) return { kind: "key", at: new Date(Number(key[1])), id: key[2] };
  const offset = new RegExp(`^${sort}@(\\d{1,4})$`).exec(text);
  if (sort !== "registered_desc" && offset && Number(offset[1]) < COMPUTED_SORT_CAP) return { kind: "offset", offset: Number(offset[1]) };
  throw new ApiError(422, "invalid_cursor", "分页参数无效，请刷新后重试");
}

/** The latest sign of life we keep: the last order, the last withdrawal request, else registration (no login is recorded). */
function lastActive(createdAt: Date, order: Date | null, withdrawal: Date | null) {
  const candidates: [Date, "order" | "withdrawal" | "registration"][] = [[createdAt, "registration"]];
  if (order) candidates.push([order, "order"]);
  if (withdrawal) candidates.push([withdrawal, "withdrawal"]);
  const [at, kind] = candidates.reduce((a, b) => (b[0].getTime() > a[0].getTime() ? b : a));
  return { lastActiveAt: at.toISOString(), lastActiveKind: kind };
}

export async function listMembers(query: MemberListQuery, now = new Date()) {
  const term = query.q?.trim();
  const cursor = decodeCursor(query.cursor, query.sort);
  const since = new Date(now.getTime() - RECENT_DAYS * 86_400_000);
  const computed = query.sort !== "registered_desc";
  const offset = cursor?.kind === "offset" ? cursor.offset : 0;
  const limit = computed ? Math.min(query.limit, COMPUTED_SORT_CAP - offset) : query.limit;

  // First the page's members in order (only the sort key is computed for every member the sort passes over), then
  // what the page shows, for those members alone.
  const owing = query.balance === "negative";
  let page = q
    // The stored balance (lib/rollups/balances.ts) orders and filters; the one shown is summed from the rows. Every
    // member has a row (openBalance), so the sort walks its index. Members who owe are few, and PostgreSQL's guess of
    // how few is far off (it walked every member by registration, 160 ms at 100k): they are gathered first.
    .with((cte) => (owing ? cte("b").materialized() : cte("b")), (db) => db.selectFrom("member_balances").select(["memberId", "balanceFen"]).$if(owing, (w) => w.where(sql.ref("balanceFen"), "<", 0)))
    .selectFrom("users")
    .$if(query.sort === "balance_desc" || query.balance !== undefined, (w) => w.innerJoin("b", "b.memberId", "users.id"))
    .select("users.id")
    .$if(!!term, (w) =>
      w.where((eb) => {
        // Prefixes compare substr with the term rather than LIKE, so a wildcard in the term cannot widen them.
        const prefix = (column: "username" | "name", value: string) => eb(eb.fn<string>("substr", [column, eb.lit(1), eb.lit(value.length)]), "=", value);
        return eb.or([prefix("username", term!.toLowerCase()), prefix("name", term!), eb("sid", "=", term!.toLowerCase()), eb("inviteCode", "=", term!.toUpperCase()), eb("users.id", "=", term!)]);
      }),
    )
    .$if(query.status !== undefined, (w) => w.where("disabled", "=", query.status === "disabled"))
    .$if(query.balance === "positive", (w) => w.where(sql.ref("b.balanceFen"), ">", 0));

  if (query.sort === "balance_desc") page = page.orderBy(sql.ref("b.balanceFen"), "desc").orderBy(sql.ref("b.memberId"), "desc");
  if (query.sort === "orders30d_desc") page = page.orderBy((eb) => recentOrders(eb, since), "desc");
  if (cursor?.kind === "key") {
    const { at, id } = cursor;
    page = page.where((eb) => eb.or([eb("users.createdAt", "<", at), eb.and([eb("users.createdAt", "=", at), eb("users.id", "<", id)])]));
  }
  if (query.sort !== "balance_desc") page = page.orderBy("users.createdAt", "desc").orderBy("users.id", "desc");
  page = page.limit(limit + 1);
  if (computed) page = page.offset(offset);

  const raw = rawDb();
  const order = (await raw.rows(page)).map((r) => r.id);
  const shown = order.length
    ? await raw.rows(
        q.selectFrom("users")
          .select((eb) => [
            "id", "username", "name", "role", "sid", "inviteCode", "inviterId", "disabled", "createdAt",
            balanceFen(eb).as("balanceFen"),
            recentOrders(eb, since).as("orders30d"),
            teamSize(eb).as("teamSize"),
            lastOrderAt(eb).as("lastOrderAt"),
            lastWithdrawalAt(eb).as("lastWithdrawalAt"),
          ])
          .where("id", "in", order),
      )
    : [];
  const byId = new Map(shown.map((m) => [m.id, m]));
  // Members are never deleted, so each one read first is there to show.
  const rows = order.map((id) => byId.get(id)!);
  const inviters = await memberRefsOf(rows.slice(0, limit).map((m) => m.inviterId));
  const items = rows.slice(0, limit);
  const more = rows.length > limit;
  const atCap = computed && offset + items.length >= COMPUTED_SORT_CAP;
  const last = items[items.length - 1];
  const nextCursor = !more || !last || atCap ? null : computed ? encode(`${query.sort}@${offset + items.length}`) : encode(`${last.createdAt.getTime()}:${last.id}`);
  return {
    items: items.map((m) => ({
      id: m.id,
      username: m.username,
      name: m.name,
      label: memberLabel(m),
      role: storedCode(ROLES, m.role),
      sid: m.sid,
      inviteCode: m.inviteCode,
      inviterId: m.inviterId,
      inviter: m.inviterId ? (inviters.get(m.inviterId) ?? null) : null,
      disabled: m.disabled,
      createdAt: m.createdAt.toISOString(),
      // PostgreSQL's SUM and COUNT are bigints (text).
      balance: fenToYuan(Number(m.balanceFen)),
      orders30d: Number(m.orders30d),
      teamSize: Number(m.teamSize),
      ...lastActive(m.createdAt, timeOf(m.lastOrderAt), timeOf(m.lastWithdrawalAt)),
    })),
    nextCursor,
    // The computed sort reached its cap with members left: the list says to narrow it.
    capped: atCap && more,
  };
}
