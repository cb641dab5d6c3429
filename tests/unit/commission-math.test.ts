import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { estimateCommissionFen, shareFen } from "@/lib/earnings/base";

describe("commission money", () => {
  it("no level gets more than its share, the levels never exceed the base, all whole fen", () => {
    const rates = fc.array(fc.integer({ min: 0, max: 10000 }), { minLength: 1, maxLength: 3 }).filter((rs) => rs.reduce((a, b) => a + b, 0) <= 10000);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2_000_000_000 }), rates, (base, levelRates) => {
        const amounts = levelRates.map((r) => shareFen(base, r));
        for (const [i, a] of amounts.entries()) {
          expect(Number.isInteger(a)).toBe(true);
          expect(a).toBeGreaterThanOrEqual(0);
          expect(a * 10000).toBeLessThanOrEqual(base * levelRates[i]);
          expect((a + 1) * 10000).toBeGreaterThan(base * levelRates[i]); // rounded down by less than a fen
        }
        expect(amounts.reduce((s, a) => s + a, 0)).toBeLessThanOrEqual(base);
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    [10000, "0.10", 1000],
    [2880, "0.05", 144],
    [2880, "5", 144],
    [2880, "5%", 144],
    [2880, "4.5", 129],
    [999, "0.333", 332],
    [100, "1", 100],
    [100, "100", 100],
    [100, "0", 0],
  ])("estimates payFen %d × ratio %j as %d fen", (payFen, ratio, fen) => {
    expect(estimateCommissionFen(payFen, ratio)).toBe(fen);
  });

  it.each([["101"], ["-0.1"], ["abc"], [""], ["1e-2"]])("has no estimate for ratio %j", (ratio) => {
    expect(estimateCommissionFen(1000, ratio)).toBeNull();
  });

  it("has no estimate without an amount", () => {
    expect(estimateCommissionFen(null, "0.1")).toBeNull();
  });
});
