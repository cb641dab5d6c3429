// The click-to-order funnel: clicks → orders → GMV → commission, per member, activity, link type and Beijing day.
//
// Attribution (README "Short links and the funnel"): an order counts for a link when it carries the member's sid
// and an activity's actId, and the member clicked a short link of that activity (not a bot) within the 7 days up
// to the order's paidAt; the most recent such click decides the link type. The order counts on the Beijing day
// it was paid. GMV is the order's gmvFen (orderMoneyBase); the commission is the member's own level-0 rows
// (levelSharesOf, as on every other page), not a recomputation. Clicks come from the daily rollup.
import { rawDb } from "../db";
import { q } from "../db/query";
import { fenToYuan } from "../money";
import { beijingDay, beijingDayEnd, beijingDayStart, FIRST_DAY } from "../time";
import { ApiError } from "../api/errors";
import { memberRefsOf } from "../accounts/display";
import { levelSharesOf } from "../orders/money";
import { LINK_TYPES, storedCode, type LinkType } from "../contracts/enums";
import type { z } from "zod";
import type { AdminFunnel, AdminFunnelQuery, AdminFunnelRow, FunnelGroup, FunnelNumbers, MemberFunnel, MemberLink } from "../contracts/links";
import { ensureShortCode, isRedirectable, shortUrlOf } from "./codes";

export const ATTRIBUTION_WINDOW_DAYS = 7;
const DAY_MS = 86_400_000;
const WINDOW_MS = ATTRIBUTION_WINDOW_DAYS * DAY_MS;
/** Members per click query, under SQLite's bind-parameter limit. */
const MEMBER_CHUNK = 500;
/** The longest range the console may ask for. */
export const MAX_RANGE_DAYS = 92;

interface Dims {
  day: string;
  memberId: string;
  activityId: number;
  linkType: LinkType;
}
interface Fact extends Dims {
  clicks: number;
  botClicks: number;
  orders: number;
  gmvFen: number;
  commissionFen: number;
}
interface Filter {
  memberId?: string;
  activityId?: number;
  linkType?: LinkType;
}

const zero = () => ({ clicks: 0, botClicks: 0, orders: 0, gmvFen: 0, commissionFen: 0 });

/** The day `n` days before `day` (Beijing days). */
const daysBefore = (day: string, n: number) => beijingDay(new Date(beijingDayStart(day).getTime() - n * DAY_MS));

/** Every fact of the range: one per rollup row and one per attributed order. */
async function funnelFacts(from: string, to: string, filter: Filter): Promise<Fact[]> {
  const raw = rawDb();
  const start = beijingDayStart(from);
  const end = beijingDayEnd(to);
  const facts: Fact[] = [];

  let clicks = q.selectFrom("link_click_daily").select(["day", "memberId", "activityId", "linkType", "clicks", "botClicks"]).where("day", ">=", from).where("day", "<=", to);
  if (filter.memberId) clicks = clicks.where("memberId", "=", filter.memberId);
  if (filter.activityId) clicks = clicks.where("activityId", "=", filter.activityId);
  if (filter.linkType) clicks = clicks.where("linkType", "=", filter.linkType);
  for (const c of await raw.rows(clicks)) facts.push({ ...zero(), ...c, linkType: storedCode(LINK_TYPES, c.linkType) });

  // Orders paid in the range that carry a member's sid and a known activity (occurredAt is paidAt for them).
  let orders = q
    .selectFrom("orders as o")
    .innerJoin("users as u", "u.sid", "o.sid")
    .innerJoin("activities as a", "a.actId", "o.actId")
    .select(["o.id", "o.paidAt", "o.gmvFen", "u.id as memberId", "a.id as activityId"])
    .where("o.occurredAt", ">=", start)
    .where("o.occurredAt", "<", end)
    .where("o.paidAt", "is not", null);
  if (filter.memberId) orders = orders.where("u.id", "=", filter.memberId);
  if (filter.activityId) orders = orders.where("a.id", "=", filter.activityId);
  const paid = await raw.rows(orders);
  if (!paid.length) return facts;

  // The clicks that can explain them: people's clicks, from a window before the range to its end, of the members
  // who have such orders only (index memberId, activityId, at), so clicks that never converted are not read.
  const byLink = new Map<string, { at: number; linkType: string }[]>();
  const buyers = [...new Set(paid.map((o) => o.memberId))];
  for (let i = 0; i < buyers.length; i += MEMBER_CHUNK) {
    let candidates = q
      .selectFrom("link_clicks")
      .select(["memberId", "activityId", "linkType", "at"])
      .where("memberId", "in", buyers.slice(i, i + MEMBER_CHUNK))
      .where("at", ">=", new Date(start.getTime() - WINDOW_MS))
      .where("at", "<", end)
      .where("bot", "=", false)
      .orderBy("at", "asc");
    if (filter.activityId) candidates = candidates.where("activityId", "=", filter.activityId);
    for (const c of await raw.rows(candidates)) {
      const key = `${c.memberId}|${c.activityId}`;
      const list = byLink.get(key) ?? [];
      list.push({ at: c.at.getTime(), linkType: c.linkType });
      byLink.set(key, list);
    }
  }

  const attributed: { orderRef: number; dims: Dims; gmvFen: number }[] = [];
  for (const o of paid) {
    const list = byLink.get(`${o.memberId}|${o.activityId}`);
    if (!list || !o.paidAt) continue;
    const paidAt = o.paidAt.getTime();
    const click = latestAtOrBefore(list, paidAt);
    if (!click || click.at < paidAt - WINDOW_MS) continue;
    const linkType = storedCode(LINK_TYPES, click.linkType);
    if (filter.linkType && linkType !== filter.linkType) continue;
    attributed.push({ orderRef: o.id, gmvFen: o.gmvFen, dims: { day: beijingDay(o.paidAt), memberId: o.memberId, activityId: o.activityId, linkType } });
  }
  const shares = await levelSharesOf(attributed.map((a) => a.orderRef));
  for (const a of attributed) {
    const own = (shares.get(a.orderRef) ?? []).find((s) => s.level === 0 && s.memberId === a.dims.memberId);
    facts.push({ ...zero(), ...a.dims, orders: 1, gmvFen: a.gmvFen, commissionFen: own?.amountFen ?? 0 });
  }
  return facts;
}

