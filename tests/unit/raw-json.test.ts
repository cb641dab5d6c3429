import { describe, expect, it } from "vitest";
import { parseRawJson, RawJsonError, RawNumber, toCompactJson } from "@/lib/meituan/raw-json";

describe("raw JSON reader", () => {
  it("keeps number text exactly", () => {
    const v = parseRawJson('{"a":28.80,"b":-0.5e3,"c":[2,3],"d":12345678901234567890}') as Record<string, unknown>;
    expect((v.a as RawNumber).text).toBe("28.80");
    expect((v.b as RawNumber).text).toBe("-0.5e3");
    expect((v.d as RawNumber).text).toBe("12345678901234567890");
    expect(toCompactJson(v.c as never)).toBe("[2,3]");
  });

  it("decodes escapes and unicode", () => {
    const v = parseRawJson('{"t":"美团\\u5916\\u5356 \\"x\\"\\n","e":"😀"}') as Record<string, string>;
    expect(v.t).toBe('美团外卖 "x"\n');
    expect(v.e).toBe("😀");
  });

  it("keeps the last of repeated keys, like JSON.parse", () => {
    expect((parseRawJson('{"a":"1","a":"2"}') as Record<string, string>).a).toBe("2");
  });

  it.each([
    ["", "empty"],
    ["{", "unterminated"],
    ['{"a":}', "missing value"],
    ['{"a":1,}', "trailing comma"],
    ['{"a":01}', "leading zero"],
    ['{"a":"x"} extra', "trailing characters"],
    ["{'a':1}", "single quotes"],
    ['{"a":"\u0001"}', "raw control character"],
    ['{"a":NaN}', "NaN"],
    ["[".repeat(100) + "]".repeat(100), "deep nesting"],
  ])("rejects %j (%s)", (text) => {
    expect(() => parseRawJson(text)).toThrow(RawJsonError);
  });

  it("agrees with JSON.parse on ordinary documents", () => {
    const doc = { s: "x", n: null, b: true, f: false, arr: ["a", { k: "v" }], o: { nested: { deep: "y" } } };
    const text = JSON.stringify(doc);
    expect(toCompactJson(parseRawJson(text))).toBe(text);
  });
});
