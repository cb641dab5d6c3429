// The notification settings as operators and members use them: a member's channels before and after the 服务号 is
// configured (inside and outside WeChat), robots added, tested and failing in the console, the WeChat form saved
// with its secret masked. Every page is checked to fit and saved to /work/shots/channels (or SHOTS_DIR).
import { expect, test, type Browser, type Page } from "@playwright/test";
import Database from "better-sqlite3";
import path from "node:path";
import { DATA_DIR } from "./env";
import { loginAsAdmin, registerMember, uniqueEmail } from "./helpers";
import { lookAt, DESKTOP, PHONE } from "./screens";
import { startFakeRobots, type FakeRobots } from "./fake-channels/robot";

const SHOTS = process.env.SHOTS_DIR ?? "/work/shots/channels";
const WECHAT_UA = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.50(0x1800323a) NetType/WIFI Language/zh_CN";

let robots: FakeRobots;
test.beforeAll(async () => {
  robots = await startFakeRobots();
});
test.afterAll(async () => robots?.close());

async function bothSizes(page: Page, name: string) {
  for (const size of [DESKTOP.viewport, PHONE.viewport]) {
    await page.setViewportSize(size);
    await lookAt(page, SHOTS, name);
  }
}

async function memberPage(browser: Browser, userAgent?: string) {
  const context = await browser.newContext({ ...PHONE, ...(userAgent ? { userAgent } : {}), locale: "zh-CN" });
  return context.newPage();
}

