// Against the fake Meituan (webServer in playwright.config.ts): reconciliation fills the push gap and the console
// shows it; promotion activities, a member's tracking link with its QR code, and 订单找回 (claims) end to end.
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { beijingDay, beijingDayStart } from "../lib/time";
import { CALLBACK_URL, FAKE_MEITUAN_URL } from "./env";
import { loginAsAdmin, registerMember, uniqueEmail } from "./helpers";
import { newOrderId } from "./meituan";

interface FakeOrder {
  orderid: string;
  sid: string;
  paytime: string;
  businessLine: string;
  payprice: string;
}

/** Calls a control endpoint of the fake Meituan and returns its JSON. */
async function fake<T = Record<string, unknown>>(request: APIRequestContext, method: "GET" | "POST" | "PUT", path: string, data?: unknown): Promise<T> {
  const res = await request.fetch(`${FAKE_MEITUAN_URL}${path}`, { method, data });
  expect(res.ok(), `${method} ${path}: ${res.status()} ${await res.text()}`).toBe(true);
  return (await res.json()) as T;
}

/** Has the fake send Meituan's signed push for one of its orders to the app; the app must accept it. */
async function pushFromFake(request: APIRequestContext, orderId: string, overrides: Record<string, unknown> = {}) {
  const r = await fake<{ status: number; body: string }>(request, "POST", "/__control/push", { orderId, overrides });
  expect(r.status, r.body).toBe(200);
  expect(JSON.parse(r.body)).toEqual({ errcode: "0", errmsg: "ok" });
}

async function gapOn(admin: Page, day: string): Promise<number> {
  const res = await admin.request.get("/api/admin/dashboard?range=30d");
  expect(res.ok()).toBe(true);
  const body = (await res.json()) as { sync: { pushGapByDay: { day: string; orders: number }[] } };
  return body.sync.pushGapByDay.find((d) => d.day === day)?.orders ?? 0;
}

test.beforeEach(async ({ request }) => {
  await fake(request, "POST", "/__control/config", { callbackUrl: CALLBACK_URL });
});

