// Money a member can trace to rows, read as people read it, on a desktop and on a phone: a 3-level team; C withdraws all of
// 可提现 (¥10.00); reconciliation then finds Meituan's commission on one of the orders is half our estimate; C's
// home and ledger explain the −¥4.72 with a 扣回 row; the admin's queue warns that the balance no longer covers
// the request, refuses without a reason, approves and pays with one; the order page shows the money per level and
// the reason on its timeline. Screenshots of each page go to reports/screenshots/money/.
import { mkdirSync } from "node:fs";
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { beijingDay } from "../lib/time";
import { FAKE_MEITUAN_URL, CALLBACK_URL } from "./env";
import { loginAsAdmin, MEMBER_PASSWORD, registerMember, uniqueEmail } from "./helpers";
import { DESKTOP, expectFitsScreen, PHONE } from "./screens";
import { newOrderId, paidPush, sendPush, signed } from "./meituan";

const OK = { errcode: "0", errmsg: "ok" };
const SHOTS = "reports/screenshots/money";

async function contextFor(browser: Browser, phone: boolean): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(phone ? PHONE : DESKTOP);
  return { context, page: await context.newPage() };
}

async function registerInvited(page: Page, username: string, inviteCode: string, name: string) {
  await page.goto(`/register?invite=${inviteCode}`);
  await page.getByLabel("手机号或邮箱").fill(username);
  await page.getByLabel("密码（至少 8 位）").fill(MEMBER_PASSWORD);
  await page.getByLabel("昵称（选填）").fill(name);
  await page.getByLabel(/我已阅读并同意/).check();
  await page.getByRole("button", { name: "注册" }).click();
  await expect(page).toHaveURL(/\/me$/);
  return (await page.getByTestId("my-sid").innerText()).trim();
}
const inviteCodeOf = async (page: Page) => (await page.getByTestId("my-invite-code").innerText()).trim();

