import { describe, expect, it } from "vitest";
import { beijingDay, beijingDayEnd, beijingDayStart, formatBeijing, isValidDay } from "@/lib/time";

describe("Beijing days", () => {
  it("a Beijing day starts at 16:00 UTC the day before", () => {
    expect(beijingDayStart("2026-11-28").toISOString()).toBe("2026-11-27T16:00:00.000Z");
    expect(beijingDayEnd("2026-11-28").toISOString()).toBe("2026-11-28T16:00:00.000Z");
    expect(beijingDayEnd("2026-12-31").toISOString()).toBe("2026-12-31T16:00:00.000Z");
  });

  it("00:30 Beijing belongs to that day, not the UTC one", () => {
    const at = new Date("2026-11-27T16:30:00Z");
    expect(beijingDay(at)).toBe("2026-11-28");
    expect(formatBeijing(at)).toBe("2026-11-28 00:30");
  });

  it("validates calendar days", () => {
    expect(isValidDay("2026-02-28")).toBe(true);
    expect(isValidDay("2026-02-30")).toBe(false);
    expect(isValidDay("2026-2-3")).toBe(false);
    expect(() => beijingDayStart("2026-13-01")).toThrow(RangeError);
  });
});
