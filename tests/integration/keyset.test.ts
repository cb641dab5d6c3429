// The one keyset pager: every row exactly once, in order, across ties on the sort value, in both directions,
// and a cursor that is not ours refused.
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../helpers/db";
import { decodeKey, encodeKey, keysetPage, type KeysetOrder } from "@/lib/api/cursor";
import { exec, q } from "@/lib/db/query";

useTestDatabase();

const base = Date.UTC(2026, 10, 30, 8);
// Three rows share one time, two another: pages of two split both groups.
const TIMES = [0, 1000, 1000, 1000, 2000, 2000, 3000].map((ms) => new Date(base + ms));

async function seed() {
  const { rawDb } = await import("@/lib/db");
  return rawDb().transaction(function* () {
    const ids: number[] = [];
    for (const at of TIMES) {
      const [row] = yield* exec(
        q.insertInto("audit_logs").values({ actorId: "keyset", action: "keyset.test", targetType: "t", targetId: "x", at }).returning(["id"]),
      );
      ids.push(row.id);
    }
    return ids;
  });
}

async function allPages(order: KeysetOrder<"at" | "id">, limit: number) {
  const { rawDb } = await import("@/lib/db");
  const seen: { id: number; at: Date }[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 20; pages++) {
    const page = await rawDb().run(() =>
      keysetPage(q.selectFrom("audit_logs").select(["id", "at"]).where("action", "=", "keyset.test"), order, { cursor, limit }),
    );
    expect(page.rows.length).toBeLessThanOrEqual(limit);
    seen.push(...page.rows);
    if (!page.nextCursor) return seen;
    cursor = page.nextCursor;
  }
  throw new Error("the pages never end");
}

describe("keyset pages", () => {
  it("reads every row once, newest first and oldest first, ties broken by id, at any page size", async () => {
    const ids = await seed();
    const rows = ids.map((id, i) => ({ id, at: TIMES[i] }));
    const newest = [...rows].sort((a, b) => b.at.getTime() - a.at.getTime() || b.id - a.id);
    const oldest = [...newest].reverse();
    for (const limit of [1, 2, 3, 7, 50]) {
      expect(await allPages({ column: "at", direction: "desc", time: true }, limit)).toEqual(newest);
      expect(await allPages({ column: "at", direction: "asc", time: true }, limit)).toEqual(oldest);
      expect((await allPages({ column: "id", direction: "desc" }, limit)).map((r) => r.id)).toEqual([...ids].reverse());
      expect((await allPages({ column: "id", direction: "asc" }, limit)).map((r) => r.id)).toEqual(ids);
    }
  });

  it("says there is no next page when the last page is exactly full", async () => {
    const { rawDb } = await import("@/lib/db");
    const page = await rawDb().run(() =>
      keysetPage(q.selectFrom("audit_logs").select(["id", "at"]).where("action", "=", "keyset.test"), { column: "id", direction: "asc" }, { limit: TIMES.length }),
    );
    expect(page.rows).toHaveLength(TIMES.length);
    expect(page.nextCursor).toBeNull();
  });
});

describe("cursor codec", () => {
  it("round-trips a key and refuses anything else with a 422", () => {
    expect(decodeKey(encodeKey(base, 42))).toEqual({ value: base, id: 42 });
    expect(decodeKey(encodeKey(-1, 7))).toEqual({ value: -1, id: 7 });
    for (const bad of ["", "abc", encodeKey(-2, 1), Buffer.from("1:99999999999").toString("base64url"), Buffer.from("1.5:3").toString("base64url")]) {
      expect(() => decodeKey(bad)).toThrow(expect.objectContaining({ status: 422, code: "invalid_cursor" }));
    }
  });
});
