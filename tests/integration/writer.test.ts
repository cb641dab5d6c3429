// The group-commit writer: a batch goes in one transaction without savepoints; when one entry of it fails, the
// batch is written again with each entry isolated, so the others are applied and the failure becomes a failed row.
import { describe, expect, it } from "vitest";
import { count, ddl, rows, useTestDatabase } from "../helpers/db";
import { call } from "../helpers/http";
import { q } from "@/lib/db/query";
import { pushPayload, signed, SECRET } from "../helpers/push";
import type { InboxEntry } from "@/lib/inbox/store";
import type { RawDb } from "@/lib/db/sql";

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
