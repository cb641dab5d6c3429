// The whole chain with the real channels: a push lands at the callback, its notification is in the outbox, the
// delivery job sends it to the member's bound WeChat as a template message linking back into the portal; a sender
// killed after sending (its lease runs out) sends again and WeChat's client_msg_id makes it one message.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { raw, rows, useTestDatabase, userId } from "../helpers/db";
import { call, type Actor } from "../helpers/http";
import { exec, q } from "@/lib/db/query";
import { pushPayload, signed, SECRET } from "../helpers/push";
import { startFakeWechat, type FakeWechat } from "../../e2e/fake-channels/wechat";

const APP_ID = "wx0123456789abcdef";
const APP_SECRET = "0123456789abcdef0123456789abcdef";
const fake: FakeWechat = await startFakeWechat({ appId: APP_ID, appSecret: APP_SECRET });
process.env.WECHAT_API_BASE = fake.base;
process.env.WECHAT_OPEN_BASE = fake.base;
process.env.MEITUAN_CALLBACK_SECRET = SECRET;
useTestDatabase();

let admin: Actor;
let member: Actor & { sid: string };
const route = async (path: string) => (await import(/* @vite-ignore */ `@/app/api/${path}/route`)) as Record<string, never>;

beforeAll(async () => {
  const { upsertAdmin } = await import("@/lib/accounts/register");
  await upsertAdmin("e2e-boss@example.com", "Admin-Pass-123");
  admin = { id: await userId("e2e-boss@example.com"), role: "ADMIN" };
  const r = await call((await route("register")).POST, "/api/register", { json: { username: "e2e-m@example.com", agreed: true, password: "Password-123" } });
  member = { id: r.data.id, role: "MEMBER", sid: r.data.sid };
  fake.addTemplate("TPL_ORDER", ["thing1", "amount2", "character_string3", "time4"]);
  fake.follow("oOPEN_e2e");
  const saved = await call((await route("admin/notify/wechat")).PUT, "/api/admin/notify/wechat", {
    as: admin, method: "PUT",
    json: { appId: APP_ID, appSecret: APP_SECRET, enabled: true, templates: { order_tracked: { templateId: "TPL_ORDER", fields: "thing1=title,amount2=amount,character_string3=order,time4=time" } } },
  });
  expect(saved.status, saved.text).toBe(200);
  await (await raw()).run(() => exec(q.insertInto("wechat_bindings").values({ userId: member.id, appId: APP_ID, openId: "oOPEN_e2e", createdAt: new Date() })));
});
afterAll(async () => fake.close());

describe("push → outbox → WeChat", () => {
  it("sends the tracked order once, even when the sender dies after sending", async () => {
    const p = pushPayload({ sid: member.sid, smstitle: "美团外卖-老王烧烤", payPrice: "44.00", ratio: "0.10" });
    const res = await call((await route("meituan/callback")).POST, "/api/meituan/callback", { json: signed(p) });
    expect(res.data).toEqual({ errcode: "0", errmsg: "ok" });
    const { runDelivery } = await import("@/lib/notify/delivery");
    const { defaultChannels } = await import("@/lib/notify/channels");
    const run = await runDelivery(await raw(), defaultChannels);
    expect(run).toMatchObject({ dispatched: 1, sent: 1, failed: 0 });
    expect(fake.messages).toHaveLength(1);
    const m = fake.messages[0];
    expect(m).toMatchObject({ touser: "oOPEN_e2e", template_id: "TPL_ORDER" });
    expect(m.url).toMatch(/\/me\/orders$/);
    expect(m.data.character_string3.value).toBe(p.orderid);
    // As if the instance was killed after WeChat took the message but before it recorded so: the lease runs out.
    await (await raw()).run(() => exec(q.updateTable("notification_deliveries").set({ status: "pending", leaseUntil: null, sentAt: null })));
    const again = await runDelivery(await raw(), defaultChannels);
    expect(again.sent).toBe(1);
    expect(fake.messages).toHaveLength(1);
    expect(await rows(q.selectFrom("notification_deliveries").select(["channel", "status", "attempts"]))).toEqual([{ channel: "wechat", status: "sent", attempts: 2 }]);
  });
});