test("a sync fills the push gap: the orders Meituan never pushed become 补单, on the runs table and the dashboard", async ({ browser, request }) => {
  test.setTimeout(120_000);
  const memberContext = await browser.newContext();
  const adminContext = await browser.newContext();
  try {
    const member = await memberContext.newPage();
    const sid = await registerMember(member, uniqueEmail("sync"));

    // 1. Twelve orders on a past Beijing day, two in three carrying the member's sid; Meituan pushes only half.
    const day = beijingDay(new Date(Date.now() - 3 * 86_400_000));
    const start = beijingDayStart(day).getTime() / 1000 + 3600;
    const seed = 1 + Math.floor(Math.random() * 99_998);
    const made = await fake<{ orderIds: string[] }>(request, "POST", "/__control/orders/generate", {
      count: 12,
      start,
      end: start + 20 * 3600,
      sids: [sid, sid, "e2eghostpromoter"],
      businessLines: ["2"],
      seed,
      idPrefix: "7",
    });
    expect(made.orderIds).toHaveLength(12);
    const pushed = made.orderIds.filter((_, i) => i % 2 === 0);
    const dropped = made.orderIds.filter((_, i) => i % 2 === 1);
    for (const id of pushed) await pushFromFake(request, id);

    const { orders } = await fake<{ orders: FakeOrder[] }>(request, "GET", "/__control/orders");
    const dayStart = beijingDayStart(day).getTime() / 1000;
    const onDay = orders.filter((o) => o.businessLine === "2" && Number(o.paytime) >= dayStart && Number(o.paytime) < dayStart + 86_400);
    const droppedMine = dropped.filter((id) => orders.find((o) => o.orderid === id)?.sid === sid);
    expect(droppedMine.length).toBeGreaterThan(0);

    // 2. Before the sync the member sees only the pushed orders.
    const pushedMine = pushed.filter((id) => orders.find((o) => o.orderid === id)?.sid === sid);
    await member.goto("/me/orders");
    await expect(member.locator(`ul[data-testid="member-orders"] li[data-order-id="${pushedMine[0]}"]`)).toBeVisible();
    await expect(member.locator(`ul[data-testid="member-orders"] li[data-order-id="${droppedMine[0]}"]`)).toHaveCount(0);

    // 3. The admin runs a sync for that day from /admin/sync and watches it finish without reloading.
    const admin = await adminContext.newPage();
    await loginAsAdmin(admin);
    const gapBefore = await gapOn(admin, day);
    const runsBefore = (await (await admin.request.get("/api/admin/sync/runs")).json()) as { configured: boolean; items: { id: number }[] };
    expect(runsBefore.configured).toBe(true);
    const lastRunId = runsBefore.items[0]?.id ?? 0;

    await admin.getByRole("link", { name: "对账" }).click();
    await expect(admin).toHaveURL(/\/admin\/sync$/);
    await expect(admin.getByRole("heading", { name: "对账", exact: true })).toBeVisible();
    await expect(admin.getByTestId("sync-not-configured")).toHaveCount(0);
    await admin.getByLabel("开始日期").fill(day);
    await admin.getByLabel("结束日期").fill(day);
    await admin.getByRole("button", { name: "开始对账" }).click();
    await expect(admin.getByRole("status").filter({ hasText: "已开始对账" })).toBeVisible();

    const run = admin.locator('table[data-testid="sync-runs"] tr[data-run-id]').first();
    await expect.poll(async () => Number(await run.getAttribute("data-run-id")), { timeout: 15_000 }).toBeGreaterThan(lastRunId);
    await expect(run).toHaveAttribute("data-status", "done", { timeout: 30_000 });
    await expect(run).toContainText(day);
    await expect(run.getByTestId("run-status")).toHaveText("已完成");
    await expect(run.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "1");
    await expect(run.getByRole("progressbar")).toHaveAttribute("aria-valuemax", "1");
    await expect(run.getByTestId("run-seen")).toHaveText(String(onDay.length));
    await expect(run.getByTestId("run-created")).toHaveText(String(dropped.length));

    // 4. The gap for that day on the dashboard (and its API).
    expect(await gapOn(admin, day)).toBe(gapBefore + dropped.length);
    await admin.goto("/admin?range=30d");
    const gapRow = admin.getByTestId("push-gap").getByRole("row").filter({ hasText: day });
    await expect(gapRow.getByRole("cell").last()).toHaveText(String(gapBefore + dropped.length));

    // 5. A second sync of the same day finds nothing new.
    await admin.goto("/admin/sync");
    await admin.getByLabel("开始日期").fill(day);
    await admin.getByLabel("结束日期").fill(day);
    const firstRunId = Number(await run.getAttribute("data-run-id"));
    await admin.getByRole("button", { name: "开始对账" }).click();
    await expect.poll(async () => Number(await run.getAttribute("data-run-id")), { timeout: 15_000 }).toBeGreaterThan(firstRunId);
    await expect(run).toHaveAttribute("data-status", "done", { timeout: 30_000 });
    await expect(run.getByTestId("run-created")).toHaveText("0");

    // 6. The member now has the orders the pushes had missed.
    await member.reload();
    for (const id of droppedMine) await expect(member.locator(`ul[data-testid="member-orders"] li[data-order-id="${id}"]`)).toBeVisible();
  } finally {
    await adminContext.close();
    await memberContext.close();
  }
});

