// 钉钉 custom robot (自定义机器人): POST https://oapi.dingtalk.com/robot/send?access_token=… with
// `{"msgtype":"markdown","markdown":{"title":…,"text":…}}`. With 加签 the URL also carries `timestamp` (ms) and
// `sign` = urlencode(base64(HMAC-SHA256(key = secret, message = `${timestamp}\n${secret}`))); the timestamp must be
// within an hour of DingTalk's clock. Relied on: open.dingtalk.com 自定义机器人安全设置 (加签, as quoted at
// apifox.com/apidoc/docs-site/467052/doc-3550006) and its answers: errcode 0 ok; 310000 "sign not match" /
// "keywords not in content" / "ip not in whitelist" and 300001 (token does not exist) are configuration errors;
// 130101 "send too fast, exceed 20 times per minute" and 410100 (限流) are rate limits, worth retrying.
import { createHmac } from "node:crypto";
import type { DeliveryResult, OperatorAlert, RobotTarget } from "../types";
import { field, isResult, postJson, type SendOptions } from "../http";

const RETRYABLE = new Set([130101, 410100, -1]);

export function dingtalkSign(secret: string, timestamp: number): string {
  return createHmac("sha256", secret).update(`${timestamp}\n${secret}`, "utf8").digest("base64");
}

export function dingtalkUrl(target: RobotTarget, now = Date.now()): string {
  if (!target.secret) return target.url;
  const url = new URL(target.url);
  url.searchParams.set("timestamp", String(now));
  url.searchParams.set("sign", dingtalkSign(target.secret, now)); // URLSearchParams does the urlencode
  return url.toString();
}

export function dingtalkBody(alert: OperatorAlert) {
  const head = alert.state === "open" ? "【告警】" : "【已恢复】";
  return {
    msgtype: "markdown",
    markdown: { title: `${head}${alert.title}`, text: `#### ${head}${alert.title}\n\n${alert.body.split("\n").map((l) => `> ${l}`).join("\n\n")}\n\n[在后台查看](${alert.url})` },
  };
}

export async function sendDingtalk(target: RobotTarget, alert: OperatorAlert, o?: SendOptions): Promise<DeliveryResult> {
  const answer = await postJson(dingtalkUrl(target), dingtalkBody(alert), o);
  if (isResult(answer)) return answer;
  const code = Number(field(answer.json, "errcode"));
  if (code === 0) return { ok: true };
  const message = `钉钉返回 ${Number.isFinite(code) ? code : `HTTP ${answer.status}`}：${String(field(answer.json, "errmsg") ?? "无法识别的应答")}`;
  return { ok: false, retry: RETRYABLE.has(code), error: message };
}
