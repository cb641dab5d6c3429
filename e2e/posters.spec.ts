// Share posters and the 推广 hub, as people use them: the admin sets an activity's poster template and previews
// it; a member on a phone reaches 推广 from the bottom nav (five tabs that fit a 390 px screen), copies their
// link, opens the activity's poster as a plain image (long-press-save in WeChat) with every template, and the
// invite poster. Screenshots of each page and the posters themselves go to POSTER_SHOTS (default
// reports/screenshots/posters/).
import { mkdirSync, writeFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { loginAsAdmin, registerMember, uniqueEmail } from "./helpers";
import { DESKTOP, expectFitsScreen, expectOnScreen, PHONE } from "./screens";

const SHOTS = process.env.POSTER_SHOTS ?? "reports/screenshots/posters";
const TEMPLATES = [
  ["simple", "简约"],
  ["photo", "活动大图"],
  ["invite", "邀请"],
] as const;

const width = (page: Page) => page.viewportSize()!.width;
const shot = async (page: Page, name: string) => {
  await expectFitsScreen(page, name);
  await page.screenshot({ path: `${SHOTS}/${name}-${width(page)}.png`, fullPage: true, style: "nav[aria-label='会员导航'] { position: static !important; }" });
};

/** The <img> finished loading a 750×1334 PNG (not a broken image). */
async function expectPosterLoaded(page: Page) {
  const img = page.getByTestId("poster-image");
  await expect(img).toBeVisible({ timeout: 20_000 });
  await expect.poll(() => img.evaluate((e: HTMLImageElement) => (e.complete ? [e.naturalWidth, e.naturalHeight] : null)), { timeout: 20_000 }).toEqual([750, 1334]);
}

test("the 推广 hub: the activity's link and poster in every template, the invite poster, a nav that fits a phone", async ({ browser }) => {
  test.setTimeout(240_000);
  mkdirSync(SHOTS, { recursive: true });
  const tag = Date.now().toString(36);
  const name = `外卖红包天天领 ${tag}`;

  // The admin creates the activity with the 活动大图 template and previews it, on a laptop and on a phone.
  for (const screen of [DESKTOP, PHONE]) {
    const ctx = await browser.newContext(screen);
    const admin = await ctx.newPage();
    await loginAsAdmin(admin);
    await admin.goto("/admin/activities");
    const form = admin.getByTestId("activity-form");
    if (screen === DESKTOP) {
      await admin.getByLabel("活动 ID").fill(`poster${tag}`);
      await admin.getByLabel("活动名称").fill(name);
      await admin.getByLabel("推广说明（选填）").fill("每天可领 3 次外卖红包，下单立减");
      await admin.getByLabel("海报模板").selectOption("photo");
    } else {
      await admin.locator("tr[data-activity-id]").filter({ hasText: name }).getByRole("button", { name: "编辑" }).click();
      await expect(admin.getByLabel("海报模板")).toHaveValue("photo");
    }
    await form.getByRole("button", { name: "预览海报" }).click();
    const preview = form.getByTestId("poster-preview").getByRole("img", { name: "海报预览" });
    await expect.poll(() => preview.evaluate((e: HTMLImageElement) => e.complete && e.naturalWidth), { timeout: 20_000 }).toBe(750);
    await shot(admin, "console-activity-form");
    if (screen === DESKTOP) {
      await admin.getByRole("button", { name: "创建活动" }).click();
      await expect(admin.getByText(`已创建活动「${name}」`)).toBeVisible();
      await expect(admin.locator("tr[data-activity-id]").filter({ hasText: name })).toContainText("活动大图");
    }
    await ctx.close();
  }

  for (const screen of [PHONE, DESKTOP]) {
    const ctx = await browser.newContext(screen);
    const member = await ctx.newPage();
    await registerMember(member, uniqueEmail("posters"), undefined, "李娜");

    // Five tabs, each wholly on the screen; 推广 leads to the hub.
    const nav = member.getByRole("navigation", { name: "会员导航" });
    await expect(nav.getByRole("link")).toHaveText(["首页", "订单", "推广", "团队", "我的"]);
    for (const link of await nav.getByRole("link").all()) await expectOnScreen(link);
    await expectFitsScreen(member, "home with the bottom nav");
    await nav.getByRole("link", { name: "推广" }).click();
    await expect(member).toHaveURL(/\/me\/links$/);
    await expect(nav.getByRole("link", { name: "推广" })).toHaveAttribute("aria-current", "page");

    const card = member.getByTestId("hub-activity").filter({ hasText: name });
    await card.getByRole("button", { name: "复制链接" }).click();
    await expect(card.getByTestId("hub-link")).toContainText(/^https?:\/\//);
    await expect(card.getByRole("status")).toContainText(/已复制|手动复制/);
    await shot(member, "hub");

    // The poster: the admin's template first, then each of the others; a plain image with the long-press hint.
    await card.getByRole("button", { name: "生成海报" }).click();
    const viewer = member.getByTestId("poster-viewer");
    await expect(viewer.getByRole("radio", { name: "活动大图" })).toHaveAttribute("aria-checked", "true");
    await expectPosterLoaded(member);
    await expect(viewer.getByTestId("poster-hint")).toHaveText("长按图片保存，分享到微信群");
    await expect(viewer.getByRole("link", { name: "下载海报" })).toHaveAttribute("href", /download=1/);
    for (const [template, label] of TEMPLATES) {
      await viewer.getByRole("radio", { name: label }).click();
      await expect(viewer.getByTestId("poster-image")).toHaveAttribute("src", new RegExp(`template=${template}`));
      await expectPosterLoaded(member);
      if (screen === PHONE) {
        await expectFitsScreen(member, `poster viewer (${label})`);
        await member.screenshot({ path: `${SHOTS}/viewer-${template}-${width(member)}.png` });
        // The PNG itself, as a member saves it.
        const res = await member.request.get((await viewer.getByTestId("poster-image").getAttribute("src"))!);
        expect(res.headers()["content-type"]).toBe("image/png");
        writeFileSync(`${SHOTS}/poster-${template}.png`, await res.body());
      }
    }
    await viewer.getByRole("button", { name: "关闭" }).click();
    await expect(viewer).toHaveCount(0);

    await member.getByTestId("hub-invite").getByRole("button", { name: "生成海报" }).click();
    await expect(viewer.getByRole("radio", { name: "邀请" })).toHaveAttribute("aria-checked", "true");
    await expectPosterLoaded(member);
    if (screen === PHONE) {
      const res = await member.request.get((await viewer.getByTestId("poster-image").getAttribute("src"))!);
      writeFileSync(`${SHOTS}/poster-invite-member.png`, await res.body());
    }
    await viewer.getByRole("button", { name: "关闭" }).click();

    // 我的: the money and the rest, 提现 with the balance beside it.
    await nav.getByRole("link", { name: "我的" }).click();
    await expect(member).toHaveURL(/\/me\/account$/);
    await expect(member.getByTestId("account-withdraw")).toContainText("¥0.00");
    await shot(member, "account");
    await ctx.close();
  }
});
