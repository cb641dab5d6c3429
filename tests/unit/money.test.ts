import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { fenToYuan, formatMoney, parseYuanToFen } from "@/lib/money";

describe("money", () => {
  it.each([
    ["28.80", 2880],
    ["28.8", 2880],
    ["28", 2800],
    ["0.01", 1],
    ["0.005", 1],
    ["0.004", 0],
    ["1.999", 200],
    ["-3.50", -350],
    [" 12.30 ", 1230],
    ["0", 0],
    ["9999999.99", 999999999],
  ])("parses %j as %d fen", (text, fen) => {
    expect(parseYuanToFen(text)).toBe(fen);
  });

  it.each(["", "abc", "1,000.00", "1e3", "Infinity", "NaN", "--1", "1.2.3", "０.５", "99999999999999.00", "0x10"])("refuses %j", (text) => {
    expect(parseYuanToFen(text)).toBeNull();
  });

  it("round-trips every fen amount through its yuan text", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (fen) => {
        expect(parseYuanToFen(fenToYuan(fen))).toBe(fen);
      }),
    );
  });

  it("formats for people with ¥ and two decimals", () => {
    expect(formatMoney(1850)).toBe("¥18.50");
    expect(formatMoney(123456789)).toBe("¥1,234,567.89");
    expect(formatMoney(-5)).toBe("-¥0.05");
    expect(formatMoney(null)).toBe("—");
  });
});
