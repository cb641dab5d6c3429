// The group-commit writer: a batch goes in one transaction without savepoints; when one entry of it fails, the
// batch is written again with each entry isolated, so the others are applied and the failure becomes a failed row.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { count, ddl, rows, useTestDatabase } from "../helpers/db";
import { call } from "../helpers/http";
import { q } from "@/lib/db/query";
import { pushPayload, signed, SECRET } from "../helpers/push";
import type { InboxEntry } from "@/lib/inbox/store";
import type { RawDb } from "@/lib/db/sql";
import { newTeam, T0, type Team } from "../helpers/money-steps";

useTestDatabase();
const testDatabase = () => process.env.TEST_DATABASE ?? "sqlite";

async function entryFor(payload: Record<string, unknown>): Promise<InboxEntry> {
  const { handleCallback } = await import("@/lib/meituan/callback");
  let captured: InboxEntry | undefined;
  const req = new Request("http://test/api/meituan/callback", { method: "POST", body: JSON.stringify(signed(payload)), headers: { "content-type": "application/json" } });
  await handleCallback(req, { secrets: [SECRET], store: async (e) => ((captured = e), { pushId: 0, outcome: "applied", error: null }) }, "127.0.0.1");
  if (!captured?.push) throw new Error(`entry not processable: ${captured?.rejection}`);
  return captured;
}

/** The raw database with its transactions counted. */
function counting(raw: RawDb) {
  const counter = { transactions: 0 };
  const db: Pick<RawDb, "dialect" | "transaction"> = {
    dialect: raw.dialect,
    transaction: (work) => (counter.transactions++, raw.transaction(work)),
  };
  return { db, counter };
}

describe(`push writer on ${process.env.TEST_DATABASE ?? "sqlite"}`, () => {
  it("writes a batch in one transaction", async () => {
    const { rawDb } = await import("@/lib/db");
    const { PushWriter } = await import("@/lib/inbox/writer");
    const { db, counter } = counting(rawDb());
    const entries = await Promise.all([1, 2, 3, 4].map(() => entryFor(pushPayload())));
    const writer = new PushWriter(db);
    const results = await Promise.all(entries.map((e) => writer.submit(e)));
    expect(results.map((r) => r.outcome)).toEqual(["applied", "applied", "applied", "applied"]);
    expect(counter.transactions).toBe(1);
  });

  it("one failing entry: the batch is written again isolated; the others applied, the failure kept as failed", async () => {
    const { rawDb } = await import("@/lib/db");
    const { PushWriter } = await import("@/lib/inbox/writer");
    const raw = rawDb();
    const payloads = [1, 2, 3].map(() => pushPayload());
    const doomed = String(payloads[1].orderid);
    if (raw.dialect === "pg") {
      await ddl(
        `CREATE FUNCTION boom_one() RETURNS trigger AS $$ BEGIN IF NEW."orderId" = '${doomed}' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`,
        `CREATE TRIGGER boom_one BEFORE INSERT ON orders FOR EACH ROW EXECUTE FUNCTION boom_one()`,
      );
    } else {
      await ddl(`CREATE TRIGGER boom_one BEFORE INSERT ON orders WHEN NEW."orderId" = '${doomed}' BEGIN SELECT RAISE(ABORT, 'injected failure'); END`);
    }
    const { db, counter } = counting(raw);
    try {
      const entries = await Promise.all(payloads.map(entryFor));
      const writer = new PushWriter(db);
      const results = await Promise.all(entries.map((e) => writer.submit(e)));
      expect(results.map((r) => r.outcome)).toEqual(["applied", "failed", "applied"]);
      expect(results[1].error).toMatch(/injected failure/);
      expect(counter.transactions).toBe(2);
    } finally {
      await ddl(`DROP TRIGGER boom_one${raw.dialect === "pg" ? " ON orders" : ""}`, ...(raw.dialect === "pg" ? [`DROP FUNCTION boom_one()`] : []));
    }
    const ids = payloads.map((p) => String(p.orderid));
    const inbox = await rows(q.selectFrom("inbox_pushes").selectAll().where("orderId", "in", ids).orderBy("id", "asc"));
    // Exactly one inbox row per push: the rolled-back first attempt left nothing behind.
    expect(inbox.map((r) => [r.orderId, r.outcome, r.attempts])).toEqual(
      expect.arrayContaining([[ids[0], "applied", 1], [ids[1], "failed", 1], [ids[2], "applied", 1]]),
    );
    expect(inbox).toHaveLength(3);
    const orders = await rows(q.selectFrom("orders").select("orderId").where("orderId", "in", ids));
    expect(orders.map((o) => o.orderId).sort()).toEqual([ids[0], ids[2]].sort());
  });

  it.runIf(testDatabase() === "postgres")("PostgreSQL: a batch of 60 attributed orders costs the round trips of a batch of 15", async () => {
    const { rawDb } = await import("@/lib/db");
    const { storeBatch } = await import("@/lib/inbox/store");
    const register = (await import("@/app/api/register/route")).POST as never;
    let invite: string | undefined;
    let sid = "";
    for (const username of ["w1@example.com", "w2@example.com", "w3@example.com"]) {
      const r = await call(register, "/api/register", { json: { username, agreed: true, password: "Password-123", inviteCode: invite } });
      expect(r.status).toBe(201);
      invite = r.data.inviteCode;
      sid = r.data.sid;
    }
    const pool = (rawDb() as unknown as { pool: import("pg").Pool }).pool;
    // A round trip: queries sent while none of the connection's earlier ones is still waiting for its reply.
    const roundTrips = async (n: number) => {
      const entries = await Promise.all(Array.from({ length: n }, () => entryFor(pushPayload({ sid }))));
      const connect = pool.connect.bind(pool) as (callback?: unknown) => Promise<import("pg").PoolClient>;
      let trips = 0;
      let waiting = 0;
      const wrapped = new Map<import("pg").PoolClient, import("pg").PoolClient["query"]>();
      // The transaction asks for its connection; the pool's own queries (callback form) pass through.
      pool.connect = (async (callback?: unknown) => {
        if (callback) return connect(callback);
        const client = await connect();
        const query = client.query.bind(client) as (...a: unknown[]) => Promise<unknown>;
        wrapped.set(client, client.query);
        client.query = ((...a: unknown[]) => {
          if (waiting++ === 0) trips++;
          const sent = query(...a);
          const done = () => void waiting--;
          sent.then(done, done);
          return sent;
        }) as never;
        return client;
      }) as never;
      try {
        const results = await rawDb().transaction(() => storeBatch(entries, false));
        expect(results.map((r) => (r instanceof Error ? r.message : r.outcome))).toEqual(entries.map(() => "applied"));
      } finally {
        pool.connect = connect as never;
        for (const [client, query] of wrapped) client.query = query;
      }
      expect(await count(q.selectFrom("commissions").where("orderRef", "in", q.selectFrom("orders").select("id").where("orderId", "in", entries.map((e) => e.orderId!))))).toBe(n * 3);
      return trips;
    };
    const few = await roundTrips(15);
    const many = await roundTrips(60);
    expect(many).toBe(few);
    expect(many).toBeLessThanOrEqual(12);
  });
});