test("a withdrawal the balance no longer covers: every number explained, the admin warned, paid with a reason", async ({ browser, request }, info) => {
  test.setTimeout(240_000);
  const phone = info.project.name === "mobile";
  // The page as a whole (the fixed bottom bar drawn where it sits, not halfway down), after checking that nothing
  // makes the page wider than the screen (a phone would have to scroll sideways to read it).
  const shot = async (page: Page, name: string) => {
    await expectFitsScreen(page, name);
    await page.screenshot({ path: `${SHOTS}/${name}-${phone ? "390x844" : "1440x900"}.png`, fullPage: true, style: "nav[aria-label='会员导航'] { position: static !important; }" });
  };
  /** One screen of a long page, scrolled to a part worth reading. */
  const screen = async (page: Page, name: string, part: ReturnType<Page["locator"]>) => {
    await part.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/${name}-${phone ? "390x844" : "1440x900"}.png` });
  };
  mkdirSync(SHOTS, { recursive: true });
  const now = Math.floor(Date.now() / 1000);
  const paytime = now - 2 * 86_400;
  const big = newOrderId();
  const small = newOrderId();

  const a = await contextFor(browser, phone);
  const b = await contextFor(browser, phone);
  const c = await contextFor(browser, phone);
  const adminCtx = await contextFor(browser, phone);
  try {
    // The team: A invites B, B invites C.
    await registerMember(a.page, uniqueEmail("truth-a"), MEMBER_PASSWORD, "推广者A");
    await registerInvited(b.page, uniqueEmail("truth-b"), await inviteCodeOf(a.page), "推广者B");
    const cUsername = uniqueEmail("truth-c");
    const cSid = await registerInvited(c.page, cUsername, await inviteCodeOf(b.page), "推广者C");

    // Rules for the story: the default shares, no hold period, ¥1.00 minimum.
    const admin = adminCtx.page;
    await loginAsAdmin(admin);
    const rules = await admin.request.put("/api/admin/settings/commission", {
      data: { levels: [{ level: 0, rateBps: 5000 }, { level: 1, rateBps: 1000 }, { level: 2, rateBps: 500 }], holdDays: 0, minWithdrawal: "1.00" },
    });
    expect(rules.ok()).toBe(true);

    // Two of C's orders, paid and completed: estimated commission ¥18.88 and ¥1.12 → C's half ¥9.44 + ¥0.56.
    for (const [id, pay] of [[big, "188.80"], [small, "11.20"]]) {
      const paid = { paytime: String(paytime), ordertime: String(paytime - 10), modTime: String(paytime + 1), payPrice: pay, total: pay, direct: pay, ratio: "0.10" };
      expect(await (await sendPush(request, signed(paidPush(id, cSid, paid)))).json()).toEqual(OK);
      expect(await (await sendPush(request, signed(paidPush(id, cSid, { ...paid, status: "8", modTime: String(now - 86_400) })))).json()).toEqual(OK);
    }
    expect((await admin.request.post("/api/admin/settlement/run", { data: {} })).ok()).toBe(true);

    // C saves where to be paid and withdraws all of it, seeing the final amount first.
    await c.page.goto("/me/withdraw");
    await expect(c.page.getByTestId("summary-available")).toHaveText("¥10.00");
    await c.page.getByLabel("支付宝账号（手机号或邮箱）").fill("13900139000");
    await c.page.getByLabel("支付宝实名（真实姓名）").fill("陈小东");
    await c.page.getByRole("button", { name: "保存收款账户" }).click();
    await expect(c.page.getByTestId("payout-saved")).toHaveText("支付宝 · 139****9000 · 陈小东");
    await c.page.getByRole("button", { name: "全部提现" }).click();
    await c.page.getByRole("button", { name: "申请提现" }).click();
    const sheet = c.page.getByTestId("withdraw-confirm");
    await expect(sheet.getByTestId("withdraw-confirm-amount")).toHaveText("¥10.00");
    await expect(sheet).toContainText("2 笔");
    await sheet.getByRole("button", { name: "确认提现 ¥10.00" }).click();
    await expect(c.page.getByTestId("withdraw-success")).toContainText("¥10.00");
    // The console names members by name and masked login, so the admin's side finds the request by its id.
    const withdrawalId = await c.page.locator("[data-withdrawal-id]").first().getAttribute("data-withdrawal-id");
    const requestRow = () => admin.locator(`[data-withdrawal-id="${withdrawalId}"]`).filter({ visible: true });
    await expect(c.page.getByTestId("summary-available")).toHaveText("¥0.00");
    await expect(c.page.getByTestId("summary-in-review")).toHaveText("¥10.00");

    // Reconciliation: Meituan's commission on the big order is ¥9.44, not ¥18.88.
    await request.post(`${FAKE_MEITUAN_URL}/__control/config`, { data: { callbackUrl: CALLBACK_URL } });
    const fake = await request.post(`${FAKE_MEITUAN_URL}/__control/orders`, {
      data: { orders: [{ orderid: big, sid: cSid, status: "8", payprice: "188.80", profit: "9.44", paytime: String(paytime), modTime: String(now - 86_400), businessLine: "2", smstitle: "美团外卖-测试店铺" }] },
    });
    expect(fake.ok()).toBe(true);
    const before = (await (await admin.request.get("/api/admin/sync/runs")).json()) as { items: { id: number }[] };
    const lastRunId = before.items[0]?.id ?? 0;
    await admin.goto("/admin/sync");
    const day = beijingDay(new Date(paytime * 1000));
    await admin.getByLabel("开始日期").fill(day);
    await admin.getByLabel("结束日期").fill(day);
    await admin.getByRole("button", { name: "开始对账" }).click();
    const run = admin.locator('table[data-testid="sync-runs"] tr[data-run-id]').first();
    await expect.poll(async () => Number(await run.getAttribute("data-run-id")), { timeout: 15_000 }).toBeGreaterThan(lastRunId);
    await expect(run).toHaveAttribute("data-status", "done", { timeout: 30_000 });
    const runId = await run.getAttribute("data-run-id");

    // C's home: −¥4.72, explained; the ledger: the reserved rows unchanged and a 扣回 row saying why.
    await c.page.goto("/me");
    await expect(c.page.getByTestId("summary-available")).toHaveText("-¥4.72");
    await expect(c.page.getByTestId("available-explained")).toContainText("= 可提现佣金 ¥0.00 − 扣回 ¥4.72");
    await expect(c.page.getByTestId("summary-in-review")).toHaveText("¥10.00");
    await expect(c.page.getByTestId("summary-withdrawn")).toHaveText("¥0.00");
    await shot(c.page, "member-home");
    await c.page.goto("/me/earnings");
    const rowsOf = (orderId: string) => c.page.locator(`ul[data-testid="commissions"] li[data-order-id="${orderId}"]`);
    const claw = rowsOf(big).and(c.page.locator('[data-status="clawback"]'));
    await expect(claw.getByTestId("commission-amount")).toHaveText("-¥4.72");
    await expect(claw.getByTestId("commission-reason")).toHaveText(`对账下调：订单 ${big} 美团佣金 ¥18.88 → ¥9.44（对账 #${runId}）`);
    await expect(rowsOf(big).and(c.page.locator('[data-status="reserved"]')).getByTestId("commission-amount")).toHaveText("¥9.44");
    await expect(c.page.getByTestId("strip-reserved")).toHaveText("¥10.00");
    await shot(c.page, "member-ledger");
    await c.page.goto("/me/withdraw");
    await expect(c.page.getByTestId("summary-available")).toHaveText("-¥4.72");
    await shot(c.page, "member-withdraw");

    // The admin's queue: the balance beside the request, and the warning.
    await admin.goto("/admin/withdrawals");
    // A table on a desktop, cards on a phone: whichever is shown.
    const queued = requestRow();
    await expect(queued.getByTestId("withdrawal-amount")).toHaveText("¥10.00");
    await expect(queued.getByTestId("balance")).toHaveAttribute("data-covered", "false");
    await expect(queued.getByTestId("balance-leaves")).toHaveText("-¥4.72");
    await expect(queued.getByTestId("balance-moved")).toHaveText("本笔覆盖的订单此后被扣回 ¥4.72");
    await expect(queued.getByTestId("balance-warning")).toHaveText("⚠ 余额不足，打款将多付 ¥4.72");
    await expect(queued).toContainText("139****9000");
    await expect(queued).toContainText("陈小东");
    await shot(admin, "admin-queue");

    // Approving: the confirmation names the member and the amount and wants a reason; without one the API says no.
    await queued.getByRole("button", { name: "通过", exact: true }).click();
    const dialog = admin.getByTestId("confirm-dialog");
    await expect(dialog.getByTestId("confirm-amount")).toHaveText("¥10.00");
    await expect(dialog).toContainText(`${cUsername[0]}***${cUsername.slice(cUsername.indexOf("@"))}`);
    await expect(dialog.getByTestId("confirm-warning")).toContainText("余额已不足");
    await expect(dialog.getByRole("button", { name: "仍要通过" })).toBeDisabled();
    await shot(admin, "admin-approve-dialog");
    const refused = await admin.request.post(`/api/admin/withdrawals/${await queued.getAttribute("data-withdrawal-id")}/approve`, { data: {} });
    expect(refused.status()).toBe(409);
    expect((await refused.json()).error.message).toContain("余额已不足以支付这笔 ¥10.00 的提现");
    await dialog.getByLabel("原因（必填）").fill("已与会员确认，差额从后续佣金中扣回");
    await dialog.getByRole("button", { name: "仍要通过" }).click();
    await expect(admin.getByRole("status")).toContainText("提现已通过");

    await admin.goto("/admin/withdrawals?status=approved");
    const approved = requestRow();
    await approved.getByRole("button", { name: "标记已打款" }).click();
    await dialog.getByLabel("原因（必填）").fill("已打款，差额从后续佣金中扣回");
    await dialog.getByRole("button", { name: "仍要标记已打款" }).click();
    await expect(admin.getByRole("status")).toContainText("已标记打款");
    await admin.goto("/admin/withdrawals?status=paid");
    await expect(requestRow().getByTestId("override-reason")).toHaveText("余额不足仍执行：已打款，差额从后续佣金中扣回");

    // The order page: 美团佣金 from Meituan, each level's share, 毛利, and the reason on the timeline.
    await admin.goto(`/admin/orders/${big}`);
    const money = admin.getByTestId("order-money");
    await expect(money.getByTestId("money-commission")).toHaveText("¥9.44");
    await expect(money.locator('[data-base-source="profit"]')).toHaveText("美团");
    await expect(money.locator('[data-testid="money-levels"] li[data-level="0"]')).toContainText("¥4.72");
    await expect(money.locator('[data-testid="money-levels"] li[data-level="1"]')).toContainText("¥0.94");
    await expect(money.locator('[data-testid="money-levels"] li[data-level="2"]')).toContainText("¥0.47");
    await expect(money.getByTestId("money-member")).toHaveText("¥6.13");
    await expect(money.getByTestId("money-margin")).toHaveText("¥3.31");
    const overrides = admin.locator('ol[data-testid="order-timeline"] > li[data-kind="audit"]').filter({ hasText: "余额不足仍通过/打款" });
    await expect(overrides).toHaveCount(2);
    await expect(overrides.last()).toContainText("已打款，差额从后续佣金中扣回");
    await shot(admin, "admin-order");
    await screen(admin, "admin-order-money", money);
    await screen(admin, "admin-order-timeline", overrides.last());

    // The list: the money per order and the filter's totals.
    await admin.goto(`/admin/orders?orderId=${big}`);
    const listed = admin.locator(`[data-testid="admin-orders"] [data-order-id="${big}"]`).filter({ visible: true });
    await expect(listed.getByTestId("order-base")).toContainText("¥9.44");
    await expect(listed.getByTestId("order-margin")).toHaveText("¥3.31");
    await expect(admin.getByTestId("totals-count")).toHaveText("1 单");
    await expect(admin.getByTestId("totals-margin")).toHaveText("¥3.31");
    await shot(admin, "admin-orders");

    // C afterwards: 累计已提现 ¥10.00 = the 已提现 rows; 可提现 −¥4.72 = the 扣回 row.
    await c.page.goto("/me");
    await expect(c.page.getByTestId("summary-withdrawn")).toHaveText("¥10.00");
    await expect(c.page.getByTestId("summary-available")).toHaveText("-¥4.72");
    await expect(c.page.getByTestId("summary-in-review")).toHaveText("¥0.00");
    await c.page.goto("/me/earnings");
    const withdrawn = c.page.locator('ul[data-testid="commissions"] li[data-status="withdrawn"]');
    await expect(withdrawn).toHaveCount(2);
    const amounts = await withdrawn.getByTestId("commission-amount").allInnerTexts();
    expect(amounts.sort()).toEqual(["¥0.56", "¥9.44"]);
  } finally {
    await Promise.all([a.context.close(), b.context.close(), c.context.close(), adminCtx.context.close()]);
  }
});
