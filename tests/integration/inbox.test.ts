// What anyone can do to the inbox by posting to the callback, and what stops it: the writer's queue is bounded
// (a push beyond it gets 503 at once, and Meituan's pushes are written before refused requests), refused
// requests are deleted after their retention in bounded batches, and an order's page lists its signature-valid
// pushes apart from forged ones, so no number of forged pushes hides a genuine one.
import { describe, expect, it } from "vitest";
import { rows, useTestDatabase, userId } from "../helpers/db";
import { q } from "@/lib/db/query";
import { call, type Actor } from "../helpers/http";
import { pushPayload, signed, SECRET } from "../helpers/push";
import type { InboxEntry, StoredPush } from "@/lib/inbox/store";
import type { RawDb } from "@/lib/db/sql";
import type { Work } from "@/lib/db/query";

process.env.MEITUAN_CALLBACK_SECRET = SECRET;
useTestDatabase();

const OK = JSON.stringify({ errcode: "0", errmsg: "ok" });
const ERR = JSON.stringify({ errcode: "1", errmsg: "err" });

async function callback(body: unknown) {
  const { POST } = await import("@/app/api/meituan/callback/route");
  return call(POST as never, "/api/meituan/callback", { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" }, peer: "198.51.100.20" });
}

/** The inbox entry the callback would store for this body (captured, not stored). */
async function entryFor(body: unknown): Promise<InboxEntry> {
  const { handleCallback } = await import("@/lib/meituan/callback");
  let captured: InboxEntry | undefined;
  const req = new Request("http://test/api/meituan/callback", { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } });
  await handleCallback(req, { secrets: [SECRET], store: async (e) => ((captured = e), { pushId: 0, outcome: "applied", error: null }) }, "127.0.0.1");
  return captured!;
}

/** The raw database with its transactions held until `open()`. */
function gated(raw: RawDb) {
  let open!: () => void;
  const gate = new Promise<void>((r) => (open = r));
  const db: Pick<RawDb, "dialect" | "transaction"> = {
    dialect: raw.dialect,
    transaction: async <T,>(work: () => Work<T>) => {
      await gate;
      return raw.transaction(work);
    },
  };
  return { db, open: () => open() };
}

let admin: Actor;
async function asAdmin() {
  if (admin) return admin;
  const { upsertAdmin } = await import("@/lib/accounts/register");
  await upsertAdmin("inbox-boss@example.com", "Admin-Pass-123");
  admin = { id: await userId("inbox-boss@example.com"), role: "ADMIN" };
  return admin;
}

describe("the writer's bounded queue", () => {
  it("beyond its bound a push is refused at once; refused requests have their own, smaller lane; Meituan's pushes are written first", async () => {
    const { rawDb } = await import("@/lib/db");
    const { PushWriter, QueueFull } = await import("@/lib/inbox/writer");
    const { db, open } = gated(rawDb());
    const writer = new PushWriter(db, { maxBatch: 10, maxConcurrent: 1, maxQueued: 3, maxQueuedRefused: 2 });
    const genuine = await Promise.all([0, 1, 2, 3, 4].map(() => entryFor(signed(pushPayload()))));
    const forged = await Promise.all([0, 1, 2, 3].map(() => entryFor({ ...pushPayload(), sign: "0".repeat(32) })));
    expect(genuine.every((e) => e.push) && forged.every((e) => !e.push && e.rejection === "签名错误")).toBe(true);

    // The first push is being written (held at the gate); three wait; the fifth is refused without waiting.
    const first = writer.submit(genuine[0]);
    await new Promise((r) => setImmediate(r));
    const waiting = genuine.slice(1, 4).map((e) => writer.submit(e));
    const t = Date.now();
    await expect(writer.submit(genuine[4])).rejects.toBeInstanceOf(QueueFull);
    expect(Date.now() - t).toBeLessThan(50);
    // Forged requests fill their own lane and do not take the genuine lane's room.
    const forgedWaiting = forged.slice(0, 2).map((e) => writer.submit(e));
    await expect(writer.submit(forged[2])).rejects.toMatchObject({ lane: "refused" });
    expect(writer.queued).toEqual({ accepted: 3, refused: 2 });

    open();
    const stored = await Promise.all([first, ...waiting, ...forgedWaiting]);
    expect(stored.map((s: StoredPush) => s.outcome)).toEqual(["applied", "applied", "applied", "applied", "rejected", "rejected"]);
    // The second batch held the genuine pushes before the forged ones.
    const ids = stored.map((s) => s.pushId);
    expect(Math.max(...ids.slice(1, 4))).toBeLessThan(Math.min(...ids.slice(4)));
    expect(writer.queued).toEqual({ accepted: 0, refused: 0 });
  });

  it("the callback answers a push the queue cannot take with 503 and errcode 1, immediately", async () => {
    const { handleCallback } = await import("@/lib/meituan/callback");
    const { QueueFull } = await import("@/lib/inbox/writer");
    const req = new Request("http://test/api/meituan/callback", { method: "POST", body: JSON.stringify(signed(pushPayload())), headers: { "content-type": "application/json" } });
    const res = await handleCallback(req, { secrets: [SECRET], store: () => Promise.reject(new QueueFull("accepted")) }, "127.0.0.1");
    expect(res.status).toBe(503);
    expect(await res.text()).toBe(ERR);
  });
});

describe("retention of refused requests", () => {
  it("deletes refused requests older than the retention in bounded batches; keeps newer ones and every signed push", async () => {
    const { rawDb } = await import("@/lib/db");
    const { purgeRejectedPushes } = await import("@/lib/inbox/retention");
    const now = new Date();
    const day = 86_400_000;
    const orderId = `7${Date.now()}`;
    const insert = (daysAgo: number, signatureValid: boolean, outcome: string) =>
      rawDb().rows(
        q.insertInto("inbox_pushes").values({
          receivedAt: new Date(now.getTime() - daysAgo * day), remoteAddr: null, contentType: "application/json", body: Buffer.from("{}"), bodyTruncated: false, signatureValid, orderId, outcome, error: null, attempts: 0,
        }),
      );
    for (let i = 0; i < 7; i++) await insert(40 + i, false, "rejected"); // due
    await insert(31, false, "rejected"); // due
    await insert(29, false, "rejected"); // kept: inside the retention
    await insert(45, true, "applied"); // kept: Meituan's
    await insert(45, true, "rejected"); // kept: signed, its content refused
    await insert(1, false, "rejected"); // kept

    const first = await purgeRejectedPushes(rawDb(), { days: 30, now, batch: 3, maxBatches: 2 });
    expect(first).toEqual({ deleted: 6, more: true });
    const second = await purgeRejectedPushes(rawDb(), { days: 30, now, batch: 3, maxBatches: 2 });
    expect(second).toEqual({ deleted: 2, more: false });
    expect(await purgeRejectedPushes(rawDb(), { days: 30, now, batch: 3 })).toEqual({ deleted: 0, more: false });
    const left = await rows(q.selectFrom("inbox_pushes").selectAll().where("orderId", "=", orderId).orderBy("receivedAt", "asc"));
    expect(left.map((r) => [Math.round((now.getTime() - r.receivedAt.getTime()) / day), r.signatureValid, r.outcome])).toEqual([
      [45, true, "applied"],
      [45, true, "rejected"],
      [29, false, "rejected"],
      [1, false, "rejected"],
    ]);
  });

  it("the scheduled job runs in one instance at a time", async () => {
    const { rawDb } = await import("@/lib/db");
    const { runInboxRetention } = await import("@/lib/inbox/retention");
    const { acquireLease } = await import("@/lib/jobs/lock");
    const held = await acquireLease(rawDb(), "inbox-retention", 60);
    expect(held).not.toBeNull();
    expect(await runInboxRetention(rawDb(), 30)).toBeNull();
    await held!.release();
    expect(await runInboxRetention(rawDb(), 30)).toEqual({ deleted: 0, more: false });
  });
});

describe("an order's page and forged pushes", () => {
  it("600 forged pushes naming an order hide none of its genuine ones: signature-valid pushes first, the rest apart and paged", async () => {
    const p = pushPayload({ status: "1", modTime: "1764300001" });
    const orderId = p.orderid as string;
    expect((await callback(signed(p))).text).toBe(OK);
    for (let i = 0; i < 600; i++) {
      const forged = { ...p, status: i % 2 ? "9" : "8", modTime: String(1764300002 + i), sign: "f".repeat(32) };
      expect((await callback(forged)).text).toBe(ERR);
    }
    expect((await callback(signed({ ...p, status: "8", modTime: "1764400000" }))).text).toBe(OK);

    const { GET: detail } = await import("@/app/api/admin/orders/[orderId]/route");
    const { GET: pushes } = await import("@/app/api/admin/orders/[orderId]/pushes/route");
    const as = await asAdmin();
    const d = await call(detail as never, `/api/admin/orders/${orderId}`, { as, params: { orderId } });
    expect(d.status).toBe(200);
    expect(d.data.order.status).toBe("completed");
    expect(d.data.pushCounts).toEqual({ valid: 2, invalid: 600 });
    // Meituan's two pushes first, then only the newest refused ones: 600 forged requests cannot crowd them out.
    const listed = d.data.pushes.map((x: { signatureValid: boolean; outcome: string }) => [x.signatureValid, x.outcome]);
    expect(listed.slice(0, 2)).toEqual([
      [true, "applied"],
      [true, "applied"],
    ]);
    expect(listed.slice(2)).toHaveLength(20);
    expect(listed.slice(2).every(([valid]: [boolean]) => valid === false)).toBe(true);
    expect(d.data.timeline.filter((t: { kind: string }) => t.kind === "push")).toHaveLength(2);

    const valid = await call(pushes as never, `/api/admin/orders/${orderId}/pushes`, { as, params: { orderId } });
    expect(valid.data.items.map((x: { signatureValid: boolean }) => x.signatureValid)).toEqual([true, true]);
    expect(valid.data.nextCursor).toBeNull();
    expect(JSON.parse(valid.data.items[1].body).status).toBe("8");
    expect(valid.data.items[0].remoteAddr).toBe("198.51.100.20");

    let cursor: string | null = null;
    const seen: number[] = [];
    do {
      const url: string = `/api/admin/orders/${orderId}/pushes?signature=invalid&limit=100${cursor ? `&cursor=${cursor}` : ""}`;
      const page = await call(pushes as never, url, { as, params: { orderId } });
      expect(page.status).toBe(200);
      for (const x of page.data.items) {
        expect(x.signatureValid).toBe(false);
        seen.push(x.id);
      }
      cursor = page.data.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(600);
    expect(new Set(seen).size).toBe(600);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });
});