describe(`a batch comes out as the same pushes one at a time on ${process.env.TEST_DATABASE ?? "sqlite"}`, () => {
  type Push = { order: number; status: "1" | "8" | "9"; refundType: "1" | "2" | "3"; t: number; payFen: number; repeat: boolean };
  const pushArb = fc.record({
    order: fc.integer({ min: 0, max: 3 }), status: fc.constantFrom<Push["status"]>("1", "8", "9"), refundType: fc.constantFrom<Push["refundType"]>("1", "2", "3"),
    t: fc.integer({ min: 0, max: 4 }), payFen: fc.integer({ min: 100, max: 40_000 }), repeat: fc.boolean(),
  });

  /** The team's orders as rows that do not depend on ids or times: status, money, events, commission rows, inbox outcomes. */
  async function stateOf(team: Team) {
    const orders = await rows(q.selectFrom("orders").select(["id", "orderId", "status", "memberId", "gmvFen", "baseFen", "baseSource", "commissionFen"]).where("orderId", "in", team.orders));
    const refs = orders.map((o) => o.id);
    const index = (orderId: string) => team.orders.indexOf(orderId);
    const byRef = new Map(orders.map((o) => [o.id, index(o.orderId)]));
    const member = (id: string | null) => (id === null ? null : team.members.findIndex((m) => m.id === id));
    const events = refs.length ? await rows(q.selectFrom("order_events").select(["orderRef", "fromStatus", "toStatus", "applied", "reason"]).where("orderRef", "in", refs).orderBy("id")) : [];
    const comms = refs.length ? await rows(q.selectFrom("commissions").select(["orderRef", "beneficiaryId", "level", "key", "status", "amountFen"]).where("orderRef", "in", refs).orderBy("orderRef").orderBy("level").orderBy("key")) : [];
    const inbox = await rows(q.selectFrom("inbox_pushes").select(["orderId", "outcome"]).where("orderId", "in", team.orders).orderBy("id"));
    const moves = refs.length
      ? await rows(q.selectFrom("commission_events as e").innerJoin("commissions as c", "c.id", "e.commissionId").select(["e.orderRef", "c.level", "c.key", "e.fromStatus", "e.toStatus", "e.fromAmountFen", "e.toAmountFen", "e.reason"]).where("e.orderRef", "in", refs).orderBy("e.id"))
      : [];
    const earned = await rows(q.selectFrom("rollup_member_days").select(["day", "memberId", "earnedFen"]).where("memberId", "in", team.members.map((m) => m.id)));
    const notices = await rows(q.selectFrom("notifications").select(["userId", "kind", "orderRef", "amountFen", "level"]).where("userId", "in", team.members.map((m) => m.id)));
    const balances = await rows(q.selectFrom("member_balances").select(["memberId", "balanceFen"]).where("memberId", "in", team.members.map((m) => m.id)));
    return {
      orders: orders.map((o) => ({ ...o, id: undefined, orderId: index(o.orderId), memberId: member(o.memberId) })).sort((a, b) => a.orderId - b.orderId),
      events: events.map((e) => ({ ...e, orderRef: byRef.get(e.orderRef) })).sort((a, b) => a.orderRef! - b.orderRef!),
      commissions: comms.map((c) => ({ ...c, orderRef: byRef.get(c.orderRef), beneficiaryId: member(c.beneficiaryId) })).sort((a, b) => a.orderRef! - b.orderRef! || a.level - b.level || (a.key < b.key ? -1 : 1)),
      inbox: inbox.map((r) => ({ order: index(r.orderId!), outcome: r.outcome })).sort((a, b) => a.order - b.order),
      // Per row, in the order they happened to it (rows of different orders may interleave differently).
      commissionEvents: moves.map((e) => ({ ...e, orderRef: byRef.get(e.orderRef) })).sort((a, b) => a.orderRef! - b.orderRef! || a.level - b.level || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
      // The dashboard's per-member rollup, which the batch path tallies itself.
      earnedByDay: earned.map((r) => ({ day: r.day, member: member(r.memberId)!, fen: Number(r.earnedFen) })).filter((r) => r.fen !== 0).sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.member - b.member)),
      notifications: notices
        .map((n) => ({ ...n, userId: member(n.userId), orderRef: n.orderRef === null ? null : byRef.get(n.orderRef) }))
        .sort((a, b) => JSON.stringify(a) < JSON.stringify(b) ? -1 : 1),
      balances: balances.map((b) => ({ member: member(b.memberId)!, fen: Number(b.balanceFen) })).sort((a, b) => a.member - b.member),
    };
  }

  it("new orders, their later states, repeats and out-of-order states, in two batches or one by one", { timeout: 300_000 }, async () => {
    const { rawDb } = await import("@/lib/db");
    const { PushWriter } = await import("@/lib/inbox/writer");
    const { fenToYuan } = await import("@/lib/money");
    const raw = rawDb();
    const entriesOf = (team: Team, pushes: Push[]) =>
      Promise.all(
        pushes.flatMap((s) => {
          const p = pushPayload({
            orderid: team.orders[s.order], sid: s.order === 3 ? `nobody${team.members[0].sid.slice(0, 10)}` : team.members[s.order === 2 ? 1 : 2].sid, status: s.status,
            ...(s.status === "9" ? { refundType: s.refundType } : {}), payPrice: fenToYuan(s.payFen), total: fenToYuan(s.payFen), ratio: "0.10", modTime: String(T0 + s.t * 3600),
          });
          return s.repeat ? [entryFor(p), entryFor(p)] : [entryFor(p)];
        }),
      );
    await fc.assert(
      // Two batches, so that the second finds orders the first created (a later state of a known order).
      fc.asyncProperty(fc.array(pushArb, { minLength: 1, maxLength: 12 }), fc.nat(12), async (pushes, cut) => {
        const together = await newTeam();
        const alone = await newTeam();
        // Every batch takes its orders' first states together, however few (production: from FIRST_STATES_MIN).
        const writer = new PushWriter(raw, { firstStatesMin: 1 });
        const inBatches = [];
        for (const part of [pushes.slice(0, cut), pushes.slice(cut)]) {
          const batch = await entriesOf(together, part);
          inBatches.push(...(await Promise.all(batch.map((e) => writer.submit(e)))));
        }
        for (const e of await entriesOf(alone, pushes)) await writer.submit(e);
        expect(inBatches.every((r) => r.outcome !== "failed")).toBe(true);
        expect(await stateOf(together)).toEqual(await stateOf(alone));
      }),
      { numRuns: testDatabase() === "postgres" ? 25 : 40 },
    );
  });
});
