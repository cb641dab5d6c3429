import { describe, expect, it } from "vitest";
import { count, ddl, row, rows, useTestDatabase } from "../helpers/db";
import { q } from "@/lib/db/query";
import { call } from "../helpers/http";
import { newOrderId, pushPayload, sign, signed, SECRET } from "../helpers/push";

process.env.MEITUAN_CALLBACK_SECRET = SECRET;
const dbInfo = useTestDatabase();

const OK = { errcode: "0", errmsg: "ok" };
const ERR = { errcode: "1", errmsg: "err" };

async function post(body: string, contentType = "application/json") {
  const { POST } = await import("@/app/api/meituan/callback/route");
  return call(POST as never, "/api/meituan/callback", { method: "POST", body, headers: { "content-type": contentType } });
}
const push = (p: Record<string, unknown>) => post(JSON.stringify(p));

async function order(orderId: string) {
  const o = await row(q.selectFrom("orders").selectAll().where("platform", "=", "union").where("orderId", "=", orderId));
  return o ? { ...o, events: await rows(q.selectFrom("order_events").selectAll().where("orderRef", "=", o.id).orderBy("id", "asc")) } : null;
}
const lastPush = () => row(q.selectFrom("inbox_pushes").selectAll().orderBy("id", "desc").limit(1));
async function inbox(orderId: string) {
  return rows(q.selectFrom("inbox_pushes").selectAll().where("orderId", "=", orderId).orderBy("id", "asc"));
}

