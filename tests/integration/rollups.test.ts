// The dashboard's rollups (lib/rollups): after random sequences of every kind of money event (the generator of the
// money invariants: pushes new/update/refund/out of order on different days and lines, reconciliation, settlement,
// withdrawals, assignment, adjustments), the rollups the writes kept equal a rebuild from the rows, the rebuild
// equals the rows added up here in JS, and the dashboard (closed days from the rollups, the open day live) equals
// the rows too; every member's stored balance equals the rows, a rebuild and what the member sees, and the admin's
// member list filters and orders by it. A push that fails inside a batch (its savepoint rolled back) leaves the
// rollups untouched.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { ddl, rows, testDatabase, useTestDatabase, userId } from "../helpers/db";
import { q } from "@/lib/db/query";
import { pushPayload, signed, SECRET } from "../helpers/push";
import { apply, newTeam, stepArb } from "../helpers/money-steps";
import type { InboxEntry } from "@/lib/inbox/store";

process.env.MEITUAN_CALLBACK_SECRET = SECRET;
useTestDatabase();

const RUNS = Number(process.env.ROLLUP_RUNS ?? (testDatabase === "postgres" ? 15 : 40));
const stats = { runs: 0, steps: 0, checks: 0 };
let adminId: string;

const libs = async () => ({
  db: await import("@/lib/db"),
  rebuild: await import("@/lib/rollups/rebuild"),
  balances: await import("@/lib/rollups/balances"),
  withdrawals: await import("@/lib/earnings/withdrawals"),
  members: await import("@/lib/accounts/member-list"),
  dashboard: await import("@/lib/admin/dashboard"),
  money: await import("@/lib/money"),
  time: await import("@/lib/time"),
});

/** The rollup rows the rows imply, added up here from every order and commission row. */
async function rollupsFromRows() {
  const { beijingDay } = (await libs()).time;
  const orders = await rows(q.selectFrom("orders").select(["id", "occurredAt", "businessLine", "gmvFen", "baseFen", "source"]));
  const comms = await rows(q.selectFrom("commissions").select(["orderRef", "beneficiaryId", "amountFen"]).where("status", "<>", "void"));
  const days = new Map<string, { day: string; line: number; orders: number; syncOrders: number; gmvFen: number; baseFen: number; memberFen: number }>();
  const members = new Map<string, { day: string; memberId: string; earnedFen: number }>();
  const place = new Map(orders.map((o) => [o.id, { day: beijingDay(o.occurredAt), line: o.businessLine ?? -1 }]));
  const dayRow = (day: string, line: number) => {
    const k = `${day}|${line}`;
    let r = days.get(k);
    if (!r) days.set(k, (r = { day, line, orders: 0, syncOrders: 0, gmvFen: 0, baseFen: 0, memberFen: 0 }));
    return r;
  };
  for (const o of orders) {
    const r = dayRow(beijingDay(o.occurredAt), o.businessLine ?? -1);
    r.orders++;
    if (o.source === "sync") r.syncOrders++;
    r.gmvFen += Number(o.gmvFen);
    r.baseFen += Number(o.baseFen);
  }
  for (const c of comms) {
    const p = place.get(c.orderRef)!;
    dayRow(p.day, p.line).memberFen += Number(c.amountFen);
    const k = `${p.day}|${c.beneficiaryId}`;
    const m = members.get(k) ?? { day: p.day, memberId: c.beneficiaryId, earnedFen: 0 };
    m.earnedFen += Number(c.amountFen);
    members.set(k, m);
  }
  const byKey = <T>(xs: T[], key: (x: T) => string) => xs.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return {
    days: byKey([...days.values()].filter((r) => r.orders || r.memberFen), (r) => `${r.day}|${String(r.line).padStart(4, "0")}`),
    members: byKey([...members.values()].filter((r) => r.earnedFen), (r) => `${r.day}|${r.memberId}`),
    orders,
    comms,
  };
}

const normalized = (r: Awaited<ReturnType<typeof storedRollups>>) => ({
  days: [...r.days].sort((a, b) => (a.day + "|" + String(a.line).padStart(4, "0") < b.day + "|" + String(b.line).padStart(4, "0") ? -1 : 1)),
  members: r.members,
});

async function storedRollups() {
  const l = await libs();
  return l.db.rawDb().run(() => l.rebuild.rollupRows());
}