/** The last click at or before `t` in a list sorted by time (binary search). */
function latestAtOrBefore<T extends { at: number }>(list: T[], t: number): T | undefined {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].at <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? list[lo - 1] : undefined;
}

type Sum = ReturnType<typeof zero>;

function add(into: Sum, f: Sum) {
  into.clicks += f.clicks;
  into.botClicks += f.botClicks;
  into.orders += f.orders;
  into.gmvFen += f.gmvFen;
  into.commissionFen += f.commissionFen;
}

function group<K>(facts: Fact[], keyOf: (f: Fact) => string, dimsOf: (f: Fact) => K): Map<string, K & Sum> {
  const out = new Map<string, K & Sum>();
  for (const f of facts) {
    const key = keyOf(f);
    let g = out.get(key);
    if (!g) out.set(key, (g = { ...dimsOf(f), ...zero() }));
    add(g, f);
  }
  return out;
}

export function numbers(s: Sum): FunnelNumbers {
  return {
    clicks: s.clicks,
    botClicks: s.botClicks,
    orders: s.orders,
    gmv: fenToYuan(s.gmvFen),
    commission: fenToYuan(s.commissionFen),
    conversion: s.clicks ? Math.round((s.orders / s.clicks) * 10_000) / 10_000 : null,
  };
}

const total = (facts: Fact[]) => {
  const t = zero();
  for (const f of facts) add(t, f);
  return t;
};

/** Busiest first: clicks, then orders, then GMV. */
const byVolume = (a: Sum, b: Sum) => b.clicks - a.clicks || b.orders - a.orders || b.gmvFen - a.gmvFen;

async function activityNames(): Promise<Map<number, string>> {
  const rows = await rawDb().rows(q.selectFrom("activities").select(["id", "name"]));
  return new Map(rows.map((a) => [a.id, a.name]));
}

/** The member's links (every kind they generated), each with its short link, made for links older than codes. */
export async function memberLinks(memberId: string, origin?: string): Promise<MemberLink[]> {
  const rows = await rawDb().rows(
    q
      .selectFrom("promotion_links as l")
      .innerJoin("activities as a", "a.id", "l.activityId")
      .leftJoin("short_links as s", (j) => j.onRef("s.memberId", "=", "l.memberId").onRef("s.activityId", "=", "l.activityId").onRef("s.linkType", "=", "l.linkType"))
      .select(["l.activityId", "a.name as activityName", "l.linkType", "l.url", "l.createdAt", "s.code"])
      .where("l.memberId", "=", memberId)
      .orderBy("l.createdAt", "desc")
      .orderBy("l.id", "desc"),
  );
  const out: MemberLink[] = [];
  for (const r of rows) {
    const linkType = storedCode(LINK_TYPES, r.linkType);
    const code = r.code ?? (isRedirectable(r.url) ? await ensureShortCode({ memberId, activityId: r.activityId, linkType }) : null);
    out.push({ activityId: r.activityId, activityName: r.activityName, linkType, url: r.url, shortUrl: code ? shortUrlOf(code, origin) : null, createdAt: r.createdAt.toISOString() });
  }
  return out;
}

