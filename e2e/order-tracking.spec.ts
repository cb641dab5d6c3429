// A member's order, from Meituan's push to both the member's and the admin's pages, including an out-of-order
// (stale) push that must be ignored.
import { expect, test, type Page } from "@playwright/test";
import { loginAsAdmin, registerMember, uniqueEmail } from "./helpers";
import { newOrderId, paidPush, sendPush, signed } from "./meituan";

const OK = { errcode: "0", errmsg: "ok" };

function memberOrder(page: Page, orderId: string) {
  return page.locator(`ul[data-testid="member-orders"] li[data-order-id="${orderId}"]`);
}

test("a pushed order is tracked for the member and the admin, and a stale push is ignored", async ({ page, browser, request }) => {
  const orderId = newOrderId();

  // 1. A new member registers through the UI and reads their sid.
  const sid = await registerMember(page, uniqueEmail("member"));

  // 2. Meituan pushes a paid order carrying that sid.
  const paid = signed(paidPush(orderId, sid));
  const first = await sendPush(request, paid);
  expect(first.status()).toBe(200);
  expect(await first.json()).toEqual(OK);

  // 3. The member sees it as paid with its amount.
  await page.goto("/me/orders");
  const order = memberOrder(page, orderId);
  await expect(order).toBeVisible();
  await expect(order.locator("[data-status]")).toHaveAttribute("data-status", "paid");
  await expect(order.locator("[data-status]")).toHaveText("已付款");
  await expect(order).toContainText("¥28.80");
  await expect(order).toContainText("美团外卖-测试店铺");

  // 4. The admin, in a separate browser context, finds the order and opens it.
  const adminContext = await browser.newContext();
  try {
    const admin = await adminContext.newPage();
    await loginAsAdmin(admin);
    // Admins land on 概览; the order list is one section over.
    await admin.goto("/admin/orders");
    const row = admin.locator(`table[data-testid="admin-orders"] tr[data-order-id="${orderId}"]`);
    await expect(row).toBeVisible();
    await expect(row).toContainText(sid);
    await expect(row.locator("[data-status]")).toHaveText("已付款");
    await row.getByRole("link", { name: orderId }).click();
    await expect(admin).toHaveURL(new RegExp(`/admin/orders/${orderId}$`));

    const timeline = admin.locator('ol[data-testid="timeline"] > li');
    const pushes = admin.locator('ul[data-testid="pushes"] > li');
    await expect(timeline).toHaveCount(1);
    await expect(timeline.first()).toHaveAttribute("data-applied", "true");
    await expect(timeline.first()).toContainText("已应用");
    await expect(timeline.first()).toContainText("已付款");
    await expect(pushes).toHaveCount(1);
    await expect(pushes.first()).toContainText("签名正确");

    // 5. The order completes (later modTime), then a stale paid push (older modTime) arrives late.
    const completed = await sendPush(request, signed(paidPush(orderId, sid, { status: "8", modTime: "1715155200" })));
    expect(await completed.json()).toEqual(OK);
    const stale = await sendPush(request, signed(paidPush(orderId, sid, { status: "1", modTime: "1714550300" })));
    expect(await stale.json()).toEqual(OK);

    // 6. The member sees it completed: the stale push did not move it back.
    await page.reload();
    await expect(order.locator("[data-status]")).toHaveAttribute("data-status", "completed");
    await expect(order.locator("[data-status]")).toHaveText("已完成");

    // 7. The admin sees the completed order, both applied events, the ignored one and all three pushes.
    await admin.reload();
    await expect(admin.getByTestId("order-status").locator("[data-status]")).toHaveAttribute("data-status", "completed");
    await expect(admin.getByTestId("order-status").locator("[data-status]")).toHaveText("已完成");
    await expect(timeline).toHaveCount(3);
    await expect(admin.locator('ol[data-testid="timeline"] > li[data-applied="true"]')).toHaveCount(2);
    const ignored = admin.locator('ol[data-testid="timeline"] > li[data-applied="false"]');
    await expect(ignored).toHaveCount(1);
    await expect(ignored).toContainText("已忽略");
    await expect(admin.locator('ol[data-testid="timeline"] > li[data-applied="true"]').filter({ hasText: "已付款 → 已完成" })).toHaveCount(1);
    await expect(pushes).toHaveCount(3);
    await expect(pushes.filter({ hasText: "签名正确" })).toHaveCount(3);
  } finally {
    await adminContext.close();
  }
});
