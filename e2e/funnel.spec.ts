// Short links end to end: a member's link gets our short URL; people's clicks (not a link preview's) and the
// order they brought show in the member's 推广效果 and in the console's 推广漏斗; both looked at on both screens.
import { mkdirSync } from "node:fs";
import { expect, test, type Browser } from "@playwright/test";
import { BASE_URL } from "./env";
import { login, loginAsAdmin, MEMBER_PASSWORD, registerMember, uniqueEmail } from "./helpers";
import { newOrderId, paidPush, sendPush, signed } from "./meituan";
import { DESKTOP, lookAt, PHONE } from "./screens";

const SHOTS = process.env.SHOTS_DIR ?? "test-results/shots/links";
const WECHAT = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47 NetType/WIFI";

async function pageOn(browser: Browser, screen: typeof DESKTOP | typeof PHONE) {
  const context = await browser.newContext(screen);
  return { context, page: await context.newPage() };
}

test("clicks on a member's short link and the order they brought, in 推广效果 and 推广漏斗", async ({ browser, request }) => {
  test.setTimeout(150_000);
  mkdirSync(SHOTS, { recursive: true });
  const tag = `${Date.now()}`.slice(-8);
  const admin = await pageOn(browser, DESKTOP);
  const member = await pageOn(browser, PHONE);
  try {
    await loginAsAdmin(admin.page);
    const act = await admin.page.request.post("/api/admin/activities", { data: { actId: `fun${tag}`, name: `E2E 外卖神券 ${tag}` } });
    expect(act.status()).toBe(201);
    const activityId = (await act.json()).id as number;

    const email = uniqueEmail("funnel");
    const sid = await registerMember(member.page, email, MEMBER_PASSWORD, "李娜");
    await member.page.goto("/me/links");
    await expect(member.page.getByTestId("member-funnel")).toContainText("还没有推广链接");
    await expect(member.page.getByTestId("member-funnel")).toContainText("还没有点击或订单");
    await lookAt(member.page, SHOTS, "member-funnel-empty");
    const link = await member.page.request.post("/api/me/links", { data: { activityId, linkType: "h5_short" } });
    expect(link.status()).toBe(200);
    const { url, shortUrl } = (await link.json()) as { url: string; shortUrl: string };
    expect(shortUrl).toMatch(new RegExp(`^${BASE_URL}/s/[0-9A-Za-z]{8}$`));

    // Three people open it from WeChat; WeChat's preview fetcher and a HEAD request are counted apart.
    for (let i = 0; i < 3; i++) {
      const r = await request.get(shortUrl, { maxRedirects: 0, headers: { "user-agent": WECHAT, referer: "https://mp.weixin.qq.com/s/x" } });
      expect(r.status()).toBe(302);
      expect(r.headers().location).toBe(url);
      expect(r.headers().location).toContain(sid);
    }
    expect((await request.get(shortUrl, { maxRedirects: 0, headers: { "user-agent": "Mozilla/5.0 AppleWebKit/537.36 MicroMessenger/8.0" } })).status()).toBe(302);
    expect((await request.head(shortUrl, { maxRedirects: 0 })).status()).toBe(302);
    const unknown = await request.get(`${BASE_URL}/s/ZZZZZZZZ`, { maxRedirects: 0 });
    expect(unknown.status()).toBe(404);
    expect(await unknown.text()).toContain("链接不存在");

    // One of them pays a moment later.
    const paid = Math.floor(Date.now() / 1000) + 2;
    const push = await sendPush(request, signed(paidPush(newOrderId(), sid, { actId: `fun${tag}`, paytime: String(paid), ordertime: String(paid - 5), modTime: String(paid + 1), payPrice: "48.00", ratio: "0.06" })));
    expect(await push.json()).toEqual({ errcode: "0", errmsg: "ok" });

    await expect
      .poll(async () => (await (await member.page.request.get("/api/me/funnel?days=7")).json()).totals, { timeout: 15_000 })
      .toMatchObject({ clicks: 3, botClicks: 2, orders: 1, gmv: "48.00", commission: "1.44", conversion: 0.3333 });
    await member.page.reload();
    const funnel = member.page.getByTestId("member-funnel");
    await expect(funnel.getByTestId("funnel-clicks")).toHaveText("3");
    await expect(funnel.getByTestId("funnel-orders")).toHaveText("1");
    await expect(funnel.getByTestId("funnel-gmv")).toHaveText("¥48.00");
    await expect(funnel.getByTestId("funnel-commission")).toHaveText("¥1.44");
    await expect(funnel.getByTestId("funnel-short-url")).toHaveText(shortUrl);
    await expect(funnel).toContainText("另有 2 次机器人或微信链接预览的访问");
    await funnel.scrollIntoViewIfNeeded();
    await lookAt(member.page, SHOTS, "member-funnel");
    const wide = await pageOn(browser, DESKTOP);
    try {
      await login(wide.page, email, MEMBER_PASSWORD, /\/me$/);
      await wide.page.goto("/me/links");
      await expect(wide.page.getByTestId("funnel-clicks")).toHaveText("3");
      await lookAt(wide.page, SHOTS, "member-funnel");
    } finally {
      await wide.context.close();
    }

    // The console: top links name the member, never an id; by day; on a phone too.
    await admin.page.goto("/admin");
    await admin.page.getByRole("link", { name: "推广漏斗" }).first().click();
    await expect(admin.page).toHaveURL(/\/admin\/funnel$/);
    const row = admin.page.getByTestId("funnel-table").locator("tr").filter({ hasText: "李娜" }).filter({ hasText: `E2E 外卖神券 ${tag}` });
    await expect(row).toContainText("¥48.00");
    await expect(row).toContainText("33.3%");
    await lookAt(admin.page, SHOTS, "admin-funnel");
    await admin.page.goto("/admin/funnel?group=day");
    await expect(admin.page.getByTestId("funnel-table")).toContainText(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10));
    await lookAt(admin.page, SHOTS, "admin-funnel-by-day");
    const phoneAdmin = await pageOn(browser, PHONE);
    try {
      await loginAsAdmin(phoneAdmin.page);
      await phoneAdmin.page.goto("/admin/funnel");
      await expect(phoneAdmin.page.getByTestId("funnel-table")).toContainText("李娜");
      await lookAt(phoneAdmin.page, SHOTS, "admin-funnel");
    } finally {
      await phoneAdmin.context.close();
    }
  } finally {
    await admin.context.close();
    await member.context.close();
  }
});
