import { describe, expect, it } from "vitest";
import { parseRawJson, type RawJson } from "@/lib/meituan/raw-json";
import { unionSign, verifyUnionSign } from "@/lib/meituan/sign";

const params = (json: string) => parseRawJson(json) as Record<string, RawJson>;

// The sign examples Meituan publishes.
const A = `{"orderid":"601234567890123456","sid":"m10086","appkey":"demo_appkey","uid":"100200","smstitle":"美团外卖-测试店铺",
 "quantity":"1","paytime":"1714550400","ordertime":"1714550390","modTime":"1714550401","status":"1",
 "businessLine":"2","subBusinessLine":"1","actId":"33","total":"35.50","payPrice":"28.80","direct":"28.80","ratio":"0.05",
 "sign":"078cb7d7a0dc1cb6b1fbbb856c26d9c0"}`;
const B = `{"orderid":"701234567890123456","sid":"m10086","appkey":"demo_appkey","smstitle":"美团优选-测试商品","quantity":"2",
 "paytime":"1714550400","ordertime":"1714550390","modTime":"1714636800","status":"8","businessLine":"4","actId":"493",
 "total":"12.90","payPrice":"9.90","direct":"9.90","tradeTypeList":[2,3],"sign":"d5d036ea3bac4c9e5dba22b84dbe5ed5"}`;
const SECRET = "test_callback_secret";

describe("union MD5 sign", () => {
  it("vector A: 外卖 paid", () => {
    expect(unionSign(params(A), SECRET)).toBe("078cb7d7a0dc1cb6b1fbbb856c26d9c0");
    expect(verifyUnionSign(params(A), [SECRET])).toEqual({ valid: true, variant: "include-empty" });
  });

  it("vector B: 优选 with an array tradeTypeList signed as compact JSON", () => {
    expect(unionSign(params(B), SECRET)).toBe("d5d036ea3bac4c9e5dba22b84dbe5ed5");
  });

  it("vector C: an empty couponCode, both conventions accepted and recorded", () => {
    const c = { ...params(A), modTime: "1714560000", status: "9", refundType: "1", couponCode: "" };
    expect(unionSign(c, SECRET, "include-empty")).toBe("4bcb7f00533d0895adcda548390ae56a");
    expect(unionSign(c, SECRET, "skip-empty")).toBe("e6128d92c5c36a5fb064eeca3d1a2773");
    expect(verifyUnionSign({ ...c, sign: "4bcb7f00533d0895adcda548390ae56a" }, [SECRET]).variant).toBe("include-empty");
    expect(verifyUnionSign({ ...c, sign: "e6128d92c5c36a5fb064eeca3d1a2773" }, [SECRET]).variant).toBe("skip-empty");
  });

  it("the outbound API request vector", () => {
    const p = { appkey: "demo_appkey", ts: "1714550400", businessLine: "2", startTime: "1714464000", endTime: "1714550400", page: "1", limit: "100", queryTimeType: "1" };
    expect(unionSign(p, "test_api_secret")).toBe("e5a3675035891bf9e75e4ea5675a0ddd");
  });

  it("signs a JSON number by its raw text: 28.80 stays 28.80", () => {
    const asNumbers = A.replace('"payPrice":"28.80"', '"payPrice":28.80').replace('"direct":"28.80"', '"direct":28.80').replace('"quantity":"1"', '"quantity":1');
    expect(verifyUnionSign(params(asNumbers), [SECRET]).valid).toBe(true);
    // The same body read through JSON.parse would have lost the trailing zero and the sign with it.
    const lossy = JSON.parse(asNumbers);
    expect(unionSign(lossy, SECRET)).not.toBe("078cb7d7a0dc1cb6b1fbbb856c26d9c0");
  });

  it("sorts keys by code unit: payPrice before paytime", () => {
    const p = { paytime: "1", payPrice: "2" };
    expect(unionSign(p, "s")).toBe(unionSign({ payPrice: "2", paytime: "1" }, "s"));
  });

  it("refuses the wrong secret, a tampered value, a missing sign and the API secret", () => {
    expect(verifyUnionSign(params(A), ["another_secret"]).valid).toBe(false);
    expect(verifyUnionSign({ ...params(A), status: "9" }, [SECRET]).valid).toBe(false);
    const { sign: _, ...unsigned } = params(A);
    expect(verifyUnionSign(unsigned, [SECRET]).valid).toBe(false);
    expect(verifyUnionSign(params(A), []).valid).toBe(false);
    expect(verifyUnionSign(params(A), [""]).valid).toBe(false);
  });

  it("accepts an upper-case hex sign", () => {
    expect(verifyUnionSign({ ...params(A), sign: "078CB7D7A0DC1CB6B1FBBB856C26D9C0" }, [SECRET]).valid).toBe(true);
  });

  it("accepts either of two secrets (rotation)", () => {
    expect(verifyUnionSign(params(A), ["new_secret", SECRET]).valid).toBe(true);
  });
});
