// The console's one search box: whatever an operator has at hand — an order id, a phone number or email, a name,
// a sid, an invite code — finds the orders and members it names. Every lookup is a seek on an index, except the
// name substring, which scans only the index of names (users_name_id_idx) and stops at the first matches.
import { ORDER_STATUSES, ROLES, storedCode } from "../contracts/enums";
import { sql } from "kysely";
import { rawDb } from "../db";
import { exec, q, type Rows, type Work } from "../db/query";
import { maskUsername } from "../earnings/payout";
import { fenToYuan } from "../money";
import { isOrderIdPrefix, SEARCH_LIMIT, type MemberMatch } from "../contracts/search";



// The order the groups of member matches are shown in: the exact identifiers first.
const MATCH_RANK: Record<MemberMatch, number> = { inviteCode: 0, sid: 1, username: 2, name: 3 };

/** The upper bound of a prefix range: every string starting with `prefix` sorts in [prefix, prefix + U+FFFF). */
const prefixEnd = (prefix: string) => `${prefix}\uffff`;
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

const memberColumns = ["users.id", "users.username", "users.name", "users.sid", "users.role", "users.disabled"] as const;
const members = () => q.selectFrom("users").select(memberColumns).limit(SEARCH_LIMIT);

type MemberRow = Rows<ReturnType<typeof members>>[number];

function* memberMatches(term: string): Work<{ match: MemberMatch; rows: MemberRow[] }[]> {
  const lower = term.toLowerCase();
  const found: { match: MemberMatch; rows: MemberRow[] }[] = [];
  if (/^[A-Za-z0-9]{4,16}$/.test(term)) {
    found.push({ match: "inviteCode", rows: yield* exec(members().where("inviteCode", "=", term.toUpperCase())) });
  }
  if (/^[a-z0-9_-]+$/.test(lower)) {
    found.push({ match: "sid", rows: yield* exec(members().where("sid", ">=", lower).where("sid", "<", prefixEnd(lower)).orderBy("sid")) });
  }
  if (!/\s/.test(lower)) {
    found.push({ match: "username", rows: yield* exec(members().where("username", ">=", lower).where("username", "<", prefixEnd(lower)).orderBy("username")) });
  }
  // A whole invite code, sid, phone or email names its member: no need to look inside every name as well.
  const exact = found.some((g) => g.rows.some((r) => g.match === "inviteCode" || r.sid === lower || r.username === lower));
  // A name is searched inside, case-insensitively for Latin letters; digits alone are a phone or an order id.
  if (!exact && !/^\d+$/.test(term) && !term.includes("@")) {
    // lower() LIKE rather than PostgreSQL's ILIKE, which costs three times as much per name.
    const like = sql<boolean>`lower("name") LIKE ${`%${likeEscape(lower)}%`} ESCAPE '\\'`;
    // The matching ids from the (name, id) index alone, then their rows.
    const ids = q.selectFrom("users").select("id").where("name", "is not", null).where(like).limit(SEARCH_LIMIT);
    found.push({ match: "name", rows: yield* exec(members().where("id", "in", ids).orderBy("name")) });
  }
  return found;
}

function* orderMatches(term: string) {
  if (!isOrderIdPrefix(term)) return [];
  // A seek on the (platform, orderId) unique index; the exact id sorts first, as the shortest with its prefix.
  return yield* exec(
    q
      .selectFrom("orders")
      .leftJoin("users", "users.id", "orders.memberId")
      .select(["orders.orderId", "orders.title", "orders.status", "orders.occurredAt", "orders.sid", "orders.gmvFen", "users.id as memberId", "users.name as memberName", "users.username as memberUsername"])
      .where("orders.platform", "=", "union")
      .where("orders.orderId", ">=", term)
      .where("orders.orderId", "<", prefixEnd(term))
      .orderBy("orders.orderId")
      .limit(SEARCH_LIMIT),
  );
}

/** How the console names a member: never by id. */
const memberLabel = (m: { name: string | null; username: string }) => ({ name: m.name, phone: maskUsername(m.username) });

export async function adminSearch(term: string) {
  const { orders, groups } = await rawDb().run(function* () {
    return { orders: yield* orderMatches(term), groups: yield* memberMatches(term) };
  });
  const seen = new Set<string>();
  const found = groups
    .sort((a, b) => MATCH_RANK[a.match] - MATCH_RANK[b.match])
    .flatMap((g) => g.rows.map((row) => ({ ...row, match: g.match })))
    .filter((m) => !seen.has(m.id) && seen.add(m.id))
    .slice(0, SEARCH_LIMIT);
  return {
    orders: orders.map((o) => ({
      orderId: o.orderId,
      title: o.title,
      status: storedCode(ORDER_STATUSES, o.status),
      occurredAt: o.occurredAt.toISOString(),
      gmv: fenToYuan(o.gmvFen),
      exact: o.orderId === term,
      member: o.memberId && o.memberUsername ? { id: o.memberId, ...memberLabel({ name: o.memberName, username: o.memberUsername }) } : null,
      sid: o.sid,
    })),
    members: found.map((m) => ({ id: m.id, ...memberLabel(m), sid: m.sid, role: storedCode(ROLES, m.role), disabled: m.disabled, match: m.match })),
  };
}
