// The operator's console end to end: the dashboard counts new orders, the order list filters them, an order's merged
// timeline shows pushes, status and commissions, a push is reprocessed from the inbox (and the action lands on the
// timeline and in the audit log), an unattributed order is assigned to a member (whose ledger then has the row), a
// withdrawal is approved in bulk, and the filtered order list is exported as CSV. On a laptop and on a phone: every
// page it passes fits the screen (wide tables scroll inside their own frame) and is saved to reports/screenshots/console/.
import { mkdirSync, readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { FAKE_MEITUAN_URL } from "./env";
import { login, loginAsAdmin, MEMBER_PASSWORD, uniqueEmail } from "./helpers";
import { newOrderId, paidPush, sendPush, signed } from "./meituan";
import { expectOnScreen, lookAt, screenOf } from "./screens";

const OK = { errcode: "0", errmsg: "ok" };
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-/;
const SHOTS = "reports/screenshots/console";

/** A section of the console through its navigation, opening the menu first where it is folded (on a phone). */
async function openSection(page: Page, name: string) {
  const menu = page.getByRole("button", { name: "菜单" });
  const folded = await menu.isVisible();
  if (folded) {
    await menu.click();
    await expect(menu).toHaveAttribute("aria-expanded", "true");
  }
  await page.getByRole("navigation", { name: "管理后台导航" }).getByRole("link", { name, exact: true }).click();
  // Choosing a section folds the menu again.
  if (folded) await expect(menu).toHaveAttribute("aria-expanded", "false");
}

/** "¥1,234.50" → 123450 fen. */
function fen(text: string): number {
  const m = /^(-)?¥([\d,]+)\.(\d{2})$/.exec(text.trim());
  if (!m) throw new Error(`not money: ${text}`);
  const v = Number(m[2].replaceAll(",", "")) * 100 + Number(m[3]);
  return m[1] ? -v : v;
}
const yuan = (f: number) => `${f < 0 ? "-" : ""}¥${Math.floor(Math.abs(f) / 100).toLocaleString("en-US")}.${String(Math.abs(f) % 100).padStart(2, "0")}`;

const KPIS = ["kpi-orders", "kpi-gmv", "kpi-commission", "kpi-member-commission", "kpi-margin"] as const;

async function readKpis(page: Page): Promise<Record<(typeof KPIS)[number], string>> {
  await expect(page.getByTestId("kpi-orders")).toHaveText(/^\d[\d,]*$/);
  const out = {} as Record<(typeof KPIS)[number], string>;
  for (const k of KPIS) out[k] = (await page.getByTestId(k).innerText()).trim();
  return out;
}

test("an admin works the console: dashboard, filters, timeline, reprocess, assignment, withdrawal, CSV export", async ({ browser, request }, info) => {
  test.setTimeout(240_000);
  mkdirSync(SHOTS, { recursive: true });
  // Every admin page names people, never by an internal id.
  const look = async (page: Page, name: string) => {
    await lookAt(page, SHOTS, name);
    if (new URL(page.url()).pathname.startsWith("/admin")) expect(await page.locator("body").innerText(), `${name}: no internal id on screen`).not.toMatch(UUID);
  };
  const now = Math.floor(Date.now() / 1000);
  const memberName = uniqueEmail("console");
  // Unique, as the laptop and phone runs share the database; the console shows it with the masked login.
  const displayName = `控制台会员${Date.now() % 100_000}`;
  const reg = await request.post("/api/register", { data: { username: memberName, agreed: true, password: MEMBER_PASSWORD, name: displayName } });
  expect(reg.status()).toBe(201);
  const { sid, id: newMemberId } = (await reg.json()) as { sid: string; id: string };

  const adminContext = await browser.newContext(screenOf(info.project.name));
  const memberContext = await browser.newContext(screenOf(info.project.name));
  try {
    const admin = await adminContext.newPage();
    await loginAsAdmin(admin);
    // Known rules for this test: the default shares, no hold period, ¥1.00 minimum withdrawal.
    const rules = await admin.request.put("/api/admin/settings/commission", {
      data: { levels: [{ level: 0, rateBps: 5000 }, { level: 1, rateBps: 1000 }, { level: 2, rateBps: 500 }], businessLineOverrides: [], holdDays: 0, minWithdrawal: "1.00" },
    });
    expect(rules.ok()).toBe(true);

    // 1. The dashboard before: 概览 is the console's home, the last 7 days.
    await openSection(admin, "概览");
    await expect(admin).toHaveURL(/\/admin$/);
    await admin.getByRole("link", { name: "近7天" }).click();
    await expect(admin).toHaveURL(/\/admin\?range=7d$/);
    await expect(admin.getByRole("link", { name: "近7天" })).toHaveAttribute("aria-current", "page");
    const before = await readKpis(admin);

    // 2. Meituan pushes three orders: two of the member's (到家 ¥100.00 at 10%, 酒店 ¥58.80 at 5%) and one whose
    //    sid matches nobody (到家 ¥39.90 at 10%).
    const o1 = newOrderId();
    const o2 = newOrderId();
    const u1 = newOrderId();
    const at = { paytime: String(now - 60), ordertime: String(now - 70), modTime: String(now - 50) };
    const o1Paid = paidPush(o1, sid, { ...at, payPrice: "100.00", total: "100.00", direct: "100.00", ratio: "0.10" });
    expect(await (await sendPush(request, signed(o1Paid))).json()).toEqual(OK);
    expect(await (await sendPush(request, signed(paidPush(o2, sid, { ...at, businessLine: "3", smstitle: "美团酒店-测试", payPrice: "58.80", total: "60.00" })))).json()).toEqual(OK);
    expect(await (await sendPush(request, signed(paidPush(u1, `nobody-${Date.now()}`, { ...at, payPrice: "39.90", total: "39.90", ratio: "0.10" })))).json()).toEqual(OK);
    // ... and a 酒店 order of 8 days ago whose sid matches nobody: the 7 days before this week have something to
    //     compare with.
    const old = now - 8 * 86_400;
    const lastWeek = { businessLine: "3", smstitle: "美团酒店-上周", paytime: String(old), ordertime: String(old - 10), modTime: String(old + 10), payPrice: "88.00", total: "88.00" };
    expect(await (await sendPush(request, signed(paidPush(newOrderId(), `nobody-${Date.now()}`, lastWeek)))).json()).toEqual(OK);

    // 3. The dashboard after: +3 orders, +¥198.70 GMV, +¥16.93 Meituan commission (10.00 + 2.94 + 3.99), +¥6.47 for
    //    members (50% of 10.00 and of 2.94; the unattributed order pays no one) and +¥10.46 margin.
    await admin.reload();
    await expect(admin.getByTestId("kpi-orders")).toHaveText((Number(before["kpi-orders"].replaceAll(",", "")) + 3).toLocaleString("zh-CN"));
    await expect(admin.getByTestId("kpi-gmv")).toHaveText(yuan(fen(before["kpi-gmv"]) + 19870));
    await expect(admin.getByTestId("kpi-commission")).toHaveText(yuan(fen(before["kpi-commission"]) + 1693));
    await expect(admin.getByTestId("kpi-member-commission")).toHaveText(yuan(fen(before["kpi-member-commission"]) + 647));
    await expect(admin.getByTestId("kpi-margin")).toHaveText(yuan(fen(before["kpi-margin"]) + 1046));
    await expect(admin.getByTestId("push-health").getByTestId("last-push-at")).not.toHaveText("尚未收到推送");
    await expect(admin.getByTestId("business-lines")).toContainText("到家");
    await expect(admin.getByTestId("push-gap")).toBeVisible();
    // Each figure against the previous 7 days: ▲/▼ a percent, 持平, or — when those days had nothing.
    for (const k of KPIS) await expect(admin.getByTestId(`${k}-change`)).toHaveText(/^(▲ \d+(\.\d)?%|▼ \d+(\.\d)?%|持平|—)$/);
    // The top promoters by name and masked phone, linked to their pages, never an id on the screen. The member
    // earned on this week's orders: they are listed unless ten others earned more (other specs share the data).
    const promoters = admin.getByTestId("top-promoter");
    await expect(promoters.first()).toBeVisible();
    await expect(admin.getByTestId("top-promoters")).not.toContainText(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-/);
    for (const href of await promoters.getByRole("link").evaluateAll((as) => as.map((a) => a.getAttribute("href")))) expect(href).toMatch(/^\/admin\/members\/[^/]+$/);
    const week = (await (await admin.request.get("/api/admin/dashboard?range=7d")).json()) as { topPromoters: { id: string }[] };
    if (week.topPromoters.some((p) => p.id === newMemberId)) {
      const promoter = promoters.filter({ has: admin.locator(`a[href="/admin/members/${newMemberId}"]`) });
      await expect(promoter.getByRole("link")).toHaveText(displayName);
      await expect(promoter).toContainText("e***@example.com");
    }
    await look(admin, "dashboard");
    const menu = admin.getByRole("button", { name: "菜单" });
    if (await menu.isVisible()) {
      // On a phone the sections fold into the menu: open, it lists them all on the screen; Esc folds it again.
      await menu.click();
      await expect(admin.getByRole("navigation", { name: "管理后台导航" }).getByRole("link", { name: "提现审核" })).toBeVisible();
      await look(admin, "menu");
      await admin.keyboard.press("Escape");
      await expect(menu).toHaveAttribute("aria-expanded", "false");
      await expect(menu).toBeFocused();
      await expect(admin.getByRole("navigation", { name: "管理后台导航" })).toBeHidden();
    }

    // 4. Orders filtered by the member's sid and 到家 with an estimated commission: only the ¥100.00 order.
    await openSection(admin, "订单");
    await expect(admin).toHaveURL(/\/admin\/orders$/);
    await admin.getByLabel("sid").fill(sid);
    await admin.getByLabel("业务线").selectOption("2");
    await admin.getByLabel("佣金状态").selectOption("estimated");
    await admin.getByRole("button", { name: "筛选" }).click();
    await expect(admin).toHaveURL(/businessLine=2/);
    await expect(admin).toHaveURL(/moneyStatus=estimated/);
    const rows = admin.locator('table[data-testid="admin-orders"] tr[data-order-id]');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toHaveAttribute("data-order-id", o1);
    await expect(rows.first()).toContainText("¥100.00");
    await expect(rows.first().getByTestId("order-member")).toContainText(displayName);
    await look(admin, "orders");

    // 5. The order's merged timeline: the push, the status change and the member's commission row (no inviters, so
    //    one level only); the commissions table says who earns what.
    await rows.first().getByRole("link", { name: o1 }).click();
    await expect(admin).toHaveURL(new RegExp(`/admin/orders/${o1}$`));
    await expect(admin.locator('ol[data-testid="order-timeline"] > li[data-kind="push"]')).toHaveCount(1);
    await expect(admin.locator('ol[data-testid="order-timeline"] > li[data-kind="status"]')).toHaveCount(1);
    await expect(admin.locator('ol[data-testid="order-timeline"] > li[data-kind="status"]')).toContainText("已付款");
    await expect(admin.locator('ol[data-testid="order-timeline"] > li[data-kind="commission"]')).toHaveCount(1);
    await expect(admin.locator('ol[data-testid="order-timeline"] > li[data-kind="audit"]')).toHaveCount(0);
    const share = admin.locator('table[data-testid="order-commissions"] tr[data-commission-id]');
    await expect(share).toHaveCount(1);
    await expect(share).toHaveAttribute("data-level", "0");
    await expect(share).toHaveAttribute("data-status", "estimated");
    await expect(share).toContainText(displayName);
    await expect(share).toContainText("¥5.00");
    await look(admin, "order");

    // 6. The order completes; in the push inbox, filtered on this order, both pushes were applied. Reprocessing the
    //    first changes nothing, and the admin's action shows on the order's timeline.
    expect(await (await sendPush(request, signed({ ...o1Paid, status: "8", modTime: String(now - 20) }))).json()).toEqual(OK);
    await openSection(admin, "推送日志");
    await expect(admin).toHaveURL(/\/admin\/pushes$/);
    await admin.getByLabel("订单号").fill(o1);
    await admin.getByRole("button", { name: "筛选" }).click();
    await expect(admin).toHaveURL(new RegExp(`orderId=${o1}`));
    const pushRows = admin.locator("tr[data-push-id]");
    await expect(pushRows).toHaveCount(2);
    await expect(admin.locator('tr[data-push-id][data-outcome="applied"]')).toHaveCount(2);
    const first = pushRows.last();
    await first.getByRole("button", { name: "查看报文" }).click();
    await expect(admin.getByTestId("push-body")).toContainText(`"orderid":"${o1}"`);
    await first.getByRole("button", { name: "重新处理" }).click();
    await expect(first.getByTestId("reprocess-result")).toHaveText("无变化（此前已处理）");
    await expect(first).toHaveAttribute("data-outcome", "applied");
    await look(admin, "pushes");

    await admin.goto(`/admin/orders/${o1}`);
    await expect(admin.locator('ol[data-testid="order-timeline"] > li[data-kind="status"]')).toHaveCount(2);
    await expect(admin.locator('ol[data-testid="order-timeline"] > li[data-kind="audit"]')).toHaveCount(1);
    // Pending, or already available if the scheduled settlement ran in between (the hold period is 0 days).
    await expect(share).toHaveAttribute("data-status", /^(pending|available)$/);

    // 7. The unattributed order is assigned to the member by sid, with a reason; it leaves the list.
    await openSection(admin, "未归属订单");
    await expect(admin).toHaveURL(/\/admin\/unattributed$/);
    const unattributed = admin.locator(`table[data-testid="unattributed-orders"] tr[data-order-id="${u1}"]`);
    await expect(unattributed).toHaveCount(1);
    await expect(admin.getByRole("button", { name: "指定会员" })).toBeDisabled();
    await look(admin, "unattributed");
    await unattributed.getByRole("checkbox").check();
    await expect(admin.getByTestId("selected-count")).toHaveText("1");
    await admin.getByLabel("会员（sid / 用户名 / 会员 ID）").fill(sid);
    await admin.getByRole("button", { name: "指定会员" }).click();
    await expect(admin.getByText("请填写原因")).toBeVisible();
    await admin.getByLabel("原因（必填，记入操作日志）").fill("会员提供了下单截图，已核实");
    await admin.getByRole("button", { name: "指定会员" }).click();
    // The confirmation says who gets what before anything changes: 50% of ¥3.99 to the member.
    const assignDialog = admin.getByTestId("assign-dialog");
    await expect(assignDialog).toContainText(memberName);
    await expect(assignDialog).toContainText("¥1.99");
    await assignDialog.getByRole("button", { name: "确认指定" }).click();
    await expect(admin.getByTestId("assign-result")).toContainText("已指定 1 笔订单");
    await expect(unattributed).toHaveCount(0);

    // ... and the member's ledger now has that order: 50% of ¥3.99, rounded down to the fen.
    const member = await memberContext.newPage();
    await login(member, memberName, MEMBER_PASSWORD, /\/me$/);
    await member.goto("/me/earnings");
    const ledgerRow = member.locator(`ul[data-testid="commissions"] li[data-commission-id][data-order-id="${u1}"]`);
    await expect(ledgerRow).toHaveCount(1);
    await expect(ledgerRow.getByTestId("commission-amount")).toHaveText("¥1.99");
    await look(member, "me-earnings");

    // 8. Settlement makes the completed order's ¥5.00 available; the member asks for it; the admin sees the request
    //    with its risk signals (a brand-new account): bulk approve skips it, and it is approved on its own.
    expect((await admin.request.post("/api/admin/settlement/run", { data: {} })).ok()).toBe(true);
    const asked = await member.request.post("/api/me/withdrawals", { data: { amount: "5.00", method: "alipay", account: "13800138000", realName: "张三" } });
    expect(asked.status()).toBe(201);
    // The navigation counts what waits (polled every 30 s; a page load asks at once): on a phone the folded menu
    // carries the sum, and the open menu the count per section.
    await admin.reload();
    const waiting = admin.getByTestId("badge-withdrawals");
    const menuButton = admin.getByRole("button", { name: "菜单" });
    if (await menuButton.isVisible()) {
      await expect(admin.getByTestId("badge-menu")).toHaveText(/^([1-9]\d?|99\+)$/);
      await menuButton.click();
    }
    await expect(waiting).toHaveText(/^([1-9]\d?|99\+)$/);
    await expect(admin.getByRole("navigation", { name: "管理后台导航" }).getByRole("link", { name: "提现审核", exact: true })).toHaveAttribute("title", /笔提现待审核$/);
    await look(admin, "nav-badges");
    if (await menuButton.isVisible()) {
      await admin.keyboard.press("Escape");
      await expect(menuButton).toHaveAttribute("aria-expanded", "false");
    }
    await openSection(admin, "提现审核");
    await expect(admin).toHaveURL(/\/admin\/withdrawals$/);
    // A table on a laptop, cards on a phone: the same data attributes on each.
    const request1 = admin.locator("[data-withdrawal-id]:visible").filter({ hasText: displayName });
    await expect(request1).toHaveAttribute("data-status", "pending");
    await expect(request1.getByTestId("risk")).toHaveAttribute("data-flagged", "true");
    await expect(request1.getByTestId("risk-flags")).toContainText("注册仅 0 天");
    await look(admin, "withdrawals");
    await expectOnScreen(request1.getByRole("button", { name: "通过", exact: true }));
    await request1.getByRole("checkbox").check();
    await expect(admin.getByTestId("bulk-count")).toHaveText("1");
    await admin.getByRole("button", { name: "批量通过" }).click();
    const bulk = admin.getByTestId("bulk-dialog");
    await expect(bulk.getByTestId("bulk-total")).toHaveText("¥5.00");
    await expect(bulk).toContainText("批量通过时会跳过");
    await bulk.getByRole("button", { name: "确认批量通过" }).click();
    await expect(admin.getByRole("status")).toHaveText("没有提现被通过");
    await expect(admin.getByTestId("bulk-skipped")).toContainText("注册仅 0 天");
    await admin.getByTestId("bulk-skipped").getByRole("button", { name: "核实后通过" }).click();
    const one = admin.getByTestId("confirm-dialog");
    await expect(one.getByTestId("confirm-amount")).toHaveText("¥5.00");
    await one.getByRole("button", { name: "确认通过" }).click();
    await expect(admin.getByRole("status")).toContainText("提现已通过");
    await expect(request1).toHaveCount(0);
    await admin.getByRole("link", { name: "已通过" }).click();
    await expect(admin.locator("[data-withdrawal-id]:visible").filter({ hasText: displayName })).toHaveAttribute("data-status", "approved");

    // 9. The member's page and the audit log: the assignment is recorded with its reason.
    await openSection(admin, "会员");
    await expect(admin).toHaveURL(/\/admin\/members$/);
    await admin.getByLabel("搜索").fill(memberName);
    await admin.getByRole("button", { name: "筛选" }).click();
    const memberRow = admin.locator("tr[data-member-id]");
    await expect(memberRow).toHaveCount(1);
    // 可提现 beside them: the ¥5.00 they asked for is already deducted.
    await expect(memberRow.getByTestId("member-balance")).toHaveText("¥0.00");
    await look(admin, "members");
    const memberId = (await memberRow.getAttribute("data-member-id"))!;
    await memberRow.getByRole("link", { name: displayName }).click();
    await expect(admin).toHaveURL(new RegExp(`/admin/members/${memberId}$`));
    await expect(admin.getByTestId("member-sid")).toHaveText(sid);
    await expect(admin.getByTestId("balance-in-review")).toHaveText("¥5.00");
    await look(admin, "member");

    await openSection(admin, "操作日志");
    await expect(admin).toHaveURL(/\/admin\/audit$/);
    const assigned = admin.locator('tr[data-audit-id][data-action="order.assign"]').filter({ hasText: u1 });
    await expect(assigned).toHaveCount(1);
    await expect(assigned).toContainText("指定归属");
    await expect(assigned).toContainText("会员提供了下单截图，已核实");
    await expect(admin.locator('tr[data-audit-id][data-action="push.reprocess"]').first()).toContainText("重新处理推送");
    await look(admin, "audit");

    // 10. CSV of the member's 到家 orders (now including the assigned one), downloaded from the filtered list.
    await admin.goto(`/admin/orders?memberId=${memberId}&businessLine=2`);
    await expect(admin.locator('table[data-testid="admin-orders"] tr[data-order-id]')).toHaveCount(2);
    const link = admin.getByTestId("export-csv");
    await expect(link).toHaveAttribute("href", `/api/admin/orders/export.csv?memberId=${memberId}&businessLine=2`);
    const [download] = await Promise.all([admin.waitForEvent("download"), link.click()]);
    expect(download.suggestedFilename()).toMatch(/^orders-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync((await download.path())!, "utf8");
    expect(csv.startsWith("\uFEFF")).toBe(true);
    const lines = csv.slice(1).trimEnd().split("\r\n");
    expect(lines[0].split(",").slice(0, 5)).toEqual(["订单号", "下单时间（北京）", "标题", "业务线", "状态"]);
    expect(lines[0]).toContain("实付金额");
    expect(lines).toHaveLength(3);
    expect(lines.find((l) => l.includes(o1))).toContain("100.00");
    expect(lines.find((l) => l.includes(u1))).toContain("39.90");
    expect(csv).not.toContain(o2);

    // 11. The rest of the console on this screen. A claim Meituan cannot confirm (its order API keeps failing) waits
    //     for review, its actions within reach; then reconciliation, the activities and the commission rules.
    const failing = await request.post(`${FAKE_MEITUAN_URL}/__control/fail`, { data: { n: 4, kind: "500", path: "/api/order" } });
    expect(failing.ok()).toBe(true);
    const claimedOrder = newOrderId();
    const claimed = await member.request.post("/api/me/claims", { data: { orderId: claimedOrder, payAmount: "52.00" } });
    expect(claimed.status()).toBe(201);
    await openSection(admin, "订单找回");
    await expect(admin).toHaveURL(/\/admin\/claims$/);
    const claim = admin.locator('table[data-testid="admin-claims"] tr[data-claim-id]').filter({ hasText: claimedOrder });
    await expect(claim).toHaveAttribute("data-status", "review");
    await look(admin, "claims");
    await expectOnScreen(claim.getByRole("button", { name: "通过" }));
    await expectOnScreen(claim.getByRole("button", { name: "驳回" }));

    await openSection(admin, "对账");
    await expect(admin).toHaveURL(/\/admin\/sync$/);
    await expect(admin.getByRole("heading", { level: 1 })).toBeVisible();
    await admin.waitForLoadState("networkidle");
    await look(admin, "sync");

    await openSection(admin, "推广活动");
    await expect(admin).toHaveURL(/\/admin\/activities$/);
    await admin.waitForLoadState("networkidle");
    await look(admin, "activities");

    await openSection(admin, "佣金规则");
    await expect(admin).toHaveURL(/\/admin\/settings\/commission$/);
    await admin.waitForLoadState("networkidle");
    // The trial calculation follows the rates as they are typed: ¥5.00 at 50/10/5% is ¥3.25; 二级 at 6% makes it
    // ¥3.30 without pressing 试算.
    const preview = admin.getByTestId("commission-preview");
    await preview.getByText("按佣金基数").click();
    await expect(preview.getByTestId("preview-total")).toHaveText("¥3.25");
    await admin.getByRole("textbox", { name: "二级团队（%）", exact: true }).fill("6");
    await expect(preview.getByTestId("preview-total")).toHaveText("¥3.30");
    // Saved, the change heads the history: its saver, and the rate it changed marked.
    await admin.getByRole("button", { name: "保存为新版本" }).click();
    const savedLine = admin.getByTestId("settings-saved");
    await expect(savedLine).toContainText(/当前规则版本 v\d+/);
    const newVersion = /v(\d+)/.exec(await savedLine.innerText())![1];
    const latest = admin.locator('[data-testid="rule-versions"] tr[data-rule-version]').first();
    await expect(latest).toHaveAttribute("data-rule-version", newVersion);
    await expect(latest.getByTestId("rule-changes")).toHaveText("二级团队");
    await expect(latest.locator('[data-changed="true"]')).toHaveText(["6%"]);
    await expect(latest).toContainText("当前");
    await look(admin, "settings");
    expect((await admin.request.put("/api/admin/settings/commission", { data: { levels: [{ level: 0, rateBps: 5000 }, { level: 1, rateBps: 1000 }, { level: 2, rateBps: 500 }], businessLineOverrides: [], holdDays: 0, minWithdrawal: "1.00" } })).ok()).toBe(true);
  } finally {
    await Promise.all([adminContext.close(), memberContext.close()]);
  }
});

test("keyboard: the skip link comes first in the console and the member pages; focus shows on styled choices", async ({ page, request }) => {
  const skipLink = page.getByRole("link", { name: "跳到主要内容" });
  const tabToSkipLink = async () => {
    await page.keyboard.press("Tab");
    await expect(skipLink).toBeFocused();
    // Hidden until focused, then shown in full.
    expect((await skipLink.boundingBox())!.width).toBeGreaterThan(40);
    await page.keyboard.press("Enter");
    await expect(page.locator("main#main")).toBeFocused();
  };

  await loginAsAdmin(page);
  await page.goto("/admin/settings/commission");
  await tabToSkipLink();
  // The trial calculation's modes are radios drawn as pills: the focused one shows a ring around its pill.
  const mode = page.getByRole("radiogroup", { name: "试算方式" }).getByRole("radio").first();
  await mode.focus();
  await page.keyboard.press("ArrowRight");
  const chosen = page.getByRole("radiogroup", { name: "试算方式" }).getByRole("radio").nth(1);
  await expect(chosen).toBeFocused();
  const pill = chosen.locator("xpath=..");
  expect(await pill.evaluate((e) => getComputedStyle(e).outlineStyle)).not.toBe("none");
  expect(await mode.locator("xpath=..").evaluate((e) => getComputedStyle(e).outlineStyle)).toBe("none");

  await page.context().clearCookies();
  const username = uniqueEmail("keyboard");
  expect((await request.post("/api/register", { data: { username, agreed: true, password: MEMBER_PASSWORD } })).status()).toBe(201);
  await login(page, username, MEMBER_PASSWORD, /\/me$/);
  await page.goto("/me");
  await tabToSkipLink();
});
