// When a change to a day's member rollups moves the day's fingerprint (lib/rollups/record.ts mayBeClosed): from
// ten minutes before the Beijing day ends, and for every day after it — never for a day still well open.
import { describe, expect, it } from "vitest";
import { CLOSING_MARGIN_MS, mayBeClosed } from "@/lib/rollups/record";

// 2026-06-15 ends at 2026-06-15T16:00:00Z (midnight in Beijing).
const end = Date.parse("2026-06-15T16:00:00Z");

describe("mayBeClosed", () => {
  it("is false for the open day until the margin before its end, true from then on and for every earlier day", () => {
    expect(mayBeClosed("2026-06-15", Date.parse("2026-06-15T00:00:00Z"))).toBe(false);
    expect(mayBeClosed("2026-06-15", end - CLOSING_MARGIN_MS - 1)).toBe(false);
    expect(mayBeClosed("2026-06-15", end - CLOSING_MARGIN_MS)).toBe(true);
    expect(mayBeClosed("2026-06-15", end + 1)).toBe(true);
    expect(mayBeClosed("2026-06-14", end - CLOSING_MARGIN_MS - 1)).toBe(true);
    expect(mayBeClosed("2026-06-16", end + 1)).toBe(false);
  });
});
