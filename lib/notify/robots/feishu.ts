// 飞书 / Lark custom bot (自定义机器人): POST https://open.feishu.cn/open-apis/bot/v2/hook/… with
// `{"msg_type":"post","content":{"post":{"zh_cn":{title, content}}}}`. With 签名校验 the body also carries
// `timestamp` (seconds, a string) and `sign` = base64(HMAC-SHA256(key = `${timestamp}\n${secret}`, message = "")) —
// the key is the string to sign and the message is empty, unlike 钉钉. Relied on: open.feishu.cn 自定义机器人使用指南
// (as quoted at m.down10s.com/jiaocheng/5605312225.html and gantiao.com.cn/post/18861410.html): success is
// `{"code":0,"msg":"success"}`; 9499 Bad Request, 19021 sign match fail, 19022 ip not allowed, 19024 keywords not
// found are configuration errors; 11232 "frequency limited" is a rate limit, worth retrying.
import { createHmac } from "node:crypto";
import type { DeliveryResult, OperatorAlert, RobotTarget } from "../types";
import { field, isResult, postJson, type SendOptions } from "../http";

const RETRYABLE = new Set([11232]);

export function feishuSign(secret: string, timestampSeconds: number): string {
  return createHmac("sha256", `${timestampSeconds}\n${secret}`).update("").digest("base64");
}

export function feishuBody(alert: OperatorAlert, secret: string | null, nowMs = Date.now()) {
  const head = alert.state === "open" ? "【告警】" : "【已恢复】";
  const lines = alert.body.split("\n").map((l) => [{ tag: "text", text: l }]);
  const body = {
    msg_type: "post",
    content: { post: { zh_cn: { title: `${head}${alert.title}`, content: [...lines, [{ tag: "a", text: "在后台查看", href: alert.url }]] } } },
  };
  if (!secret) return body;
  const timestamp = Math.floor(nowMs / 1000);
  return { timestamp: String(timestamp), sign: feishuSign(secret, timestamp), ...body };
}

export async function sendFeishu(target: RobotTarget, alert: OperatorAlert, o?: SendOptions): Promise<DeliveryResult> {
  const answer = await postJson(target.url, feishuBody(alert, target.secret), o);
  if (isResult(answer)) return answer;
  // Older answers carry StatusCode instead of code.
  const code = Number(field(answer.json, "code") ?? field(answer.json, "StatusCode"));
  if (code === 0) return { ok: true };
  const message = `飞书返回 ${Number.isFinite(code) ? code : `HTTP ${answer.status}`}：${String(field(answer.json, "msg") ?? field(answer.json, "StatusMessage") ?? "无法识别的应答")}`;
  return { ok: false, retry: RETRYABLE.has(code), error: message };
}
