// What the delivery job calls for a member's off-site channels: where a member can be reached (a bound openid
// under the active 服务号, each Web Push subscription), one send to one of them, and forgetting a target the
// channel said is gone. A channel that is not configured, or a member who has not bound, has no targets:
// nothing breaks and nothing is sent.
import { rawDb } from "../db";
import { exec, first, q, type Work } from "../db/query";
import type { SendOptions } from "./http";
import type { DeliveryResult, MemberMessage, MemberTarget } from "./types";
import { activeWechat } from "./wechat/config";
import { sendTemplate } from "./wechat/template";
import { sendWebPush } from "./webpush/send";

/** A WeChat target's key is `appid:openid`: an openid means nothing under another appid. */
const wechatKey = (appId: string, openId: string) => `${appId}:${openId}`;

/** The members, of these, with a WeChat binding or a push subscription: the delivery job asks the rest nothing. */
export function* reachableMembers(userIds: string[]): Work<Set<string>> {
  if (!userIds.length) return new Set();
  const rows = yield* exec(
    q.selectFrom("wechat_bindings").select("userId").where("userId", "in", userIds)
      .union(q.selectFrom("push_subscriptions").select("userId").where("userId", "in", userIds)),
  );
  return new Set(rows.map((r) => r.userId));
}

export function* memberTargets(userId: string): Work<MemberTarget[]> {
  const targets: MemberTarget[] = [];
  const cfg = yield* activeWechat();
  if (cfg) {
    const binding = yield* first(q.selectFrom("wechat_bindings").select(["openId"]).where("userId", "=", userId).where("appId", "=", cfg.appId));
    if (binding) targets.push({ channel: "wechat", targetKey: wechatKey(cfg.appId, binding.openId) });
  }
  const subs = yield* exec(q.selectFrom("push_subscriptions").select("endpointHash").where("userId", "=", userId).orderBy("id"));
  for (const s of subs) targets.push({ channel: "webpush", targetKey: s.endpointHash });
  return targets;
}

/**
 * Sends one message to one target. A target that no longer exists (unbound, unsubscribed, the 服务号 switched
 * off or changed) is `gone`, so the job drops the delivery instead of retrying it.
 */
export async function sendToMember(target: MemberTarget, msg: MemberMessage, o?: SendOptions): Promise<DeliveryResult> {
  if (target.channel === "wechat") {
    const found = await rawDb().run(function* () {
      const cfg = yield* activeWechat();
      if (!cfg) return null;
      const binding = yield* first(q.selectFrom("wechat_bindings").select(["openId"]).where("userId", "=", msg.userId).where("appId", "=", cfg.appId));
      return binding && wechatKey(cfg.appId, binding.openId) === target.targetKey ? { cfg, openId: binding.openId } : null;
    });
    if (!found) return { ok: false, retry: false, gone: true, error: "微信未配置或会员已解绑" };
    return sendTemplate(found.cfg, found.openId, msg, o);
  }
  const sub = await rawDb().row(q.selectFrom("push_subscriptions").select(["endpoint", "p256dh", "auth"]).where("endpointHash", "=", target.targetKey).where("userId", "=", msg.userId));
  if (!sub) return { ok: false, retry: false, gone: true, error: "推送订阅已取消" };
  return sendWebPush(sub, msg, o);
}

/** Drops a target a channel answered `gone` for: the openid's binding, the push subscription. */
export function* forgetTarget(target: MemberTarget): Work<void> {
  if (target.channel === "wechat") {
    const i = target.targetKey.indexOf(":");
    yield* exec(q.deleteFrom("wechat_bindings").where("appId", "=", target.targetKey.slice(0, i)).where("openId", "=", target.targetKey.slice(i + 1)));
    return;
  }
  yield* exec(q.deleteFrom("push_subscriptions").where("endpointHash", "=", target.targetKey));
}
