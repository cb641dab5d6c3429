// After logging in the user goes back where they came from — a path on this site, never another site.
import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "@/lib/auth/callback-url";

const ORIGIN = "https://cps.example.com";

describe("safeCallbackPath", () => {
  it("keeps same-origin paths with their query and fragment", () => {
    expect(safeCallbackPath("/me/orders?cursor=abc#top", ORIGIN)).toBe("/me/orders?cursor=abc#top");
    expect(safeCallbackPath("/admin", ORIGIN)).toBe("/admin");
    expect(safeCallbackPath("https://cps.example.com/me", ORIGIN)).toBe("/me");
    expect(safeCallbackPath("me", ORIGIN)).toBe("/me");
  });

  it("sends everything that would leave the site home", () => {
    for (const evil of ["/\\evil.example", "/\\/evil.example", "\\\\evil.example", "//evil.example", "///evil.example", "/\t/evil.example", "/\n/evil.example",
      "https://evil.example/me", "http://cps.example.com/me", "https://cps.example.com.evil.example/", "javascript:alert(1)", "data:text/html,x", "/%5Cevil.example/../"]) {
      const path = safeCallbackPath(evil, ORIGIN);
      expect(new URL(path, ORIGIN).origin, evil).toBe(ORIGIN);
      expect(path.startsWith("/") && !path.startsWith("//") && !path.includes("\\"), `${evil} → ${path}`).toBe(true);
    }
    expect(safeCallbackPath("/\\evil.example", ORIGIN)).toBe("/");
    expect(safeCallbackPath(null, ORIGIN)).toBe("/");
    expect(safeCallbackPath("", ORIGIN)).toBe("/");
  });
});