async function storedBalances() {
  const l = await libs();
  return l.db.rawDb().run(() => l.balances.storedBalances());
}

/** Every member's 可提现 added up here from the rows (zeros left out, as the stored balances leave them). */
async function balancesFromRows() {
  const { BALANCE_ROW_STATUSES } = (await libs()).balances;
  const out = new Map<string, number>();
  const add = (memberId: string, fen: number) => out.set(memberId, (out.get(memberId) ?? 0) + fen);
  for (const c of await rows(q.selectFrom("commissions").select(["beneficiaryId", "amountFen", "status"]))) if (BALANCE_ROW_STATUSES.includes(c.status)) add(c.beneficiaryId, c.amountFen);
  for (const w of await rows(q.selectFrom("withdrawals").select(["memberId", "amountFen", "status"]))) if (w.status !== "rejected") add(w.memberId, -w.amountFen);
  return new Map([...out].filter(([, fen]) => fen !== 0).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** The stored balances equal the rows, a rebuild and what each member sees; the member list orders and filters by them. */
async function checkBalances(kept: Awaited<ReturnType<typeof storedBalances>>) {
  const l = await libs();
  const raw = l.db.rawDb();
  const truth = await balancesFromRows();
  expect(kept, "the balances the writes kept = the rows added up, and every member has one").toEqual({ balances: truth, membersWithoutRow: 0 });
  await raw.transaction(() => l.balances.rebuildBalances());
  expect(await storedBalances(), "a rebuild = the rows added up").toEqual({ balances: truth, membersWithoutRow: 0 });
  for (const [memberId, fen] of truth) expect(await raw.run(() => l.withdrawals.availableBalanceFen(memberId)), `member ${memberId} sees`).toBe(fen);
  const listed = async (query: Record<string, string>) => {
    const ids: string[] = [];
    for (let cursor: string | undefined; ; ) {
      const page = await l.members.listMembers(l.members.MemberListQuery.parse({ ...query, limit: "100", ...(cursor ? { cursor } : {}) }));
      ids.push(...page.items.map((m) => m.id));
      if (!page.nextCursor) return { ids, page };
      cursor = page.nextCursor;
    }
  };
  const negative = [...truth].filter(([, fen]) => fen < 0).map(([id]) => id).sort();
  expect((await listed({ balance: "negative" })).ids.sort(), "the member list's 余额为负 = the rows").toEqual(negative);
  const top = (await l.members.listMembers(l.members.MemberListQuery.parse({ sort: "balance_desc", limit: "20" }))).items;
  const wanted = [...truth.values()].filter((fen) => fen > 0).sort((a, b) => b - a).slice(0, 20);
  expect(top.slice(0, wanted.length).map((m) => l.money.parseYuanToFen(m.balance)), "the member list by balance, highest first = the rows").toEqual(wanted);
}

/** The incremental rollups equal a rebuild, which equals the rows; the dashboard equals the rows. */
async function checkRollups() {
  const l = await libs();
  const raw = l.db.rawDb();
  const kept = normalized(await storedRollups());
  // Top promoters before the rebuild too: the closed days' totals the dashboard kept from an earlier check must
  // have been dropped when a step since changed one of those days.
  const now = new Date();
  const keptTop = (await l.dashboard.dashboard("30d", now)).topPromoters;
  await checkBalances(await storedBalances());
  await l.rebuild.rebuildRollups(raw);
  const rebuilt = normalized(await storedRollups());
  expect(kept, "the rollups the writes kept = a rebuild from the rows").toEqual(rebuilt);
  const truth = await rollupsFromRows();
  expect(rebuilt, "a rebuild = the rows added up").toEqual({ days: truth.days, members: truth.members });

  // The dashboard over 30 days: closed days from the rollups, today live; the same numbers as the rows.
  const dash = await l.dashboard.dashboard("30d", now);
  const from = new Date(dash.from);
  const fen = (yuan: string) => l.money.parseYuanToFen(yuan)!;
  const inRange = truth.orders.filter((o) => o.occurredAt >= from);
  const ids = new Set(inRange.map((o) => o.id));
  const sum = (xs: number[]) => xs.reduce((t, x) => t + x, 0);
  const dayOf = (o: { occurredAt: Date }) => l.time.beijingDay(o.occurredAt);
  const days = new Set(dash.daily.map((d) => d.day));
  const counted = inRange.filter((o) => days.has(dayOf(o)));
  expect({ orders: dash.totals.orders, gmv: fen(dash.totals.gmv), commission: fen(dash.totals.commission), memberCommission: fen(dash.totals.memberCommission) }, "dashboard totals = rows").toEqual({
    orders: counted.length,
    gmv: sum(counted.map((o) => Number(o.gmvFen))),
    commission: sum(counted.map((o) => Number(o.baseFen))),
    memberCommission: sum(truth.comms.filter((c) => counted.some((o) => o.id === c.orderRef)).map((c) => Number(c.amountFen))),
  });
  for (const d of dash.daily) {
    const of = counted.filter((o) => dayOf(o) === d.day);
    expect([d.day, d.orders, fen(d.gmv), fen(d.commission)], `dashboard ${d.day} = rows`).toEqual([d.day, of.length, sum(of.map((o) => Number(o.gmvFen))), sum(of.map((o) => Number(o.baseFen)))]);
  }
  const lines = new Map<number | null, number>();
  for (const o of inRange) lines.set(o.businessLine, (lines.get(o.businessLine) ?? 0) + Number(o.gmvFen));
  expect(new Map(dash.byBusinessLine.map((b) => [b.businessLine, fen(b.gmv)])), "GMV by business line = rows").toEqual(lines);
  const previousFrom = new Date(dash.previous.from);
  const previousTo = new Date(dash.previous.to);
  const previous = truth.orders.filter((o) => o.occurredAt >= previousFrom && o.occurredAt < previousTo);
  expect([dash.previous.orders, fen(dash.previous.commission)], "previous period = rows").toEqual([previous.length, sum(previous.map((o) => Number(o.baseFen)))]);
  const earned = new Map<string, number>();
  for (const c of truth.comms) if (ids.has(c.orderRef)) earned.set(c.beneficiaryId, (earned.get(c.beneficiaryId) ?? 0) + Number(c.amountFen));
  const top = [...earned.entries()].filter(([, v]) => v !== 0).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, l.dashboard.TOP_PROMOTERS);
  expect(new Map(dash.topPromoters.map((p) => [p.id, fen(p.commission)])), "top promoters = rows").toEqual(new Map(top));
  expect(new Map(keptTop.map((p) => [p.id, fen(p.commission)])), "top promoters before the rebuild = rows").toEqual(new Map(top));
  stats.checks++;
}

beforeAll(async () => {
  const { upsertAdmin } = await import("@/lib/accounts/register");
  const { rawDb } = await import("@/lib/db");
  await upsertAdmin("rollups@example.com", "Admin-Pass-123");
  adminId = await userId("rollups@example.com");
  const { saveRuleVersion } = await import("@/lib/earnings/rules");
  await rawDb().transaction(() => saveRuleVersion({ levels: [{ level: 0, rateBps: 5000 }, { level: 1, rateBps: 1000 }, { level: 2, rateBps: 500 }], businessLineOverrides: [], holdDays: 0, minWithdrawal: "0.01" }, adminId));
});

afterAll(() => {
  console.log(`rollups (${testDatabase}): ${stats.runs} runs, ${stats.steps} steps, checked ${stats.checks} times`);
});

async function entryFor(payload: Record<string, unknown>): Promise<InboxEntry> {
  const { handleCallback } = await import("@/lib/meituan/callback");
  let captured: InboxEntry | undefined;
  const req = new Request("http://test/api/meituan/callback", { method: "POST", body: JSON.stringify(signed(payload)), headers: { "content-type": "application/json" } });
  await handleCallback(req, { secrets: [SECRET], store: async (e) => ((captured = e), { pushId: 0, outcome: "applied", error: null }) }, "127.0.0.1");
  if (!captured?.push) throw new Error(`entry not processable: ${captured?.rejection}`);
  return captured;
}

describe(`rollups on ${testDatabase}`, () => {
  it(`equal a rebuild and the rows after ${RUNS} random sequences`, { timeout: 900_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 8, maxLength: 40, size: "large" }), async (steps) => {
        const team = await newTeam();
        stats.runs++;
        for (const [i, step] of steps.entries()) {
          await apply(team, step, adminId);
          stats.steps++;
          if (i === Math.floor(steps.length / 2)) await checkRollups();
        }
        await checkRollups();
      }),
      { numRuns: RUNS },
    );
  });

  it("a push that fails in a batch (its savepoint rolled back) leaves the rollups as the rows say", async () => {
    const { rawDb } = await import("@/lib/db");
    const { PushWriter } = await import("@/lib/inbox/writer");
    const raw = rawDb();
    const payloads = [1, 2, 3].map(() => pushPayload());
    const doomed = String(payloads[1].orderid);
    // It fails after its order was written (and its rollup delta recorded): at its first event.
    if (raw.dialect === "pg") {
      await ddl(
        `CREATE FUNCTION boom_event() RETURNS trigger AS $$ BEGIN IF EXISTS (SELECT 1 FROM orders WHERE id = NEW."orderRef" AND "orderId" = '${doomed}') THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`,
        `CREATE TRIGGER boom_event BEFORE INSERT ON order_events FOR EACH ROW EXECUTE FUNCTION boom_event()`,
      );
    } else {
      await ddl(`CREATE TRIGGER boom_event BEFORE INSERT ON order_events WHEN NEW."orderRef" IN (SELECT id FROM orders WHERE "orderId" = '${doomed}') BEGIN SELECT RAISE(ABORT, 'injected failure'); END`);
    }
    const before = await countedOrders();
    try {
      const entries = await Promise.all(payloads.map(entryFor));
      const writer = new PushWriter(raw);
      const results = await Promise.all(entries.map((e) => writer.submit(e)));
      expect(results.map((r) => r.outcome)).toEqual(["applied", "failed", "applied"]);
    } finally {
      await ddl(`DROP TRIGGER boom_event${raw.dialect === "pg" ? " ON order_events" : ""}`, ...(raw.dialect === "pg" ? [`DROP FUNCTION boom_event()`] : []));
    }
    expect((await countedOrders()) - before, "two orders counted, not the failed one").toBe(2);
    const kept = normalized(await storedRollups());
    const keptBalances = await storedBalances();
    const l = await libs();
    await l.rebuild.rebuildRollups(raw);
    expect(kept).toEqual(normalized(await storedRollups()));
    expect(keptBalances).toEqual(await storedBalances());
  });

  it.runIf(testDatabase === "postgres")("PostgreSQL: concurrent transactions add to today's row without waiting for each other's commit", async () => {
    const l = await libs();
    const { orderChanged } = await import("@/lib/rollups/record");
    const raw = l.db.rawDb();
    const occurredAt = new Date("2026-06-01T04:00:00Z");
    const facts = { occurredAt, businessLine: 77, gmvFen: 1000, baseFen: 100, source: "push" };
    // Every write to the rollups takes 0.5 s: three transactions writing one row would take turns (1.5 s and more).
    await ddl(
      `CREATE FUNCTION slow_rollup() RETURNS trigger AS $$ BEGIN PERFORM pg_sleep(0.5); RETURN NEW; END $$ LANGUAGE plpgsql`,
      `CREATE TRIGGER slow_rollup BEFORE INSERT OR UPDATE ON rollup_days FOR EACH ROW EXECUTE FUNCTION slow_rollup()`,
    );
    const started = Date.now();
    try {
      await Promise.all([1, 2, 3].map(() => raw.transaction(() => orderChanged(null, facts))));
    } finally {
      await ddl(`DROP TRIGGER slow_rollup ON rollup_days`, `DROP FUNCTION slow_rollup()`);
    }
    expect(Date.now() - started).toBeLessThan(1200);
    const day = await rows(q.selectFrom("rollup_days").select(["stripe", "orders", "gmvFen"]).where("day", "=", "2026-06-01").where("line", "=", 77));
    expect(day.map((r) => r.stripe).sort()).toEqual([0, 1, 2]);
    // Read as one row per day and line: the stripes added up.
    const { daysAddedUp } = await import("@/lib/rollups/record");
    const [summed] = await rows(daysAddedUp("2026-06-01", "2026-06-02").where("line", "=", 77));
    expect({ orders: Number(summed.orders), gmvFen: Number(summed.gmvFen) }).toEqual({ orders: 3, gmvFen: 3000 });
  });
});

/** The orders the rollups count, every day and line. */
async function countedOrders() {
  return (await rows(q.selectFrom("rollup_days").select("orders"))).reduce((t, x) => t + x.orders, 0);
}