/** GET /api/me/funnel: the member's own funnel for the last `days` Beijing days (today included). */
export async function memberFunnel(memberId: string, days: number, origin?: string, now = new Date()): Promise<MemberFunnel> {
  const to = beijingDay(now);
  const from = daysBefore(to, days - 1);
  const [facts, names, links] = await Promise.all([funnelFacts(from, to, { memberId }), activityNames(), memberLinks(memberId, origin)]);
  const byActivity = [...group(facts, (f) => String(f.activityId), (f) => ({ activityId: f.activityId })).values()].sort(byVolume);
  const byLinkType = [...group(facts, (f) => f.linkType, (f) => ({ linkType: f.linkType })).values()].sort(byVolume);
  const perDay = group(facts, (f) => f.day, (f) => ({ day: f.day }));
  const perLink = group(facts, (f) => `${f.activityId}|${f.linkType}`, () => ({}));
  const byDay = Array.from({ length: days }, (_, i) => daysBefore(to, i)).map((day) => ({ day, ...numbers(perDay.get(day) ?? zero()) }));
  return {
    from,
    to,
    windowDays: ATTRIBUTION_WINDOW_DAYS,
    totals: numbers(total(facts)),
    byActivity: byActivity.map((a) => ({ activityId: a.activityId, activityName: names.get(a.activityId) ?? `活动 ${a.activityId}`, ...numbers(a) })),
    byLinkType: byLinkType.map((l) => ({ linkType: l.linkType, ...numbers(l) })),
    byDay,
    links: links
      .map((l) => ({ l, n: perLink.get(`${l.activityId}|${l.linkType}`) ?? zero() }))
      .sort((a, b) => byVolume(a.n, b.n))
      .map(({ l, n }) => ({ activityId: l.activityId, activityName: l.activityName, linkType: l.linkType, shortUrl: l.shortUrl, ...numbers(n) })),
  };
}

const GROUP_KEY: Record<FunnelGroup, (f: Fact) => string> = {
  link: (f) => `${f.memberId}|${f.activityId}|${f.linkType}`,
  member: (f) => f.memberId,
  activity: (f) => String(f.activityId),
  linkType: (f) => f.linkType,
  day: (f) => f.day,
};

/** GET /api/admin/funnel: every member's, grouped one way, filtered, busiest first (days: newest first), paged. */
export async function adminFunnel(query: z.infer<typeof AdminFunnelQuery>, now = new Date()): Promise<AdminFunnel> {
  const to = query.to ?? beijingDay(now);
  // The 30 days up to `to`, but never before the first day a date may name (a `to` in January 1970).
  const from = query.from ?? [daysBefore(to, 29), FIRST_DAY].reduce((a, b) => (a > b ? a : b));
  if (from > to) throw new ApiError(422, "invalid_range", "开始日期不能晚于结束日期", { from: ["开始日期不能晚于结束日期"] });
  if (beijingDayStart(to).getTime() - beijingDayStart(from).getTime() >= MAX_RANGE_DAYS * DAY_MS) {
    throw new ApiError(422, "range_too_long", `一次最多查看 ${MAX_RANGE_DAYS} 天`, { from: [`一次最多查看 ${MAX_RANGE_DAYS} 天`] });
  }
  const facts = await funnelFacts(from, to, query);
  const keyOf = GROUP_KEY[query.group];
  const rows = [...group(facts, keyOf, (f) => ({ key: keyOf(f), dims: f })).values()];
  rows.sort(query.group === "day" ? (a, b) => (a.key < b.key ? 1 : -1) : (a, b) => byVolume(a, b) || (a.key < b.key ? -1 : 1));
  const offset = query.cursor && /^\d{1,9}$/.test(query.cursor) ? Number(query.cursor) : 0;
  const pageRows = rows.slice(offset, offset + query.limit);
  const [names, refs] = await Promise.all([activityNames(), memberRefsOf(pageRows.map((r) => r.dims.memberId))]);
  const show = { member: ["link", "member"], activity: ["link", "activity"], linkType: ["link", "linkType"], day: ["day"] };
  const items: AdminFunnelRow[] = pageRows.map((r) => ({
    key: r.key,
    member: show.member.includes(query.group) ? (refs.get(r.dims.memberId) ?? { id: r.dims.memberId, label: "已删除的会员" }) : null,
    activityId: show.activity.includes(query.group) ? r.dims.activityId : null,
    activityName: show.activity.includes(query.group) ? (names.get(r.dims.activityId) ?? `活动 ${r.dims.activityId}`) : null,
    linkType: show.linkType.includes(query.group) ? r.dims.linkType : null,
    day: query.group === "day" ? r.dims.day : null,
    ...numbers(r),
  }));
  return {
    from,
    to,
    windowDays: ATTRIBUTION_WINDOW_DAYS,
    group: query.group,
    totals: numbers(total(facts)),
    items,
    total: rows.length,
    nextCursor: offset + query.limit < rows.length ? String(offset + query.limit) : null,
  };
}
