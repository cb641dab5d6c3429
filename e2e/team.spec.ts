// The invite landing, 我的订单's tabs and search, and the team an inviter sees into, as people use them, on a
// desktop and on a phone: 李娜 registers and meets her first steps; a friend opens her invite link, is told who
// invited them and what members earn, cannot register without consenting and sees each field's error go as they
// edit it; an unknown invite code is said to be unknown and still lets the visitor register; the friend's orders
// arrive; their tabs and search filter them, a long order number stays on one line with a copy button; 李娜 sees
// the orders in 团队订单 with her share and her friend's page; the operator edits 用户协议 and /terms shows it.
// Screenshots go to $SHOTS_DIR (default reports/screenshots/team).
import { mkdirSync } from "node:fs";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { loginAsAdmin, MEMBER_PASSWORD, registerMember, uniqueEmail } from "./helpers";
import { DESKTOP, expectFitsScreen, PHONE } from "./screens";
import { newOrderId, paidPush, sendPush, signed } from "./meituan";

const OK = { errcode: "0", errmsg: "ok" };
const SHOTS = process.env.SHOTS_DIR ?? "reports/screenshots/team";

async function contextFor(browser: Browser, phone: boolean) {
  const context = await browser.newContext(phone ? PHONE : DESKTOP);
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  return { context, page: await context.newPage() };
}

