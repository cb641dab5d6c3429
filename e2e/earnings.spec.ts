// Three-level earnings end to end: A invites B, B invites C; C's order earns C, B and A their shares under the
// default rules (50% / 10% / 5% of our commission), each portal shows them at the right level; the admin sets the
// hold period to 0 and the minimum withdrawal to ¥1.00, the order completes, settlement makes C's share available,
// C withdraws it, the admin approves and pays, and C sees it paid.
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { loginAsAdmin, MEMBER_PASSWORD, registerMember, uniqueEmail } from "./helpers";
import { newOrderId, paidPush, sendPush, signed } from "./meituan";

const OK = { errcode: "0", errmsg: "ok" };
/** Members use phones: their pages are checked at 390×844. */
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

async function memberContext(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(PHONE);
  return { context, page: await context.newPage() };
}

/** Registers through the invite link `/register?invite=CODE`: the code must arrive pre-filled. */
async function registerInvited(page: Page, username: string, inviteCode: string, name: string) {
  await page.goto(`/register?invite=${inviteCode}`);
  await expect(page.getByLabel("邀请码（选填）")).toHaveValue(inviteCode);
  await page.getByLabel("手机号或邮箱").fill(username);
  await page.getByLabel("密码（至少 8 位）").fill(MEMBER_PASSWORD);
  await page.getByLabel("昵称（选填）").fill(name);
  await page.getByLabel(/我已阅读并同意/).check();
  await page.getByRole("button", { name: "注册" }).click();
  await expect(page).toHaveURL(/\/me$/);
  await expect(page.getByTestId("my-sid")).toHaveText(/\S+/);
  return (await page.getByTestId("my-sid").innerText()).trim();
}

const inviteCodeOf = async (page: Page) => (await page.getByTestId("my-invite-code").innerText()).trim();

function ledgerRow(page: Page, orderId: string) {
  return page.locator(`ul[data-testid="commissions"] li[data-commission-id][data-order-id="${orderId}"]`);
}

async function expectLedger(page: Page, orderId: string, level: 0 | 1 | 2, amount: string, status: string, statusLabel: string, levelLabel: string) {
  await page.goto("/me/earnings");
  const row = ledgerRow(page, orderId);
  await expect(row).toHaveCount(1);
  await expect(row).toHaveAttribute("data-level", String(level));
  await expect(row).toHaveAttribute("data-status", status);
  await expect(row.getByTestId("commission-amount")).toHaveText(amount);
  await expect(row.locator("[data-commission-status]")).toHaveText(statusLabel);
  await expect(row.locator("[data-level-tag]")).toHaveText(levelLabel);
}

