// Route guards: anonymous visitors go to /login, members are kept out of the admin pages.
import { expect, test } from "@playwright/test";
import { login, MEMBER_PASSWORD, uniqueEmail } from "./helpers";

test("an anonymous visitor to /me/orders is sent to /login", async ({ page }) => {
  await page.goto("/me/orders");
  await expect(page).toHaveURL(/\/login(\?|$)/);
  await expect(page.getByRole("button", { name: "登录" })).toBeVisible();
});

test("an anonymous visitor to /admin/orders is sent to /login", async ({ page }) => {
  await page.goto("/admin/orders");
  await expect(page).toHaveURL(/\/login(\?|$)/);
});

test("a member visiting /admin/orders is sent to /me", async ({ page, request }) => {
  const username = uniqueEmail("guard");
  const reg = await request.post("/api/register", { data: { username, agreed: true, password: MEMBER_PASSWORD } });
  expect(reg.status()).toBe(201);
  const { sid } = (await reg.json()) as { sid: string };

  await login(page, username, MEMBER_PASSWORD, /\/me$/);
  await page.goto("/admin/orders");
  await expect(page).toHaveURL(/\/me$/);
  await expect(page.getByTestId("my-sid")).toHaveText(sid);
  await expect(page.locator('table[data-testid="admin-orders"]')).toHaveCount(0);
});

test("after logging in, a visitor lands on the page they first asked for", async ({ page, request }) => {
  const username = uniqueEmail("back");
  expect((await request.post("/api/register", { data: { username, agreed: true, password: MEMBER_PASSWORD } })).status()).toBe(201);
  await page.goto("/me/orders");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fme%2Forders/);
  await login(page, username, MEMBER_PASSWORD, /\/me\/orders$/, false);
  await expect(page.getByText("还没有订单")).toBeVisible();
});
