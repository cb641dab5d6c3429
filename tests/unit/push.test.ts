import { describe, expect, it } from "vitest";
import { normalizePush, readPushBody, type PushParams } from "@/lib/meituan/push";
import { decide } from "@/lib/orders/ordering";
import { mapUnionStatus } from "@/lib/meituan/status";

const read = (type: string | null, body: string) => {
  const r = readPushBody(type, body);
  if (!r.ok) throw new Error(r.error);
  return r.params;
};
const normalize = (p: PushParams) => {
  const r = normalizePush(p);
  if (!r.ok) throw new Error(r.error);
  return r.push;
};
const base = { orderid: "601", status: "1", sid: "abc", modTime: "1714550401", paytime: "1714550400", payPrice: "28.80", total: "35.50", smstitle: "x" };

describe("reading a push body", () => {
  it("reads JSON with string or number values", () => {
    const p = normalize(read("application/json", '{"orderid":601,"status":1,"payPrice":28.80,"total":"35.5","modTime":1714550401}'));
    expect(p.orderId).toBe("601");
    expect(p.upstreamStatus).toBe("1");
    expect(p.payFen).toBe(2880);
    expect(p.totalFen).toBe(3550);
    expect(p.modTime?.toISOString()).toBe("2024-05-01T08:00:01.000Z");
  });

  it("reads form bodies, with + and percent escapes", () => {
    const p = normalize(read("application/x-www-form-urlencoded; charset=utf-8", "orderid=602&status=8&smstitle=%E7%BE%8E%E5%9B%A2+%E5%A4%96%E5%8D%96&payPrice=1.00"));
    expect(p.title).toBe("美团 外卖");
    expect(p.status).toBe("completed");
  });

  it("sniffs JSON sent with a wrong content type", () => {
    expect(read("text/plain", ' {"orderid":"1","status":"1"}').orderid).toBe("1");
  });

  it.each([
    ["application/json", ""],
    ["application/json", "not json"],
    ["application/json", "[1,2]"],
    ["application/json", '"a string"'],
    ["application/json", "null"],
    [null, "just text"],
    ["application/x-www-form-urlencoded", ""],
  ])("refuses %s %j", (type, body) => {
    expect(readPushBody(type, body).ok).toBe(false);
  });
});

describe("normalizing a push", () => {
  it("keeps unicode titles and strips control characters", () => {
    expect(normalize({ ...base, smstitle: "美团外卖-测试店铺😀\u0000\u0007" }).title).toBe("美团外卖-测试店铺😀");
  });

  it("treats empty values as absent", () => {
    const p = normalize({ ...base, sid: "", refundType: "", couponCode: "", payPrice: "" });
    expect(p.sid).toBeNull();
    expect(p.refundType).toBeNull();
    expect(p.payFen).toBeNull();
    expect(p.flags).toContain("no_sid");
  });

  it("falls back to lower-case payprice, then direct", () => {
    expect(normalize({ ...base, payPrice: undefined as never, payprice: "3.00" }).payFen).toBe(300);
    const { payPrice: _, ...noPay } = base;
    expect(normalize({ ...noPay, direct: "4.10" }).payFen).toBe(410);
  });

  it("maps status 9 by refundType: full, partial and risk", () => {
    expect(normalize({ ...base, status: "9", refundType: "1" }).status).toBe("refunded");
    expect(normalize({ ...base, status: "9", refundType: "2" }).status).toBe("refunded");
    expect(normalize({ ...base, status: "9", refundType: "3" }).status).toBe("risk");
    expect(normalize({ ...base, status: "9" }).status).toBe("refunded");
  });

  it("stores unknown status codes and business lines raw, flagged", () => {
    const p = normalize({ ...base, status: "5", businessLine: "42" });
    expect(p.status).toBe("unknown");
    expect(p.upstreamStatus).toBe("5");
    expect(p.businessLine).toBe(42);
    expect(p.flags).toEqual(expect.arrayContaining(["unknown_status", "unknown_business_line"]));
  });

  it("flags values it cannot read instead of failing", () => {
    const p = normalize({ ...base, payPrice: "12,50", paytime: "yesterday", quantity: "many", smstitle: ["array"] as never });
    expect(p.payFen).toBeNull();
    expect(p.paidAt).toBeNull();
    expect(p.quantity).toBeNull();
    expect(p.title).toBeNull();
    expect(p.flags).toEqual(expect.arrayContaining(["bad_amount", "bad_time", "bad_quantity", "bad_smstitle"]));
  });

  it("refuses the identity and state fields in any shape but the documented one (re-split forgeries)", () => {
    // The sign has no separators: "orderid":"61ordertime1714550390" without ordertime signs the same as the original.
    expect(normalizePush({ ...base, orderid: "601ordertime1714550390" }).ok).toBe(false);
    expect(normalizePush({ ...base, sid: "abcsmstitle美团" }).ok).toBe(false);
    expect(normalizePush({ ...base, status: "1subBusinessLine1" }).ok).toBe(false);
    expect(normalizePush({ ...base, refundType: "1sid" }).ok).toBe(false);
    expect(normalizePush({ ...base, modTime: "1714550401orderid601" }).ok).toBe(false);
    expect(normalizePush({ ...base, modTime: "1714550401000" }).ok).toBe(true);
    expect(normalizePush({ ...base, sid: "Media_sid-01" }).ok).toBe(true);
  });

  it("refuses a push without orderid or status", () => {
    expect(normalizePush({ ...base, orderid: "" }).ok).toBe(false);
    expect(normalizePush({ ...base, orderid: "x".repeat(65) }).ok).toBe(false);
    const { status: _, ...noStatus } = base;
    expect(normalizePush(noStatus).ok).toBe(false);
  });

  it("gives a repeat the same dedupe key and a new state a new one", () => {
    const a = normalize(base);
    expect(normalize({ ...base }).dedupeKey).toBe(a.dedupeKey);
    expect(normalize({ ...base, modTime: "1714550402" }).dedupeKey).not.toBe(a.dedupeKey);
    expect(normalize({ ...base, status: "9", refundType: "2" }).dedupeKey).not.toBe(normalize({ ...base, status: "9", refundType: "1" }).dedupeKey);
  });
});

describe("status ordering", () => {
  const at = (s: number) => new Date(s * 1000);
  const pos = (status: string, mod: number | null, refundType: string | null = null) => ({
    upstreamUpdatedAt: mod === null ? null : at(mod),
    statusRank: mapUnionStatus(status, refundType).rank,
  });

  it("a newer modTime wins, an older one is ignored", () => {
    expect(decide(pos("8", 100), pos("1", 200))).toEqual({ apply: true });
    expect(decide(pos("9", 200), pos("8", 100))).toEqual({ apply: false, reason: "older_push" });
  });

  it("at the same modTime the higher status wins", () => {
    expect(decide(pos("1", 100), pos("8", 100))).toEqual({ apply: true });
    expect(decide(pos("8", 100), pos("1", 100))).toEqual({ apply: false, reason: "not_newer" });
    expect(decide(pos("8", 100), pos("8", 100))).toEqual({ apply: false, reason: "not_newer" });
  });

  it("without modTime the rank decides", () => {
    expect(decide(pos("1", null), pos("9", null, "1"))).toEqual({ apply: true });
    expect(decide(pos("9", null, "1"), pos("8", 300))).toEqual({ apply: false, reason: "not_newer" });
  });

  it("an unknown status never displaces a known one at the same time", () => {
    expect(decide(pos("1", 100), pos("77", 100)).apply).toBe(false);
  });
});