test("invite landing → consent → orders tabs and search → 团队订单 and a downline's page → the operator's agreements", async ({ browser, request }, info) => {
  test.setTimeout(240_000);
  const phone = info.project.name === "mobile";
  const size = phone ? "390x844" : "1440x900";
  const shot = async (page: Page, name: string) => {
    await expectFitsScreen(page, name);
    await page.screenshot({ path: `${SHOTS}/${name}-${size}.png`, fullPage: true, style: "nav[aria-label='会员导航'] { position: static !important; }" });
  };
  mkdirSync(SHOTS, { recursive: true });
  const inviter = await contextFor(browser, phone);
  const friend = await contextFor(browser, phone);
  const stranger = await contextFor(browser, phone);
  const adminCtx = await contextFor(browser, phone);
  try {
    // The default shares (50 % / 10 % / 5 %), whatever an earlier spec left.
    const admin = adminCtx.page;
    await loginAsAdmin(admin);
    const rules = await admin.request.put("/api/admin/settings/commission", {
      data: { levels: [{ level: 0, rateBps: 5000 }, { level: 1, rateBps: 1000 }, { level: 2, rateBps: 500 }], holdDays: 15, minWithdrawal: "10.00" },
    });
    expect(rules.ok()).toBe(true);

    // 李娜 registers and, with nothing earned yet, meets the way to her first order before any money card.
    await registerMember(inviter.page, uniqueEmail("lina"), MEMBER_PASSWORD, "李娜");
    const steps = inviter.page.getByTestId("first-steps");
    await expect(steps).toBeVisible();
    await expect(steps.getByRole("link", { name: "去推广" })).toHaveAttribute("href", "/me/links");
    await expect(inviter.page.getByTestId("summary-estimated")).toHaveCount(0);
    await shot(inviter.page, "home-new-member");
    const inviteCode = (await inviter.page.getByTestId("my-invite-code").innerText()).trim();

    // The friend opens the invite link: who invited them (her display name, never her login) and what members earn.
    const f = friend.page;
    await f.goto(`/register?invite=${inviteCode}`);
    await expect(f.getByRole("heading", { name: "李娜邀请你加入" })).toBeVisible();
    await expect(f.getByTestId("invite-rates")).toContainText("得佣金的 50%");
    await expect(f.getByTestId("invite-rates")).toContainText("你邀请的人推广成交");
    await expect(f.getByLabel("邀请码（选填）")).toHaveValue(inviteCode);
    await expect(f.locator("body")).not.toContainText("e2e-lina");
    await shot(f, "invite-landing");

    // A bad login, then no consent: each field's error shows under it and goes as soon as that field is edited.
    const friendName = uniqueEmail("friend");
    await f.getByLabel("手机号或邮箱").fill("not-a-login");
    await f.getByLabel("密码（至少 8 位）").fill(MEMBER_PASSWORD);
    await f.getByRole("button", { name: "注册" }).click();
    const consentError = f.getByText("请阅读并同意《用户协议》和《隐私政策》");
    await expect(consentError).toBeVisible();
    const usernameError = f.locator("#f-username ~ p");
    await expect(usernameError).toHaveText(/[\u4e00-\u9fff]/);
    await f.getByLabel("手机号或邮箱").fill(friendName);
    await expect(usernameError).toHaveCount(0);
    await expect(consentError).toBeVisible();
    await f.getByLabel(/我已阅读并同意/).check();
    await expect(consentError).toHaveCount(0);
    await f.getByLabel("昵称（选填）").fill("王小明");
    await f.getByRole("button", { name: "注册" }).click();
    await expect(f).toHaveURL(/\/me$/);
    const friendSid = (await f.getByTestId("my-sid").innerText()).trim();

    // An unknown invite code is said to be unknown, and the visitor still registers (without an inviter).
    const s = stranger.page;
    await s.goto("/register?invite=NOSUCH99");
    await expect(s.getByTestId("invite-unknown")).toContainText("邀请码「NOSUCH99」不存在或已失效");
    await expect(s.getByRole("heading", { name: "注册成为推广者" })).toBeVisible();
    await expect(s.getByLabel("邀请码（选填）")).toHaveValue("");
    await shot(s, "invite-unknown");
    await s.getByLabel("手机号或邮箱").fill(uniqueEmail("stranger"));
    await s.getByLabel("密码（至少 8 位）").fill(MEMBER_PASSWORD);
    await s.getByLabel(/我已阅读并同意/).check();
    await s.getByRole("button", { name: "注册" }).click();
    await expect(s).toHaveURL(/\/me$/);

    // The friend's orders: one paid, one completed, one refunded; one with a very long order number.
    const now = Math.floor(Date.now() / 1000);
    const paid = { paytime: String(now - 86_400), ordertime: String(now - 86_410), modTime: String(now - 86_399), ratio: "0.10" };
    // As long as an order number may be (32 digits).
    const longId = `${newOrderId()}${newOrderId()}`.slice(0, 32);
    const kfc = newOrderId();
    const refunded = newOrderId();
    for (const [id, title, pay] of [[kfc, "美团外卖-肯德基（人民广场店）", "58.00"], [longId, "到店团购-海底捞双人套餐", "268.00"], [refunded, "美团外卖-奶茶", "19.90"]]) {
      expect(await (await sendPush(request, signed(paidPush(id, friendSid, { ...paid, smstitle: title, payPrice: pay, total: pay, direct: pay })))).json()).toEqual(OK);
    }
    expect(await (await sendPush(request, signed(paidPush(longId, friendSid, { ...paid, smstitle: "到店团购-海底捞双人套餐", payPrice: "268.00", total: "268.00", direct: "268.00", status: "8", modTime: String(now - 3600) })))).json()).toEqual(OK);
    expect(await (await sendPush(request, signed(paidPush(refunded, friendSid, { ...paid, smstitle: "美团外卖-奶茶", payPrice: "19.90", total: "19.90", direct: "19.90", status: "9", refundType: "1", modTime: String(now - 1800) })))).json()).toEqual(OK);

    // Busy home: the three months and the cards.
    await f.goto("/me");
    await expect(f.getByTestId("first-steps")).toHaveCount(0);
    await expect(f.getByTestId("summary-months")).toBeVisible();
    await shot(f, "home-busy-member");

    // 我的订单: tabs from the one label map, search by title and by order number.
    await f.goto("/me/orders");
    const list = f.getByTestId("member-orders");
    await expect(list.locator("li")).toHaveCount(3);
    await f.getByRole("navigation", { name: "订单状态" }).getByRole("link", { name: "已退款" }).click();
    await expect(f).toHaveURL(/status=refunded/);
    await expect(list.locator("li")).toHaveCount(1);
    await expect(list).toContainText("美团外卖-奶茶");
    await shot(f, "orders-tab-refunded");
    await f.getByRole("navigation", { name: "订单状态" }).getByRole("link", { name: "已完成" }).click();
    await expect(list.locator("li")).toHaveCount(1);
    await expect(list).toContainText("海底捞");
    await f.getByRole("navigation", { name: "订单状态" }).getByRole("link", { name: "全部" }).click();
    await f.getByRole("searchbox", { name: "搜索订单号或商品名称" }).fill("肯德基");
    await f.getByRole("button", { name: "搜索" }).click();
    await expect(f).toHaveURL(/q=/);
    await expect(list.locator("li")).toHaveCount(1);
    await expect(list).toContainText("肯德基");
    await shot(f, "orders-search");
    await f.getByRole("searchbox", { name: "搜索订单号或商品名称" }).fill(longId);
    await f.getByRole("button", { name: "搜索" }).click();
    const row = list.locator(`li[data-order-id="${longId}"]`);
    await expect(list.locator("li")).toHaveCount(1);
    await expect(row).toBeVisible();
    // The long number stays on one line (truncated, the whole number in its title and its copy button).
    const number = row.getByTestId("order-number");
    expect(await number.evaluate((e) => getComputedStyle(e).whiteSpace)).toBe("nowrap");
    const box = (await number.boundingBox())!;
    expect(box.height).toBeLessThan(24);
    await expect(number).toHaveAttribute("title", longId);
    await row.getByRole("button", { name: `复制订单号 ${longId}` }).click();
    await expect(row.getByRole("button", { name: `复制订单号 ${longId}` })).toHaveText("已复制");
    expect(await f.evaluate(() => navigator.clipboard.readText())).toBe(longId);
    await shot(f, "orders-long-number");
    await f.goto("/me/orders?q=NOTHING-MATCHES");
    await expect(f.getByText("没有符合条件的订单")).toBeVisible();

    // 李娜's 团队订单: exactly her friend's orders, her 10% share of each (refunded: ¥0.00), and the friend's page.
    const l = inviter.page;
    await l.goto("/me/team?view=orders");
    const team = l.getByTestId("team-orders");
    await expect(team.locator("li")).toHaveCount(3);
    await expect(team).toContainText("王小明");
    await expect(team.locator("li", { hasText: "肯德基" }).getByTestId("team-order-share")).toHaveText("¥0.58");
    await expect(team.locator("li", { hasText: "海底捞" }).getByTestId("team-order-share")).toHaveText("¥2.68");
    await expect(team.locator("li", { hasText: "奶茶" }).getByTestId("team-order-share")).toHaveText("¥0.00");
    await shot(l, "team-orders");
    await l.getByRole("link", { name: "二级团队" }).click();
    await expect(l.getByText("没有符合条件的团队订单")).toBeVisible();
    await l.goto("/me/team");
    await expect(l.getByTestId("team-members").locator("li")).toHaveCount(1);
    await shot(l, "team-members");
    await l.getByTestId("team-members").getByRole("link", { name: /王小明/ }).click();
    await expect(l.getByTestId("downline")).toBeVisible();
    await expect(l.getByTestId("downline-earned")).toHaveText("¥3.26");
    await expect(l.getByTestId("downline-orders")).toHaveText("3 单");
    await expect(l.getByTestId("team-orders").locator("li")).toHaveCount(3);
    await shot(l, "downline-detail");

    // The operator edits 用户协议; the public page shows the new version, and the console page its history line.
    await admin.goto("/admin/settings/agreements");
    const terms = admin.getByTestId("agreement-terms");
    const token = `第${Date.now()}条：本条为测试新增的推广规范。`;
    const body = terms.getByRole("textbox");
    await body.fill(`${await body.inputValue()}\n\n${token}`);
    await terms.getByRole("button", { name: /保存为第 \d+ 版/ }).click();
    await expect(terms.getByRole("status")).toContainText("已保存为第");
    await shot(admin, "console-agreements");
    await s.goto("/terms");
    await expect(s.getByRole("heading", { name: "用户协议" })).toBeVisible();
    await expect(s.locator("article")).toContainText(token);
    await shot(s, "terms");
  } finally {
    for (const c of [inviter, friend, stranger, adminCtx]) await c.context.close();
  }
});
