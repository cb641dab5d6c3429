// A member notification as a WeChat template message (/cgi-bin/message/template/send): the kind's template id,
// its data fields filled from the message by the operator's field map ("thing1=title,amount2=amount,…"), each
// value fitted to its field type's rule (thing ≤ 20 characters, character_string ≤ 32 letters/digits/symbols,
// amount a currency sign and digits, time a date-time), and the link back into the portal. 43004 (the member no
// longer follows the 服务号) and 40003 (openid not of this appid) mean the binding is gone.
import { DEFAULT_TEMPLATE_FIELDS } from "../../contracts/notify";
import { wechatApiBase } from "../../env";
import { fenToYuan } from "../../money";
import { field, isResult, postJson, type SendOptions } from "../http";
import type { DeliveryResult, MemberMessage } from "../types";
import { templateFor, type Wechat } from "./config";
import { accessToken, invalidateToken, STALE_TOKEN, WECHAT_RETRYABLE, type TokenOptions } from "./token";

const GONE = new Set([43004, 40003]);

function beijingTime(at: Date): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hour12: false })
      .formatToParts(at)
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}年${p.month}月${p.day}日 ${p.hour === "24" ? "00" : p.hour}:${p.minute}`;
}

function source(msg: MemberMessage, name: string): string {
  switch (name) {
    case "title":
      return msg.title;
    case "body":
      return msg.body;
    case "order":
      return msg.orderId ?? "-";
    case "amount":
      return msg.amountFen === null ? "¥0.00" : `¥${fenToYuan(msg.amountFen)}`;
    default:
      return beijingTime(msg.at);
  }
}

/** A value as its field's type accepts it. */
function fit(key: string, value: string): string {
  const chars = [...value];
  if (key.startsWith("thing")) return chars.length > 20 ? chars.slice(0, 19).join("") + "…" : value;
  if (key.startsWith("character_string")) return value.replace(/[^\w-]/g, "").slice(0, 32) || "-";
  if (key.startsWith("phrase")) return chars.slice(0, 5).join("");
  return chars.slice(0, 20).join("");
}

export function templateData(fields: string, msg: MemberMessage): Record<string, { value: string }> {
  const data: Record<string, { value: string }> = {};
  for (const pair of (fields || DEFAULT_TEMPLATE_FIELDS).split(",")) {
    const [key, from] = pair.split("=").map((s) => s.trim()) as [string, string];
    data[key] = { value: fit(key, source(msg, from)) };
  }
  return data;
}

export async function sendTemplate(cfg: Wechat, openId: string, msg: MemberMessage, o: TokenOptions = {}): Promise<DeliveryResult> {
  const template = templateFor(cfg, msg.kind);
  // No template for this kind: the operator chose not to send it on WeChat.
  if (!template) return { ok: true };
  // client_msg_id: WeChat sends one message per (openid, id) within 10 minutes, so a resend after a crash is not a second message.
  const body = { touser: openId, template_id: template.templateId, url: msg.url, data: templateData(template.fields, msg), ...(msg.deliveryKey ? { client_msg_id: msg.deliveryKey.slice(0, 64) } : {}) };
  for (let attempt = 0; attempt < 2; attempt++) {
    const token = await accessToken(cfg, o);
    if (typeof token !== "string") return token;
    const answer = await postJson(`${wechatApiBase()}/cgi-bin/message/template/send?access_token=${encodeURIComponent(token)}`, body, o);
    if (isResult(answer)) return answer;
    const code = Number(field(answer.json, "errcode"));
    if (code === 0) return { ok: true };
    const error = `微信返回 ${Number.isFinite(code) ? code : `HTTP ${answer.status}`}：${String(field(answer.json, "errmsg") ?? "")}`;
    if (STALE_TOKEN.has(code) && attempt === 0) {
      await invalidateToken(cfg.appId, token);
      continue;
    }
    if (GONE.has(code)) return { ok: false, retry: false, gone: true, error };
    return { ok: false, retry: WECHAT_RETRYABLE.has(code) || STALE_TOKEN.has(code), error };
  }
  return { ok: false, retry: true, error: "微信 access_token 连续失效" };
}
