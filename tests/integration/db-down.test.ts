// When the push cannot be stored at all, Meituan must be told to retry: errcode 1 with HTTP 503.
import Database from "better-sqlite3";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { count, useTestDatabase } from "../helpers/db";
import { q } from "@/lib/db/query";
import { call } from "../helpers/http";
import { pushPayload, signed, SECRET } from "../helpers/push";

process.env.MEITUAN_CALLBACK_SECRET = SECRET;
const testDb = useTestDatabase();

const ERR = JSON.stringify({ errcode: "1", errmsg: "err" });
const OK = JSON.stringify({ errcode: "0", errmsg: "ok" });

function request(p: Record<string, unknown>) {
  return new Request("http://localhost/api/meituan/callback", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(p) });
}

/** Holds a write lock from another connection: SQLite's file lock, or PostgreSQL's table lock. */
async function lockForWriting(): Promise<() => Promise<void>> {
  if (testDb.kind === "postgres") {
    const client = new pg.Client({ connectionString: testDb.url });
    await client.connect();
    await client.query("BEGIN");
    await client.query("LOCK TABLE inbox_pushes IN ACCESS EXCLUSIVE MODE");
    return async () => {
      await client.query("ROLLBACK");
      await client.end();
    };
  }
  const blocker = new Database(testDb.url.replace(/^file:/, ""));
  blocker.exec("BEGIN EXCLUSIVE");
  return async () => {
    blocker.exec("ROLLBACK");
    blocker.close();
  };
}

describe("database unavailable", () => {
  it("PostgreSQL refusing connections: 503 errcode 1", async () => {
    const { openRawDb } = await import("@/lib/db/sql");
    const { PushWriter } = await import("@/lib/inbox/writer");
    const { handleCallback } = await import("@/lib/meituan/callback");
    const dead = openRawDb({ kind: "pg", url: "postgresql://postgres@127.0.0.1:1/nothing" });
    const writer = new PushWriter(dead);
    const res = await handleCallback(request(signed(pushPayload())), { secrets: [SECRET], store: (e) => writer.submit(e) }, null);
    expect(res.status).toBe(503);
    expect(await res.text()).toBe(ERR);
    await dead.close();
  });

  it("database locked for writing: 503, then recovers by itself once the lock is gone", async () => {
    const { POST } = await import("@/app/api/meituan/callback/route");
    const release = await lockForWriting();
    const p = pushPayload();
    try {
      const res = await call(POST as never, "/api/meituan/callback", { json: signed(p) });
      expect(res.status).toBe(503);
      expect(res.text).toBe(ERR);
    } finally {
      await release();
    }
    expect(await count(q.selectFrom("orders").where("orderId", "=", p.orderid as string))).toBe(0);
    const again = await call(POST as never, "/api/meituan/callback", { json: signed(p) });
    expect(again.text).toBe(OK);
    expect(await count(q.selectFrom("orders").where("orderId", "=", p.orderid as string))).toBe(1);
  });
});
