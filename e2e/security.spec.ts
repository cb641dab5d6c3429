// What a browser sees of our defences: security headers on every page, and a session cookie scripts cannot read.
import { expect, test } from "@playwright/test";
import { ADMIN_PASSWORD, ADMIN_USERNAME } from "./env";
import { login } from "./helpers";

test("every page carries the security headers", async ({ page }) => {
  for (const path of ["/", "/login", "/register", "/me"]) {
    const res = await page.goto(path);
    const h = await res!.allHeaders();
    expect(h["content-security-policy"], path).toContain("frame-ancestors 'none'");
    expect(h["content-security-policy"], path).toContain("default-src 'self'");
    expect(h["x-frame-options"], path).toBe("DENY");
    expect(h["x-content-type-options"], path).toBe("nosniff");
    expect(h["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
  }
});

test("the session cookie is HttpOnly and SameSite", async ({ page, context }) => {
  await login(page, ADMIN_USERNAME, ADMIN_PASSWORD, /\/admin/);
  const session = (await context.cookies()).find((c) => c.name.endsWith("next-auth.session-token"));
  expect(session).toBeDefined();
  expect(session!.httpOnly).toBe(true);
  expect(session!.sameSite).toBe("Lax");
  expect(await page.evaluate(() => document.cookie)).not.toContain("session-token");
});
