// The funnel equals a computation by hand over random clicks and orders (a small property test): each order goes
// to the member's most recent human click of the order's activity in the 7 days up to its payment, its GMV is the
// order's, its commission the member's own level-0 rows. A member sees only their own funnel.
import { beforeAll, describe, expect, it } from "vitest";
import { rows, useTestDatabase, userId } from "../helpers/db";
import { call, type Actor } from "../helpers/http";
import { pushPayload, signed, SECRET } from "../helpers/push";
import { q } from "@/lib/db/query";
import { beijingDay, beijingDayStart } from "@/lib/time";
import { fenToYuan } from "@/lib/money";
import type { LinkType } from "@/lib/contracts/enums";

process.env.MEITUAN_CALLBACK_SECRET = SECRET;
useTestDatabase();

type Handler = Parameters<typeof call>[0];
const route = async (path: string) => (await import(/* @vite-ignore */ `@/app/api/${path}/route`)) as Record<string, Handler>;
const DAY = 86_400_000;
const RUNS = Number(process.env.FUNNEL_RUNS ?? 3);
const DAYS = 10;

/** mulberry32: a reproducible sequence per seed. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let admin: Actor;
let acts: { id: number; actId: string }[];
const LINK_TYPES: LinkType[] = ["h5_short", "h5_long"];

async function register(username: string) {
  const r = await call((await route("register")).POST, "/api/register", { json: { username, password: "Password-123" } });
  return { id: r.data.id as string, role: "MEMBER" as const, sid: r.data.sid as string };
}

beforeAll(async () => {
  const { upsertAdmin } = await import("@/lib/accounts/register");
  await upsertAdmin("funnel-boss@example.com", "Admin-Pass-123");
  admin = { id: await userId("funnel-boss@example.com"), role: "ADMIN" };
  acts = [];
  for (const [actId, name] of [["33", "外卖红包"], ["44", "到店团购"]]) {
    const r = await call((await route("admin/activities")).POST, "/api/admin/activities", { as: admin, json: { actId, name } });
    acts.push({ id: r.data.id, actId });
  }
});

interface Click {
  memberId: string;
  activityId: number;
  linkType: LinkType;
  bot: boolean;
  at: Date;
}

interface Expected {
  clicks: number;
  botClicks: number;
  orders: number;
  gmvFen: number;
  commissionFen: number;
}
const blank = (): Expected => ({ clicks: 0, botClicks: 0, orders: 0, gmvFen: 0, commissionFen: 0 });
const asApi = (e: Expected) => ({ clicks: e.clicks, botClicks: e.botClicks, orders: e.orders, gmv: fenToYuan(e.gmvFen), commission: fenToYuan(e.commissionFen), conversion: e.clicks ? Math.round((e.orders / e.clicks) * 10_000) / 10_000 : null });

describe.each(Array.from({ length: RUNS }, (_, i) => [i + 1]))("random clicks and orders, run %i", (run) => {
  const seed = Number(process.env.FUNNEL_SEED ?? Date.now() % 1_000_000) + run;
  const random = rng(seed);
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
  let members: (Actor & { sid: string })[];
  const clicks: Click[] = [];
  const orderIds: string[] = [];
  const now = Date.now();

  beforeAll(async () => {
    members = [await register(`funnel-a${run}-${seed}@example.com`), await register(`funnel-b${run}-${seed}@example.com`)];
    const { rawDb } = await import("@/lib/db");
    for (const m of members)
      for (const a of acts)
        for (const linkType of LINK_TYPES)
          await rawDb().rows(q.insertInto("promotion_links").values({ memberId: m.id, activityId: a.id, linkType, url: `https://click.meituan.com/t?a=${a.actId}&l=${linkType}&sid=${m.sid}`, createdAt: new Date() }));
    const codes = new Map<string, string>();
    for (const m of members) {
      const res = await call((await route("me/links")).GET, "/api/me/links", { as: m });
      for (const l of res.data.items) codes.set(`${m.id}|${l.activityId}|${l.linkType}`, l.shortUrl.split("/").pop());
    }
    // Clicks over the last 16 days (some before the range: they can still explain an order in it), through the writer.
    const { clickWriter } = await import("@/lib/links/redirect");
    for (let i = 0; i < 80; i++) {
      const c: Click = { memberId: pick(members).id, activityId: pick(acts).id, linkType: pick(LINK_TYPES), bot: random() < 0.2, at: new Date(now - Math.floor(random() * 16 * DAY)) };
      clicks.push(c);
      clickWriter().record({ ...c, code: codes.get(`${c.memberId}|${c.activityId}|${c.linkType}`)!, uaClass: c.bot ? "bot" : "android", referrerHost: null, ip: "192.0.2.1", userAgent: "test" });
    }
    await clickWriter().flush();
    // Orders over the last 12 days: the members' and a stranger's sid, known and unknown activities, some refunded.
    const callback = (await route("meituan/callback")).POST;
    for (let i = 0; i < 30; i++) {
      const paid = Math.floor((now - random() * 12 * DAY) / 1000);
      const p = pushPayload({ sid: random() < 0.85 ? pick(members).sid : "strangersid00000", actId: pick(["33", "44", "44", "99"]), paytime: String(paid), ordertime: String(paid - 10), modTime: String(paid + 1), payPrice: (1 + Math.floor(random() * 9000) / 100).toFixed(2), ratio: "0.06" });
      orderIds.push(p.orderid as string);
      expect((await call(callback, "/api/meituan/callback", { json: signed(p) })).data.errcode).toBe("0");
      if (random() < 0.2) await call(callback, "/api/meituan/callback", { json: signed({ ...p, status: "9", refundType: "1", modTime: String(paid + 100) }) });
    }
  });

  /** The hand computation for one member over the member API's range. */
  async function expectedFor(memberId: string, from: string, to: string) {
    const inRange = (at: Date) => beijingDay(at) >= from && beijingDay(at) <= to;
    const member = members.find((m) => m.id === memberId)!;
    const orders = await rows(q.selectFrom("orders").select(["id", "paidAt", "gmvFen", "actId", "sid"]).where("orderId", "in", orderIds));
    const commissions = await rows(q.selectFrom("commissions").select(["orderRef", "amountFen", "status", "level", "beneficiaryId"]));
    const totals = blank();
    const byDay = new Map<string, Expected>();
    const byActivity = new Map<number, Expected>();
    const byLinkType = new Map<string, Expected>();
    const bump = (e: Partial<Expected>, day: string, activityId: number, linkType: string) => {
      for (const target of [totals, byDay.get(day) ?? byDay.set(day, blank()).get(day)!, byActivity.get(activityId) ?? byActivity.set(activityId, blank()).get(activityId)!, byLinkType.get(linkType) ?? byLinkType.set(linkType, blank()).get(linkType)!])
        for (const [k, v] of Object.entries(e)) target[k as keyof Expected] += v;
    };
    for (const c of clicks) if (c.memberId === memberId && inRange(c.at)) bump(c.bot ? { botClicks: 1 } : { clicks: 1 }, beijingDay(c.at), c.activityId, c.linkType);
    for (const o of orders) {
      const act = acts.find((a) => a.actId === o.actId);
      if (o.sid !== member.sid || !act || !o.paidAt || !inRange(o.paidAt)) continue;
      let best: Click | undefined;
      for (const c of clicks) {
        if (c.memberId !== memberId || c.activityId !== act.id || c.bot) continue;
        if (c.at > o.paidAt || c.at.getTime() < o.paidAt.getTime() - 7 * DAY) continue;
        if (!best || c.at > best.at) best = c;
      }
      if (!best) continue;
      const commission = commissions.filter((r) => r.orderRef === o.id && r.level === 0 && r.beneficiaryId === memberId && r.status !== "void").reduce((t, r) => t + r.amountFen, 0);
      bump({ orders: 1, gmvFen: o.gmvFen, commissionFen: commission }, beijingDay(o.paidAt), act.id, best.linkType);
    }
    return { totals, byDay, byActivity, byLinkType };
  }

  it("the member's funnel equals the hand computation, per activity, link type and day", async () => {
    for (const m of members) {
      const res = await call((await route("me/funnel")).GET, `/api/me/funnel?days=${DAYS}`, { as: m });
      expect(res.status, res.text).toBe(200);
      const to = beijingDay(new Date());
      const from = beijingDay(new Date(beijingDayStart(to).getTime() - (DAYS - 1) * DAY));
      expect([res.data.from, res.data.to, res.data.windowDays]).toEqual([from, to, 7]);
      const want = await expectedFor(m.id, from, to);
      expect(res.data.totals, `seed ${seed}`).toEqual(asApi(want.totals));
      expect(res.data.byDay).toHaveLength(DAYS);
      for (const d of res.data.byDay) expect(d, `seed ${seed} day ${d.day}`).toMatchObject(asApi(want.byDay.get(d.day) ?? blank()));
      expect(Object.fromEntries(res.data.byActivity.map((a: { activityId: number }) => [a.activityId, a])), `seed ${seed}`).toEqual(
        Object.fromEntries([...want.byActivity].map(([id, e]) => [id, { activityId: id, activityName: expect.any(String), ...asApi(e) }])),
      );
      expect(Object.fromEntries(res.data.byLinkType.map((a: { linkType: string }) => [a.linkType, a])), `seed ${seed}`).toEqual(
        Object.fromEntries([...want.byLinkType].map(([t, e]) => [t, { linkType: t, ...asApi(e) }])),
      );
      // Their links, every one with its numbers: together they are the totals.
      expect(res.data.links).toHaveLength(4);
      expect(res.data.links.reduce((t: number, l: { clicks: number }) => t + l.clicks, 0)).toBe(want.totals.clicks);
      expect(res.data.links.reduce((t: number, l: { orders: number }) => t + l.orders, 0)).toBe(want.totals.orders);
    }
  });

  it("the console's funnel, paged one row at a time, adds up to the same numbers", async () => {
    const to = beijingDay(new Date());
    const from = beijingDay(new Date(beijingDayStart(to).getTime() - (DAYS - 1) * DAY));
    for (const m of members) {
      const want = await expectedFor(m.id, from, to);
      for (const group of ["link", "activity", "linkType", "day", "member"]) {
        const seen: { orders: number; clicks: number; commission: string; member: { id: string; label: string } | null }[] = [];
        let cursor: string | null = "";
        while (cursor !== null) {
          const res = await call((await route("admin/funnel")).GET, `/api/admin/funnel?from=${from}&to=${to}&memberId=${m.id}&group=${group}&limit=1${cursor ? `&cursor=${cursor}` : ""}`, { as: admin });
          expect(res.status, res.text).toBe(200);
          expect(res.data.totals, `seed ${seed} ${group}`).toEqual(asApi(want.totals));
          seen.push(...res.data.items);
          cursor = res.data.nextCursor;
          expect(seen.length).toBeLessThanOrEqual(res.data.total);
        }
        expect(seen.reduce((t, r) => t + r.orders, 0), `seed ${seed} ${group}`).toBe(want.totals.orders);
        expect(seen.reduce((t, r) => t + r.clicks, 0), `seed ${seed} ${group}`).toBe(want.totals.clicks);
        if (group === "member" && seen.length) expect(seen[0].member?.label).toMatch(/\*\*\*/);
      }
    }
  });

  it("a member sees only their own funnel and links, whatever they ask for", async () => {
    const [a, b] = members;
    const theirs = await call((await route("me/funnel")).GET, `/api/me/funnel?days=${DAYS}&memberId=${a.id}`, { as: b });
    const mine = await call((await route("me/funnel")).GET, `/api/me/funnel?days=${DAYS}`, { as: b });
    expect(theirs.data).toEqual(mine.data);
    const links = await call((await route("me/links")).GET, "/api/me/links", { as: b });
    expect(links.data.items.every((l: { url: string }) => l.url.endsWith(b.sid))).toBe(true);
    expect((await call((await route("admin/funnel")).GET, "/api/admin/funnel", { as: b })).status).toBe(403);
    expect((await call((await route("me/funnel")).GET, "/api/me/funnel")).status).toBe(401);
    expect((await call((await route("me/funnel")).GET, "/api/me/funnel?days=91", { as: b })).status).toBe(422);
  });
});

describe("the console's range", () => {
  it("refuses a reversed or too long range with a Chinese message", async () => {
    const reversed = await call((await route("admin/funnel")).GET, "/api/admin/funnel?from=2026-11-20&to=2026-11-01", { as: admin });
    expect(reversed.status).toBe(422);
    expect(reversed.data.error.message).toContain("开始日期");
    expect((await call((await route("admin/funnel")).GET, "/api/admin/funnel?from=2026-01-01&to=2026-11-01", { as: admin })).status).toBe(422);
  });

  it("starts the default 30 days no earlier than the first day a date may name (found by the fuzzer: to=1970-01-01 was a 500)", async () => {
    const earliest = await call((await route("admin/funnel")).GET, "/api/admin/funnel?to=1970-01-01", { as: admin });
    expect(earliest.status).toBe(200);
    expect(earliest.data).toMatchObject({ from: "1970-01-01", to: "1970-01-01" });
  });
});
