// The typed query path: the same unit of work on both databases, values decoded to their declared types,
// row locks written once and compiled per database, prepared statements filled per call.
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../helpers/db";
import { afterCommit, changes, compile, dialect, exec, first, inParallel, prepare, q } from "@/lib/db/query";

const testDb = useTestDatabase();

const at = new Date("2026-11-30T16:00:00.123Z");

const insertActivity = prepare<{ actId: string; name: string; enabled: boolean; at: Date }>()((p) =>
  q.insertInto("activities").values({ actId: p.actId, name: p.name, enabled: p.enabled, createdAt: p.at, updatedAt: p.at }).returning(["id", "enabled", "createdAt"]),
);

describe(`typed queries on ${process.env.TEST_DATABASE ?? "sqlite"}`, () => {
  it("returns Date and boolean for DateTime and Boolean columns, written and read back", async () => {
    const { rawDb } = await import("@/lib/db");
    const created = await rawDb().transaction(function* () {
      return yield* first(insertActivity({ actId: "33", name: "外卖", enabled: false, at }));
    });
    expect(created).toEqual({ id: expect.any(Number), enabled: false, createdAt: at });
    const read = await rawDb().run(function* () {
      return yield* exec(q.selectFrom("activities").select(["actId", "enabled", "createdAt", "description"]).where("actId", "=", "33"));
    });
    expect(read).toEqual([{ actId: "33", enabled: false, createdAt: at, description: null }]);
  });

  it("fills a prepared statement's placeholders per call", async () => {
    const { rawDb } = await import("@/lib/db");
    const rows = await rawDb().transaction(function* () {
      const a = yield* first(insertActivity({ actId: "34", name: "闪购", enabled: true, at }));
      const b = yield* first(insertActivity({ actId: "35", name: "酒店", enabled: false, at }));
      return [a, b];
    });
    expect(rows.map((r) => r?.enabled)).toEqual([true, false]);
    expect(rows[0]!.id).not.toBe(rows[1]!.id);
  });

  it("counts the rows a compare-and-set changed", async () => {
    const { rawDb } = await import("@/lib/db");
    const moved = await rawDb().transaction(function* () {
      const first = yield* changes(q.updateTable("activities").set({ enabled: true }).where("actId", "=", "35").where("enabled", "=", false));
      const second = yield* changes(q.updateTable("activities").set({ enabled: true }).where("actId", "=", "35").where("enabled", "=", false));
      return [first, second];
    });
    expect(moved).toEqual([1, 0]);
  });

  it("tells the unit of work which database it runs on", async () => {
    const { rawDb } = await import("@/lib/db");
    const d = await rawDb().run(function* () {
      return yield* dialect();
    });
    expect(d).toBe(testDb.kind === "postgres" ? "pg" : "sqlite");
  });

  it("rolls back the whole unit of work when a statement fails", async () => {
    const { rawDb } = await import("@/lib/db");
    await expect(
      rawDb().transaction(function* () {
        yield* exec(insertActivity({ actId: "36", name: "优选", enabled: true, at }));
        yield* exec(insertActivity({ actId: "36", name: "重复", enabled: true, at })); // unique actId
      }),
    ).rejects.toThrow();
    const left = await rawDb().run(function* () {
      return yield* exec(q.selectFrom("activities").select("id").where("actId", "=", "36"));
    });
    expect(left).toEqual([]);
  });
});

describe(`units of work side by side on ${process.env.TEST_DATABASE ?? "sqlite"}`, () => {
  const written = async (prefix: string) => {
    const { rawDb } = await import("@/lib/db");
    return (await rawDb().rows(q.selectFrom("activities").select("actId").where("actId", "like", `${prefix}%`).orderBy("id"))).map((r) => r.actId);
  };
  const works = (prefix: string, n: number, steps: number) =>
    Array.from({ length: n }, (_, w) =>
      function* () {
        for (let s = 0; s < steps; s++) yield* exec(insertActivity({ actId: `${prefix}${w}.${s}`, name: "并行", enabled: true, at }));
        yield* afterCommit(() => undefined);
        return `work ${w}: ${yield* dialect()}`;
      },
    );

  it("returns each work's result in order; PostgreSQL runs them in lockstep, a round of statements at a time", async () => {
    const { rawDb } = await import("@/lib/db");
    const results = await rawDb().transaction(() => inParallel(works("p", 3, 2)));
    const d = testDb.kind === "postgres" ? "pg" : "sqlite";
    expect(results).toEqual([`work 0: ${d}`, `work 1: ${d}`, `work 2: ${d}`]);
    // The server executed the statements in this order: each work's first, then each work's second (PostgreSQL),
    // or one work after another (SQLite, where a round trip costs nothing).
    expect(await written("p")).toEqual(testDb.kind === "postgres" ? ["p0.0", "p1.0", "p2.0", "p0.1", "p1.1", "p2.1"] : ["p0.0", "p0.1", "p1.0", "p1.1", "p2.0", "p2.1"]);
  });

  it("lets works of different lengths finish apart", async () => {
    const { rawDb } = await import("@/lib/db");
    const mixed = [...works("m", 1, 3), ...works("n", 1, 1), ...works("o", 1, 0)];
    expect(await rawDb().transaction(() => inParallel(mixed))).toHaveLength(3);
    expect([...(await written("m")), ...(await written("n")), ...(await written("o"))]).toEqual(["m0.0", "m0.1", "m0.2", "n0.0"]);
  });

  it("fails them all at the first error, and the transaction writes nothing", async () => {
    const { rawDb } = await import("@/lib/db");
    const clash = function* () {
      yield* exec(insertActivity({ actId: "f-dup", name: "一", enabled: true, at }));
      yield* exec(insertActivity({ actId: "f-dup", name: "二", enabled: true, at })); // unique actId
      return "never";
    };
    await expect(rawDb().transaction(() => inParallel([...works("f", 2, 3), clash]))).rejects.toMatchObject({ message: expect.stringMatching(/unique|duplicate/i) });
    expect(await written("f")).toEqual([]);
  });
});

describe("compiling", () => {
  const lock = q.selectFrom("orders").select("id").where("orderId", "=", "1").forUpdate().skipLocked();

  it("keeps row locks on PostgreSQL and leaves them to SQLite's single writer", () => {
    expect(compile(lock, "pg").sql).toBe(`select "id" from "orders" where "orderId" = $1 for update skip locked`);
    expect(compile(lock, "sqlite").sql).toBe(`select "id" from "orders" where "orderId" = ?`);
  });

  it("rejects a column the schema does not have, at type-check time", () => {
    // @ts-expect-error: orders has no column "orderid" (it is "orderId"); a renamed column fails npm run typecheck.
    const wrong = q.selectFrom("orders").select("orderid");
    expect(compile(wrong, "pg").sql).toContain(`"orderid"`);
  });
});

describe.runIf(process.env.TEST_DATABASE === "postgres")("PostgreSQL connections", () => {
  it("a burst of slow reads does not hold up a transaction: reads and transactions have separate pools", async () => {
    const { rawDb } = await import("@/lib/db");
    const { sql } = await import("kysely");
    // More slow reads than there are connections for reads or for transactions (5 and 10).
    const reads = Array.from({ length: 12 }, () => rawDb().rows(sql<{ s: string }>`SELECT pg_sleep(1)::text AS s`));
    await new Promise((r) => setTimeout(r, 100));
    const t = Date.now();
    await rawDb().transaction(function* () {
      yield* exec(q.selectFrom("users").select("id").limit(1));
    });
    const waited = Date.now() - t;
    await Promise.all(reads);
    expect(waited).toBeLessThan(500);
  });
});
