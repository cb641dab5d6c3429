// A push with a wrong sign is refused and creates no order.
import { expect, test } from "@playwright/test";
import { loginAsAdmin } from "./helpers";
import { newOrderId, paidPush, sendPush, signed } from "./meituan";

test("a badly signed push is refused and creates no order", async ({ page, request }) => {
  const orderId = newOrderId();
  const push = signed(paidPush(orderId, "no-such-sid"), "not-the-callback-secret");
  const res = await sendPush(request, push);
  expect(res.status()).toBe(200);
  expect(await res.json()).toEqual({ errcode: "1", errmsg: "err" });

  // A tampered body with a sign made with the right secret over other values is refused too.
  const tampered = { ...signed(paidPush(orderId, "no-such-sid")), payPrice: "9999.00" };
  const res2 = await sendPush(request, tampered);
  expect((await res2.json()).errcode).toBe("1");

  await loginAsAdmin(page);
  await page.goto(`/admin/orders?orderId=${orderId}`);
  await expect(page.getByText("没有符合条件的订单")).toBeVisible();
  await expect(page.locator('table[data-testid="admin-orders"]')).toHaveCount(0);
});