test("notification channels: member states, robots tested and failing, WeChat configured", async ({ page, browser }) => {
  const username = uniqueEmail("channels");

  // A member before the 服务号 is configured: 未配置, and this browser's push not yet on.
  const member = await memberPage(browser);
  await registerMember(member, username);
  await member.goto("/me/channels");
  await expect(member.getByTestId("wechat-state")).toHaveText("未配置");
  await expect(member.getByTestId("webpush-state")).toHaveText("未开启");
  await bothSizes(member, "member-unconfigured");

  // The console: no robots yet.
  await loginAsAdmin(page);
  await page.goto("/admin/settings/notifications");
  await expect(page.getByText("还没有告警机器人")).toBeVisible();
  await expect(page.getByTestId("vapid-public-key")).toHaveText(/^[A-Za-z0-9_-]{87}$/);

  // A 企业微信 robot, tested: the stand-in receives the markdown message.
  const form = page.getByTestId("robot-form");
  await form.getByLabel("名称").fill("运营值班群");
  await form.getByLabel("Webhook 地址").fill(robots.add("wecom", "e2e-wecom-key-0123456789"));
  await form.getByRole("button", { name: "添加机器人" }).click();
  await expect(page.getByText("已添加「运营值班群」")).toBeVisible();
  const wecom = page.locator("tr", { hasText: "运营值班群" });
  await expect(wecom).not.toContainText("e2e-wecom-key-0123456789");
  await wecom.getByRole("button", { name: "发送测试" }).click();
  await expect(wecom.getByTestId("robot-test-result")).toHaveText("测试消息已发送到「运营值班群」");
  expect(robots.messages.at(-1)?.platform).toBe("wecom");

  // A 钉钉 robot whose keyword setting refuses our messages: after three failed tests it is failing.
  await form.getByLabel("平台").selectOption("dingtalk");
  await form.getByLabel("名称").fill("技术告警群");
  await form.getByLabel("Webhook 地址").fill(robots.add("dingtalk", "e2e-ding-token-0123456789", "SECe2e-ding-secret-0123456789"));
  await form.getByLabel("密钥（选填）").fill("SECe2e-ding-secret-0123456789");
  await form.getByRole("button", { name: "添加机器人" }).click();
  await expect(page.getByText("已添加「技术告警群」")).toBeVisible();
  robots.behave("e2e-ding-token-0123456789", { errcode: 310000, errmsg: "keywords not in content" });
  const ding = page.locator("tr", { hasText: "技术告警群" });
  for (let i = 0; i < 3; i++) {
    await ding.getByRole("button", { name: "发送测试" }).click();
    await expect(ding.getByTestId("robot-test-result")).toContainText("310000");
  }
  await expect(ding.getByTestId("robot-state")).toHaveText("发送失败");
  await expect(ding.getByTestId("robot-last-error")).toContainText("keywords not in content");
  await expect(page.getByTestId("robots-failing")).toContainText("技术告警群");
  await expect(page.locator("body")).not.toContainText("SECe2e-ding-secret-0123456789");

  // The 服务号: saved, enabled, secret masked.
  const wechat = page.getByTestId("wechat-form");
  await wechat.getByLabel("AppID").fill("wx0123456789abcdef");
  await wechat.getByLabel("AppSecret").fill("0123456789abcdef0123456789abcdef");
  await wechat.getByLabel("新订单已跟踪模板 ID").fill("TPL_ORDER_TRACKED_01");
  await wechat.getByLabel("新订单已跟踪字段").fill("thing1=title,amount2=amount,character_string3=order,time4=time");
  await wechat.getByLabel("提现已打款模板 ID").fill("TPL_WITHDRAWAL_PAID_01");
  await wechat.getByTestId("wechat-enabled").check();
  await wechat.getByRole("button", { name: "保存微信配置" }).click();
  await expect(page.getByTestId("wechat-status")).toContainText("已启用 · 已绑定会员 0 人");
  await expect(page.getByTestId("wechat-form").getByLabel("AppSecret")).toHaveAttribute("placeholder", /0123\*\*\*\*cdef/);
  await page.evaluate(() => window.scrollTo(0, 0));
  await bothSizes(page, "console-notifications");

  // The member inside WeChat: 未绑定 with the bind button; then bound (the OAuth exchange itself is covered by
  // tests/integration/notify-channels-wechat.test.ts against the WeChat stand-in) and unbound again.
  const inWechat = await memberPage(browser, WECHAT_UA);
  await inWechat.goto("/login");
  await inWechat.getByLabel("手机号或邮箱").fill(username);
  await inWechat.getByLabel("密码", { exact: true }).fill("member-pass-123");
  await inWechat.getByRole("button", { name: "登录" }).click();
  await expect(inWechat).toHaveURL(/\/me$/);
  await inWechat.goto("/me/channels");
  await expect(inWechat.getByTestId("wechat-state")).toHaveText("未绑定");
  await expect(inWechat.getByTestId("wechat-bind")).toBeVisible();
  await bothSizes(inWechat, "member-in-wechat");
  const db = new Database(path.join(DATA_DIR, "app.db"));
  const userId = (db.prepare("SELECT id FROM users WHERE username = ?").get(username) as { id: string }).id;
  db.prepare("INSERT INTO wechat_bindings (userId, appId, openId, createdAt) VALUES (?, ?, ?, ?)").run(userId, "wx0123456789abcdef", "oE2E_openid_01", new Date().toISOString().replace("Z", "+00:00"));
  db.close();
  await inWechat.goto("/me/channels?wechat=bound");
  await expect(inWechat.getByTestId("wechat-state")).toHaveText("已绑定");
  await expect(inWechat.getByText("微信绑定成功")).toBeVisible();
  await bothSizes(inWechat, "member-bound");
  await inWechat.getByRole("button", { name: "解除绑定" }).click();
  await expect(inWechat.getByTestId("wechat-state")).toHaveText("未绑定");

  // Outside WeChat the member is told where binding works.
  await member.reload();
  await expect(member.getByTestId("wechat-state")).toHaveText("未绑定");
  await expect(member.getByText("请在微信中打开本页")).toBeVisible();
});

test("the portal is installable: manifest linked, its icons and the service worker served", async ({ page, request }) => {
  await page.goto("/login");
  const href = await page.locator('link[rel="manifest"]').getAttribute("href");
  expect(href).toBe("/manifest.webmanifest");
  expect(await page.locator('link[rel="apple-touch-icon"]').getAttribute("href")).toBe("/icons/apple-touch-icon.png");
  const manifest = await (await request.get(href!)).json();
  expect(manifest).toMatchObject({ name: "美团联盟推广", start_url: "/me", display: "standalone" });
  const sizes: string[] = manifest.icons.map((i: { sizes: string }) => i.sizes);
  expect(sizes).toEqual(expect.arrayContaining(["192x192", "512x512"]));
  for (const icon of [...manifest.icons.map((i: { src: string }) => i.src), "/icons/apple-touch-icon.png"]) {
    const res = await request.get(icon);
    expect([res.status(), res.headers()["content-type"]], icon).toEqual([200, "image/png"]);
  }
  const sw = await request.get("/sw.js");
  expect(sw.status()).toBe(200);
  expect(sw.headers()["content-type"]).toMatch(/javascript/);
  // Registered on a real page, it takes control of the portal's scope.
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.register("/sw.js", { scope: "/" })).scope);
  expect(scope).toMatch(/\/$/);
});