test("activities, a member's tracking link with its QR code, and 订单找回 with the amount as proof", async ({ browser, request }) => {
  test.setTimeout(150_000);
  const adminContext = await browser.newContext();
  const memberContext = await browser.newContext();
  try {
    // 1. The admin creates two activities and disables the second.
    const admin = await adminContext.newPage();
    await loginAsAdmin(admin);
    await admin.getByRole("link", { name: "推广活动" }).click();
    await expect(admin).toHaveURL(/\/admin\/activities$/);
    const tag = `${Date.now()}`.slice(-8);
    const shown = `E2E 外卖红包 ${tag}`;
    const hidden = `E2E 已下架 ${tag}`;
    for (const [actId, name] of [
      [`e2e${tag}`, shown],
      [`off${tag}`, hidden],
    ]) {
      await admin.getByLabel("活动 ID").fill(actId);
      await admin.getByLabel("活动名称").fill(name);
      await admin.getByLabel("业务线").selectOption("2");
      await admin.getByLabel("推广说明（选填）").fill("每天可领外卖红包");
      await admin.getByRole("button", { name: "创建活动" }).click();
      await expect(admin.getByRole("status")).toHaveText(`已创建活动「${name}」`);
    }
    const hiddenRow = admin.locator('table[data-testid="activities"] tr[data-activity-id]').filter({ hasText: hidden });
    await expect(hiddenRow).toHaveAttribute("data-enabled", "true");
    await hiddenRow.getByRole("button", { name: "停用" }).click();
    await expect(hiddenRow).toHaveAttribute("data-enabled", "false");
    await expect(hiddenRow.getByTestId("activity-state")).toHaveText("已停用");
    // The same actId twice is refused with the API's message.
    await admin.getByLabel("活动 ID").fill(`e2e${tag}`);
    await admin.getByLabel("活动名称").fill("重复的活动");
    await admin.getByRole("button", { name: "创建活动" }).click();
    await expect(admin.getByTestId("activity-form")).toContainText("该活动 ID 已存在");

    // 2. A member gets their H5 link (with their sid) and its QR code, then a 团口令 (no QR).
    const member = await memberContext.newPage();
    const sid = await registerMember(member, uniqueEmail("links"));
    await member.getByRole("link", { name: /推广链接/ }).click();
    await expect(member).toHaveURL(/\/me\/links$/);
    await expect(member.getByRole("radio", { name: shown })).toBeAttached();
    await expect(member.getByRole("radio", { name: hidden })).toHaveCount(0);
    await member.getByTestId("promo-activities").getByText(shown).click();
    await expect(member.getByRole("radio", { name: shown })).toBeChecked();
    await expect(member.getByRole("radio", { name: "H5 短链" })).toBeChecked();
    await member.getByRole("button", { name: "生成推广链接" }).click();
    const link = member.getByTestId("promo-link");
    await expect(link).toContainText(`sid=${sid}`);
    await expect(link).toContainText(/^https?:\/\//);
    await expect(link).toContainText(`actId=e2e${tag}`);
    await expect(member.getByTestId("promo-qr")).toBeVisible();
    await expect(member.getByTestId("promo-qr")).toHaveAttribute("src", /^data:image\/png;base64,/);
    await member.getByTestId("promo-result").getByRole("button", { name: "复制链接" }).click();
    await expect(member.getByRole("status").filter({ hasText: /已复制|手动复制/ })).toBeVisible();

    await member.getByText("团口令", { exact: true }).click();
    await member.getByRole("button", { name: "生成推广链接" }).click();
    await expect(link).toContainText(sid);
    await expect(member.getByTestId("promo-result")).toHaveAttribute("data-link-type", "kouling");
    await expect(member.getByTestId("promo-qr")).toHaveCount(0);
    await expect(member.getByRole("button", { name: "复制口令" })).toBeVisible();

    // The link is generated once: asked again after a reload it comes from the cache.
    await member.reload();
    await member.getByTestId("promo-activities").getByText(shown).click();
    await member.getByRole("button", { name: "生成推广链接" }).click();
    await expect(link).toContainText(`sid=${sid}`);
    await expect(member.getByTestId("promo-result")).toContainText("已生成过");

    // 3. 订单找回. A: pushed with someone else's unknown sid (unattributed here). B: only at Meituan, no sid.
    const a = newOrderId();
    const b = newOrderId();
    const c = newOrderId();
    const paytime = String(Math.floor(Date.now() / 1000) - 3600);
    await fake(request, "POST", "/__control/orders", {
      orders: [
        { orderid: a, sid: "e2eunknownsid", payprice: "36.60", profit: "1.83", paytime, smstitle: "美团外卖-找回测试A" },
        { orderid: b, sid: "", payprice: "19.90", profit: "0.99", paytime, smstitle: "美团外卖-找回测试B" },
        { orderid: c, sid: "", payprice: "52.00", profit: "2.60", paytime, smstitle: "美团外卖-找回测试C" },
      ],
    });
    await pushFromFake(request, a);

    await member.goto("/me");
    await member.getByRole("link", { name: /订单找回/ }).click();
    await expect(member).toHaveURL(/\/me\/claim$/);
    const result = member.getByTestId("claim-result");
    const claim = async (orderId: string, amount: string) => {
      await member.getByLabel("美团订单号").fill(orderId);
      await member.getByLabel("实付金额（元）").fill(amount);
      await member.getByRole("button", { name: "提交找回" }).click();
    };

    // A with the wrong amount: rejected, in red.
    await claim(a, "35.00");
    await expect(result).toHaveAttribute("data-status", "rejected");
    await expect(result).toContainText("未能找回");
    await expect(result).toContainText("实付金额与订单不符");
    await expect(result).toHaveClass(/text-red-800/);

    // A with the right amount: attributed, in green.
    await claim(a, "36.60");
    await expect(result).toHaveAttribute("data-status", "attributed");
    await expect(result).toContainText("已归属");
    await expect(result).toHaveClass(/text-emerald-800/);

    // A again: already theirs (not counted as a claim).
    await claim(a, "36.60");
    await expect(member.getByTestId("claim-error")).toHaveText("该订单已经归属于你");

    // B, unknown here: found at Meituan, with the right amount.
    await claim(b, "19.90");
    await expect(result).toHaveAttribute("data-status", "attributed");

    // C while Meituan keeps failing: goes to an admin, in amber.
    await fake(request, "POST", "/__control/fail", { n: 4, kind: "500", path: "/api/order" });
    await claim(c, "52.00");
    await expect(result).toHaveAttribute("data-status", "review", { timeout: 20_000 });
    await expect(result).toContainText("人工审核");
    await expect(result).toHaveClass(/text-amber-800/);

    // History, newest first.
    const history = member.locator('ul[data-testid="claims"] > li');
    await expect(history).toHaveCount(4);
    await expect(history.nth(0)).toHaveAttribute("data-status", "review");
    await expect(history.nth(3)).toHaveAttribute("data-status", "rejected");

    // A fifth claim within the hour is the last one: the sixth is refused with when to retry.
    await claim("600000000000000001", "10.00");
    await expect(result).toHaveAttribute("data-status", "rejected");
    await expect(result).toContainText("没有找到可以找回的订单");
    await claim("600000000000000002", "10.00");
    await expect(member.getByTestId("claim-error")).toContainText(/找回次数过多，请 \d+ 分钟后再试/);

    // 4. The claimed orders are the member's.
    await member.goto("/me/orders");
    for (const id of [a, b]) await expect(member.locator(`ul[data-testid="member-orders"] li[data-order-id="${id}"]`)).toBeVisible();
    await expect(member.locator(`ul[data-testid="member-orders"] li[data-order-id="${c}"]`)).toHaveCount(0);

    // 5. C's push arrives later; the admin approves the claim from the review queue and C becomes the member's.
    await pushFromFake(request, c);
    await admin.getByRole("link", { name: "订单找回" }).click();
    await expect(admin).toHaveURL(/\/admin\/claims$/);
    const queued = admin.locator('table[data-testid="admin-claims"] tr[data-claim-id]').filter({ hasText: c });
    await expect(queued).toHaveAttribute("data-status", "review");
    await expect(queued).toContainText("¥52.00");
    await queued.getByRole("button", { name: "通过" }).click();
    await expect(admin.getByRole("status")).toContainText(`对订单 ${c} 的找回申请`);
    await expect(queued).toHaveCount(0);
    await admin.getByRole("link", { name: "审核通过" }).click();
    await expect(admin.locator('table[data-testid="admin-claims"] tr[data-claim-id]').filter({ hasText: c })).toHaveAttribute("data-status", "approved");

    await member.reload();
    await expect(member.locator(`ul[data-testid="member-orders"] li[data-order-id="${c}"]`)).toBeVisible();
    await member.goto("/me/claim");
    await expect(member.locator(`ul[data-testid="claims"] > li[data-order-id="${c}"]`)).toHaveAttribute("data-status", "approved");
  } finally {
    await memberContext.close();
    await adminContext.close();
  }
});