test("a three-level commission is shared, settled, withdrawn and paid", async ({ browser, request }) => {
  test.setTimeout(180_000);
  const now = Math.floor(Date.now() / 1000);
  const orderId = newOrderId();
  const cUsername = uniqueEmail("c");

  const a = await memberContext(browser);
  const b = await memberContext(browser);
  const c = await memberContext(browser);
  const adminContext = await browser.newContext();
  try {
    // 1. A registers; B registers through A's invite link; C through B's.
    await registerMember(a.page, uniqueEmail("a"), MEMBER_PASSWORD, "推广者A");
    const aCode = await inviteCodeOf(a.page);
    await a.page.goto("/me/invite");
    await expect(a.page.getByTestId("invite-link")).toHaveValue(new RegExp(`/register\\?invite=${aCode}$`));
    await expect(a.page.getByTestId("invite-qr")).toHaveAttribute("src", /^data:image\/png;base64,/);

    await registerInvited(b.page, uniqueEmail("b"), aCode, "推广者B");
    const bCode = await inviteCodeOf(b.page);
    const cSid = await registerInvited(c.page, cUsername, bCode, "推广者C");

    await a.page.goto("/me/team");
    await expect(a.page.getByTestId("team-level1")).toContainText("1");
    await expect(a.page.getByTestId("team-level2")).toContainText("1");

    // 2. Meituan pushes C's paid order: ¥100.00 at 10% → our commission ¥10.00.
    const paid = { paytime: String(now - 120), ordertime: String(now - 130), modTime: String(now - 110), payPrice: "100.00", total: "100.00", direct: "100.00", ratio: "0.10" };
    expect(await (await sendPush(request, signed(paidPush(orderId, cSid, paid)))).json()).toEqual(OK);

    // 3. Each portal shows its share at its level, still an estimate.
    await expectLedger(c.page, orderId, 0, "¥5.00", "estimated", "预估", "自购/自己推广");
    await expectLedger(b.page, orderId, 1, "¥1.00", "estimated", "预估", "一级团队");
    await expectLedger(a.page, orderId, 2, "¥0.50", "estimated", "预估", "二级团队");

    await c.page.goto("/me/orders");
    const order = c.page.locator(`ul[data-testid="member-orders"] li[data-order-id="${orderId}"]`);
    await expect(order.getByTestId("order-commission")).toHaveText("¥5.00");
    await order.getByText("为什么是这个金额").click();
    await expect(order.getByTestId("commission-breakdown")).toContainText("基数 ¥10.00 × 比例 50% = ¥5.00");
    await expect(order.getByTestId("commission-breakdown")).toContainText("订单完成后进入结算期");

    await c.page.goto("/me");
    await expect(c.page.getByTestId("summary-estimated")).toHaveText("¥5.00");
    await expect(c.page.getByTestId("summary-available")).toHaveText("¥0.00");

    // 4. The admin sets the hold period to 0 days and the minimum withdrawal to ¥1.00 (rates stay the defaults).
    const admin = await adminContext.newPage();
    await loginAsAdmin(admin);
    await admin.getByRole("link", { name: "佣金规则" }).click();
    await expect(admin).toHaveURL(/\/admin\/settings\/commission$/);
    await expect(admin.getByLabel("自购/自己推广（%）")).toHaveValue("50");
    await expect(admin.getByLabel("一级团队（%）")).toHaveValue("10");
    await expect(admin.getByLabel("二级团队（%）")).toHaveValue("5");
    await admin.getByLabel("结算期（天）").fill("0");
    await admin.getByLabel("最低提现金额（元）").fill("1.00");
    await admin.getByRole("button", { name: "保存为新版本" }).click();
    const saved = admin.getByTestId("settings-saved");
    await expect(saved).toContainText(/当前规则版本 v\d+/);
    const version = /v(\d+)/.exec(await saved.innerText())![1];
    await expect(admin.getByTestId("rule-version")).toHaveText(`当前版本 v${version}`);
    await admin.reload();
    await expect(admin.getByLabel("结算期（天）")).toHaveValue("0");
    await expect(admin.getByLabel("最低提现金额（元）")).toHaveValue("1.00");

    // 5. The order completes (later modTime): the shares wait out the (now zero) hold period.
    const completed = { ...paid, status: "8", modTime: String(now - 60) };
    expect(await (await sendPush(request, signed(paidPush(orderId, cSid, completed)))).json()).toEqual(OK);
    await expectLedger(c.page, orderId, 0, "¥5.00", "pending", "待结算", "自购/自己推广");

    // 6. Settlement makes them available. (The scheduled job may have got there first: then nothing is left to do.)
    await admin.getByRole("button", { name: "立即结算" }).click();
    await admin.getByTestId("settlement-dialog").getByRole("button", { name: "确认结算" }).click();
    await expect(admin.getByTestId("settlement-result")).toHaveText(/已结算 \d+ 条佣金|没有到期的待结算佣金/);

    await expectLedger(c.page, orderId, 0, "¥5.00", "available", "可提现", "自购/自己推广");
    await expectLedger(b.page, orderId, 1, "¥1.00", "available", "可提现", "一级团队");
    await expectLedger(a.page, orderId, 2, "¥0.50", "available", "可提现", "二级团队");
    await c.page.goto("/me");
    await expect(c.page.getByTestId("summary-available")).toHaveText("¥5.00");
    await expect(c.page.getByTestId("summary-pending")).toHaveText("¥0.00");

    // 7. C asks for ¥5.00: first too much (the API's message is shown), then exactly the balance.
    await c.page.goto("/me/withdraw");
    await expect(c.page.getByTestId("summary-available")).toHaveText("¥5.00");
    // The payout account is saved once, checked, and shown masked.
    await c.page.getByLabel("支付宝账号（手机号或邮箱）").fill("13800138000");
    await c.page.getByRole("button", { name: "保存收款账户" }).click();
    await expect(c.page.getByText("请输入真实姓名")).toBeVisible();
    await c.page.getByLabel("支付宝实名（真实姓名）").fill("张三");
    await c.page.getByRole("button", { name: "保存收款账户" }).click();
    await expect(c.page.getByTestId("payout-saved")).toHaveText("支付宝 · 138****8000 · 张三");
    await c.page.getByLabel("提现金额（元）").fill("6.00");
    await c.page.getByRole("button", { name: "申请提现" }).click();
    await expect(c.page.getByText("可提现余额不足，当前最多可提 ¥5.00")).toBeVisible();
    await expect(c.page.locator("[data-withdrawal-id]")).toHaveCount(0);

    await c.page.getByLabel("提现金额（元）").fill("5.00");
    await c.page.getByRole("button", { name: "申请提现" }).click();
    const confirmSheet = c.page.getByTestId("withdraw-confirm");
    await expect(confirmSheet.getByTestId("withdraw-confirm-amount")).toHaveText("¥5.00");
    await expect(confirmSheet.getByTestId("withdraw-confirm-after")).toHaveText("¥0.00");
    await confirmSheet.getByRole("button", { name: "确认提现 ¥5.00" }).click();
    await expect(c.page.getByTestId("withdraw-success")).toContainText("¥5.00");
    const mine = c.page.locator("[data-withdrawal-id]");
    await expect(mine).toHaveCount(1);
    await expect(mine).toHaveAttribute("data-status", "pending");
    await expect(mine.locator("[data-withdrawal-status]")).toHaveText("待审核");
    // The console names members by name and masked login, so the admin's side finds the request by its id.
    const requestRow = admin.locator(`tr[data-withdrawal-id="${await mine.getAttribute("data-withdrawal-id")}"]`);
    await expect(c.page.getByTestId("summary-available")).toHaveText("¥0.00");
    await expect(c.page.getByTestId("summary-in-review")).toHaveText("¥5.00");

    // 8. The admin approves it from the queue, then marks it paid.
    await admin.getByRole("link", { name: "提现审核" }).click();
    await expect(admin).toHaveURL(/\/admin\/withdrawals$/);
    const queued = requestRow;
    await expect(queued).toHaveCount(1);
    await expect(queued).toHaveAttribute("data-status", "pending");
    await expect(queued).toContainText("¥5.00");
    await expect(queued).toContainText("支付宝");
    await expect(queued).toContainText("138****8000");
    await expect(queued).toContainText("张三");
    await queued.getByRole("button", { name: "通过", exact: true }).click();
    await admin.getByTestId("confirm-dialog").getByRole("button", { name: "确认通过" }).click();
    await expect(admin.getByRole("status")).toContainText("已通过");
    await expect(queued).toHaveCount(0);

    await admin.getByRole("link", { name: "已通过" }).click();
    await expect(admin).toHaveURL(/status=approved/);
    const approved = requestRow;
    await expect(approved).toHaveAttribute("data-status", "approved");
    await approved.getByRole("button", { name: "标记已打款" }).click();
    const payDialog = admin.getByTestId("confirm-dialog");
    await expect(payDialog.getByTestId("confirm-amount")).toHaveText("¥5.00");
    await payDialog.getByLabel("备注（选填，如打款流水号）").fill("支付宝流水 2026112800001");
    await payDialog.getByRole("button", { name: "确认标记已打款" }).click();
    await expect(admin.getByRole("status")).toContainText("已标记打款");
    await expect(approved).toHaveCount(0);

    await admin.getByRole("link", { name: "已打款" }).click();
    const paidRow = requestRow;
    await expect(paidRow).toHaveAttribute("data-status", "paid");
    await expect(paidRow).toContainText("支付宝流水 2026112800001");
    await expect(paidRow.getByRole("button")).toHaveCount(0);

    // 9. C sees it paid, and the money counted as withdrawn.
    await c.page.goto("/me/withdraw");
    await expect(mine).toHaveAttribute("data-status", "paid");
    await expect(mine.locator("[data-withdrawal-status]")).toHaveText("已打款");
    await expect(c.page.getByTestId("summary-withdrawn")).toHaveText("¥5.00");
    await c.page.goto("/me");
    await expect(c.page.getByTestId("summary-withdrawn")).toHaveText("¥5.00");
    await expect(c.page.getByTestId("summary-available")).toHaveText("¥0.00");
    await expect(c.page.getByTestId("summary-in-review")).toHaveText("¥0.00");
    await expectLedger(c.page, orderId, 0, "¥5.00", "withdrawn", "已提现", "自购/自己推广");
  } finally {
    await Promise.all([a.context.close(), b.context.close(), c.context.close(), adminContext.close()]);
  }
});
