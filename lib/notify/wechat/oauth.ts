// Binding a member's openid through the 公众号 web OAuth (snsapi_base, silent): the portal, opened inside
// WeChat, sends the member to WeChat's authorize page with a `state` that is HMAC-signed over the member, the
// page to return to and an expiry; WeChat sends them back with a code, which we exchange at
// /sns/oauth2/access_token for the openid. A state for another member, altered or past its 10 minutes binds
// nothing. WeChat allows a state of at most 128 characters of [a-zA-Z0-9], hence its hex-and-Z form.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { authSecret } from "../../auth/secret";
import { rawDb } from "../../db";
import { exec, first, q } from "../../db/query";
import { wechatApiBase, wechatOpenBase } from "../../env";
import type { MemberWechat } from "../../contracts/notify";
import { publicBaseUrl } from "../console-url";
import { field, isResult, request, type SendOptions } from "../http";
import { activeWechat, type Wechat } from "./config";

export const STATE_TTL_MS = 10 * 60_000;
export const DEFAULT_RETURN = "/me/channels";

/** Where the member may be sent back to: a portal page, nothing else (no open redirect). */
export const safeReturn = (path: string | null | undefined) => (path && /^\/me(\/[\w-]+)*$/.test(path) ? path : DEFAULT_RETURN);

export const isWechatBrowser = (userAgent: string | null) => /MicroMessenger/i.test(userAgent ?? "");

const stateKey = () => createHmac("sha256", authSecret()).update("wechat-oauth-state").digest();
const mac = (userId: string, returnPath: string, exp: string, nonce: string) =>
  createHmac("sha256", stateKey()).update(`${userId}\n${returnPath}\n${exp}\n${nonce}`).digest("hex").slice(0, 40);

export function signState(userId: string, returnPath: string, now = Date.now()): string {
  const exp = Math.floor((now + STATE_TTL_MS) / 1000).toString(36);
  const nonce = randomBytes(8).toString("hex");
  return `${exp}Z${nonce}Z${mac(userId, returnPath, exp, nonce)}`;
}

export function checkState(state: string, userId: string, returnPath: string, now = Date.now()): "ok" | "expired" | "invalid" {
  const m = /^([0-9a-z]{1,10})Z([0-9a-f]{16})Z([0-9a-f]{40})$/.exec(state);
  if (!m) return "invalid";
  const [, exp, nonce, sig] = m as unknown as [string, string, string, string];
  const expected = Buffer.from(mac(userId, returnPath, exp, nonce));
  if (!timingSafeEqual(expected, Buffer.from(sig))) return "invalid";
  return parseInt(exp, 36) * 1000 < now ? "expired" : "ok";
}

export const callbackUrl = (returnPath: string) => `${publicBaseUrl()}/api/me/wechat/callback?return=${encodeURIComponent(returnPath)}`;

export function authorizeUrl(cfg: Wechat, userId: string, returnPath: string): string {
  const params = new URLSearchParams({ appid: cfg.appId, redirect_uri: callbackUrl(returnPath), response_type: "code", scope: "snsapi_base", state: signState(userId, returnPath) });
  // WeChat reads its parameters in this order and wants the #wechat_redirect fragment.
  return `${wechatOpenBase()}/connect/oauth2/authorize?${params.toString()}#wechat_redirect`;
}

/** What the page is told after the callback (?wechat=…); the component names each in Chinese. */
export type BindOutcome = "bound" | "expired" | "invalid" | "failed" | "unavailable";

export async function completeBinding(userId: string, code: string | null, state: string | null, returnPath: string, o?: SendOptions): Promise<BindOutcome> {
  const cfg = await rawDb().run(activeWechat);
  if (!cfg) return "unavailable";
  if (!code || !state || code.length > 128) return "invalid";
  const checked = checkState(state, userId, returnPath);
  if (checked !== "ok") return checked;
  const url = `${wechatApiBase()}/sns/oauth2/access_token?appid=${encodeURIComponent(cfg.appId)}&secret=${encodeURIComponent(cfg.appSecret)}&code=${encodeURIComponent(code)}&grant_type=authorization_code`;
  const answer = await request(url, { method: "GET" }, o);
  if (isResult(answer)) return "failed";
  const openId = field(answer.json, "openid");
  // 40029 invalid code, 40163 code been used: the member should try again.
  if (typeof openId !== "string" || !/^[\w-]{6,64}$/.test(openId)) return "failed";
  const now = new Date();
  await rawDb().transaction(function* () {
    // One WeChat account gets one member's messages: the member who bound it last.
    yield* exec(q.deleteFrom("wechat_bindings").where("appId", "=", cfg.appId).where("openId", "=", openId).where("userId", "!=", userId));
    const values = { appId: cfg.appId, openId, createdAt: now };
    yield* exec(q.insertInto("wechat_bindings").values({ userId, ...values }).onConflict((oc) => oc.column("userId").doUpdateSet(values)));
  });
  return "bound";
}

export async function unbindWechat(userId: string, userAgent: string | null): Promise<MemberWechat> {
  await rawDb().transaction(() => exec(q.deleteFrom("wechat_bindings").where("userId", "=", userId)));
  return memberWechat(userId, userAgent);
}

export async function memberWechat(userId: string, userAgent: string | null): Promise<MemberWechat> {
  return rawDb().run(function* () {
    const cfg = yield* activeWechat();
    const binding = cfg ? yield* first(q.selectFrom("wechat_bindings").select(["createdAt"]).where("userId", "=", userId).where("appId", "=", cfg.appId)) : undefined;
    return { available: cfg !== null, inWechat: isWechatBrowser(userAgent), bound: binding !== undefined, boundAt: binding?.createdAt.toISOString() ?? null };
  });
}