describe(`callback on ${process.env.TEST_DATABASE ?? "sqlite"}`, () => {
  it("stores a signed push: order in fen and UTC, raw inbox row, applied event", async () => {
    const p = pushPayload();
    const res = await push(signed(p));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(res.text).toBe(JSON.stringify(OK));
    const o = await order(p.orderid as string);
    expect(o).toMatchObject({ status: "paid", upstreamStatus: "1", payFen: 2880, totalFen: 3550, ratio: "0.05", businessLine: 2, memberId: null, source: "push" });
    expect(o!.paidAt!.toISOString()).toBe("2025-11-28T03:20:00.000Z");
    expect(o!.events).toHaveLength(1);
    expect(o!.events[0]).toMatchObject({ fromStatus: null, toStatus: "paid", applied: true, source: "push" });
    const [row] = await inbox(p.orderid as string);
    expect(row).toMatchObject({ signatureValid: true, signVariant: "include-empty", outcome: "applied", contentType: "application/json" });
    expect(Buffer.from(row.body).toString("utf8")).toBe(JSON.stringify(signed(p)));
    expect(o!.events[0].pushId).toBe(row.id);
  });

  it("attributes the order to the member whose sid it carries", async () => {
    const { registerMember } = await import("@/lib/accounts/register");
    const m = await registerMember({ username: `m${Date.now()}@example.com`, agreed: true, password: "Password-123" });
    const p = pushPayload({ sid: m.sid });
    expect((await push(signed(p))).data).toEqual(OK);
    expect((await order(p.orderid as string))!.memberId).toBe(m.id);
  });

  it("refuses a bad sign with errcode 1, stores it, and changes no order", async () => {
    const p = pushPayload();
    const res = await push({ ...p, sign: "0".repeat(32) });
    expect(res.status).toBe(200);
    expect(res.text).toBe(JSON.stringify(ERR));
    expect(await order(p.orderid as string)).toBeNull();
    const [row] = await inbox(p.orderid as string);
    expect(row).toMatchObject({ signatureValid: false, outcome: "rejected", error: "签名错误" });
  });

  it("without a configured callback secret every push is refused and kept with the reason", async () => {
    const { handleCallback } = await import("@/lib/meituan/callback");
    const { pushWriter } = await import("@/lib/inbox");
    const p = pushPayload();
    const req = new Request("http://localhost/api/meituan/callback", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(signed(p)) });
    const res = await handleCallback(req, { secrets: [], store: (e) => pushWriter().submit(e) }, "127.0.0.1");
    expect(await res.text()).toBe(JSON.stringify(ERR));
    expect(await order(p.orderid as string)).toBeNull();
    const [row] = await inbox(p.orderid as string);
    expect(row).toMatchObject({ outcome: "rejected", signatureValid: false, remoteAddr: "127.0.0.1" });
    expect(row.error).toMatch(/未配置回调密钥 MEITUAN_CALLBACK_SECRET/);
  });

  it("refuses a captured push re-split into a forged order with the same sign", async () => {
    const p = signed(pushPayload());
    expect((await push(p)).data).toEqual(OK);
    const { ordertime, ...rest } = p;
    const forged = { ...rest, orderid: `${p.orderid}ordertime${ordertime}` };
    const { sign: s2, ...unsignedForged } = forged;
    expect(sign(unsignedForged)).toBe(s2); // the same sign: the scheme has no separators
    expect((await push(forged)).data).toEqual(ERR);
    expect(await count(q.selectFrom("orders").where("orderId", "like", `${p.orderid as string}%`))).toBe(1);
  });

  it("refuses a push signed with another secret (the API secret)", async () => {
    const p = pushPayload();
    expect((await push(signed(p, "test_api_secret"))).data).toEqual(ERR);
    expect(await order(p.orderid as string)).toBeNull();
  });

  it("refuses an unreadable body with errcode 1 and keeps it", async () => {
    const res = await post('{"orderid": "123", broken');
    expect(res.data).toEqual(ERR);
    const row = await lastPush();
    expect(row!.outcome).toBe("rejected");
    expect(row!.error).toMatch(/报文无法解析/);
    expect(Buffer.from(row!.body).toString()).toBe('{"orderid": "123", broken');
  });

  it("accepts form bodies", async () => {
    const p = pushPayload({ smstitle: "美团 闪购&测试" });
    const form = new URLSearchParams({ ...(p as Record<string, string>), sign: sign(p) }).toString();
    expect((await post(form, "application/x-www-form-urlencoded")).data).toEqual(OK);
    expect((await order(p.orderid as string))!.title).toBe("美团 闪购&测试");
  });

  it("verifies JSON numbers by their raw text", async () => {
    const orderid = newOrderId();
    const body = `{"orderid":"${orderid}","status":1,"payPrice":28.80,"total":35.50,"modTime":1764300001,"sid":"","tradeTypeList":[2,3]}`;
    const fields = { orderid, status: "1", payPrice: "28.80", total: "35.50", modTime: "1764300001", sid: "", tradeTypeList: [2, 3] };
    const res = await post(body.replace(/}$/, `,"sign":"${sign(fields)}"}`));
    expect(res.data).toEqual(OK);
    expect((await order(orderid))!.payFen).toBe(2880);
  });

  it("refuses a body over 64 KiB with 413 and errcode 1", async () => {
    const p = pushPayload({ smstitle: "x".repeat(70 * 1024) });
    const res = await push(signed(p));
    expect(res.status).toBe(413);
    expect(res.data).toEqual(ERR);
    expect(await order(p.orderid as string)).toBeNull();
    const row = await lastPush();
    expect(row).toMatchObject({ outcome: "rejected", bodyTruncated: true });
    expect(row!.body.length).toBe(64 * 1024);
  });

  it("an exact repeat changes nothing, even when copies arrive at the same moment", async () => {
    const p = signed(pushPayload());
    const replies = await Promise.all(Array.from({ length: 12 }, () => push(p)));
    expect(replies.every((r) => r.text === JSON.stringify(OK))).toBe(true);
    const o = await order(p.orderid as string);
    expect(o!.events).toHaveLength(1);
    const rows = await inbox(p.orderid as string);
    expect(rows).toHaveLength(12);
    expect(rows.filter((r) => r.outcome === "applied")).toHaveLength(1);
    expect(rows.filter((r) => r.outcome === "duplicate")).toHaveLength(11);
  });

  it("concurrent pushes of different states for one order end in the newest", async () => {
    const base = pushPayload();
    const states = [
      { status: "1", modTime: "1764300001" },
      { status: "8", modTime: "1764400000" },
      { status: "9", refundType: "2", modTime: "1764500000" },
      { status: "9", refundType: "1", modTime: "1764600000" },
    ];
    await Promise.all(states.flatMap((s) => [push(signed({ ...base, ...s })), push(signed({ ...base, ...s }))]));
    const o = await order(base.orderid as string);
    expect(o).toMatchObject({ status: "refunded", refundType: "1", upstreamStatus: "9" });
    expect(o!.events).toHaveLength(4);
  });

  const permutations = <T,>(xs: T[]): T[][] => (xs.length <= 1 ? [xs] : xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p])));
  const three = [
    { status: "1", modTime: "1764300001" },
    { status: "8", modTime: "1764400000" },
    { status: "9", refundType: "1", modTime: "1764500000" },
  ];
  it.each(permutations([0, 1, 2]).map((p) => [p.join(" → "), p]))("paid/completed/refunded arriving as %s ends refunded", async (_label, order3) => {
    const base = pushPayload();
    for (const i of order3 as number[]) expect((await push(signed({ ...base, ...three[i] }))).data).toEqual(OK);
    const o = await order(base.orderid as string);
    expect(o).toMatchObject({ status: "refunded", upstreamStatus: "9", refundType: "1" });
    expect(o!.upstreamUpdatedAt!.getTime()).toBe(1764500000_000);
    // Every push is an event; the ones that arrived after a newer state are recorded as ignored, with why.
    expect(o!.events).toHaveLength(3);
    for (const e of o!.events.filter((e) => !e.applied)) expect(e.reason).toBe("older_push");
    const applied = o!.events.filter((e) => e.applied).map((e) => e.toStatus);
    expect(applied[applied.length - 1]).toBe("refunded");
  });

  it("a late paid push never moves a completed order back, and is recorded as ignored", async () => {
    const base = pushPayload();
    await push(signed({ ...base, status: "8", modTime: "1764400000" }));
    await push(signed({ ...base, status: "1", modTime: "1764300001" }));
    const o = await order(base.orderid as string);
    expect(o!.status).toBe("completed");
    expect(o!.events.map((e) => [e.toStatus, e.applied, e.reason])).toEqual([
      ["completed", true, null],
      ["paid", false, "older_push"],
    ]);
    const rows = await inbox(base.orderid as string);
    expect(rows.map((r) => r.outcome)).toEqual(["applied", "ignored"]);
  });

  it("keeps unknown status codes raw and flagged", async () => {
    const p = pushPayload({ status: "6", businessLine: "77" });
    expect((await push(signed(p))).data).toEqual(OK);
    const o = await order(p.orderid as string);
    expect(o).toMatchObject({ status: "unknown", upstreamStatus: "6", businessLine: 77 });
    expect(o!.flags).toContain("unknown_status");
    expect(o!.flags).toContain("unknown_business_line");
  });

  it("a processing failure is acknowledged, kept as failed, and the retry applies it", async () => {
    const { rawDb } = await import("@/lib/db");
    const { retryFailedPushes } = await import("@/lib/inbox/retry");
    const raw = rawDb();
    const p = pushPayload();
    if (raw.dialect === "pg") {
      await ddl(`CREATE FUNCTION boom() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$ LANGUAGE plpgsql`, `CREATE TRIGGER boom BEFORE INSERT ON orders FOR EACH ROW EXECUTE FUNCTION boom()`);
    } else {
      await ddl(`CREATE TRIGGER boom BEFORE INSERT ON orders BEGIN SELECT RAISE(ABORT, 'injected failure'); END`);
    }
    try {
      expect((await push(signed(p))).data).toEqual(OK);
      expect(await order(p.orderid as string)).toBeNull();
      const [row] = await inbox(p.orderid as string);
      expect(row).toMatchObject({ outcome: "failed", attempts: 1 });
      expect(row.error).toMatch(/injected failure/);
    } finally {
      await ddl(`DROP TRIGGER boom${raw.dialect === "pg" ? " ON orders" : ""}`);
    }
    const retried = await retryFailedPushes(raw);
    expect(retried.map((r) => r.outcome)).toContain("applied");
    expect((await order(p.orderid as string))!.status).toBe("paid");
    const [row] = await inbox(p.orderid as string);
    expect(row).toMatchObject({ outcome: "applied", attempts: 2, error: null });
    // A second retry finds nothing to do.
    expect(await retryFailedPushes(raw)).toEqual([]);
  });

  it(`records which database it ran on (${dbInfo.kind ?? ""})`, () => {
    expect(dbInfo.url).toMatch(process.env.TEST_DATABASE === "postgres" ? /^postgresql:/ : /^file:/);
  });
});
