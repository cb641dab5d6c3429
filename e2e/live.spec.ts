// A member's open pages hear of their order the moment Meituan pushes it: on 我的订单 the order appears without
// a reload, a toast says it was tracked with the estimated commission, and the bell counts it; the notification
// center lists it and marks it read. On a phone and a laptop; screenshots under reports/screenshots/live/.
import { mkdirSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { registerMember, uniqueEmail } from "./helpers";
import { newOrderId, paidPush, sendPush, signed } from "./meituan";
import { lookAt, screenOf } from "./screens";

const SHOTS = "reports/screenshots/live";
mkdirSync(SHOTS, { recursive: true });

// Looked at on the two screens every page is judged on: 1440×900 and 390×844.
test.use({ viewport: { width: 1440, height: 900 } });
test.beforeEach(async ({ page }, info) => {
  await page.setViewportSize(screenOf(info.project.name).viewport);
});

test("a pushed order appears live on 我的订单 with a toast, and in the notification center", async ({ page, request }) => {
  const sid = await registerMember(page, uniqueEmail("live"));
  // The stream is open before the push (the page would otherwise only catch up at its first poll).
  const streamOpen = page.waitForResponse((r) => r.url().includes("/api/me/stream") && r.status() === 200);
  await page.goto("/me/orders");
  await expect(page.getByRole("heading", { name: "我的订单" })).toBeVisible();
  await streamOpen;
  await lookAt(page, SHOTS, "orders-before");

  const orderId = newOrderId();
  const pushedAt = Date.now();
  const res = await sendPush(request, signed(paidPush(orderId, sid, { payPrice: "44.00", ratio: "0.10" })));
  expect(await res.json()).toEqual({ errcode: "0", errmsg: "ok" });

  const toast = page.getByTestId("live-toast").first();
  await expect(toast).toBeVisible({ timeout: 2_000 });
  const heardMs = Date.now() - pushedAt;
  await expect(toast).toContainText("新订单已跟踪");
  await expect(toast).toContainText("预估佣金 ¥");
  const order = page.locator(`[data-order-id="${orderId}"]`);
  await expect(order).toBeVisible({ timeout: 2_000 });
  await expect(page.getByTestId("unread-count")).toHaveText("1");
  console.log(`order ${orderId}: toast ${heardMs} ms after the push`);
  await lookAt(page, SHOTS, "orders-live");

  await page.getByTestId("notification-bell").click();
  await expect(page).toHaveURL(/\/me\/notifications$/);
  const item = page.getByTestId("notification").first();
  await expect(item).toHaveAttribute("data-read", "false");
  await expect(item).toContainText(orderId);
  await lookAt(page, SHOTS, "center");
  await page.getByRole("button", { name: "全部标为已读" }).click();
  await expect(item).toHaveAttribute("data-read", "true");
  await expect(page.getByTestId("unread-count")).toHaveCount(0);

  await page.goto("/me/notifications/settings");
  await expect(page.getByRole("switch").first()).toBeVisible();
  await lookAt(page, SHOTS, "settings");
});

test("the console's 告警 page: open alerts, thresholds with a Chinese error, and the tab to the robots", async ({ page }) => {
  const { loginAsAdmin } = await import("./helpers");
  await loginAsAdmin(page);
  await page.goto("/admin/alerts");
  await expect(page.getByRole("heading", { name: "告警", exact: true })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "通知与告警" }).getByRole("link", { name: "告警" })).toHaveAttribute("aria-current", "page");
  const silence = page.getByLabel("无回推（小时）");
  await silence.fill("0");
  await page.getByRole("button", { name: "保存阈值" }).click();
  await expect(page.getByText("无回推小时数至少为 1")).toBeVisible();
  await silence.fill("4");
  await page.getByRole("button", { name: "保存阈值" }).click();
  await expect(page.getByText("告警阈值已保存")).toBeVisible();
  await lookAt(page, SHOTS, "admin-alerts");
  await page.getByRole("link", { name: "机器人与渠道" }).click();
  await expect(page).toHaveURL(/\/admin\/settings\/notifications$/);
});
