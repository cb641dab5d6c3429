// 企业微信 group robot (群机器人): POST the webhook URL (…/cgi-bin/webhook/send?key=…) with
// `{"msgtype":"markdown","markdown":{"content":…}}`; it answers `{"errcode":0,"errmsg":"ok"}`. The robot has no
// signature — the key in the URL is the credential. Relied on: developer.work.weixin.qq.com/document/path/91770
// (群机器人配置说明: msgtype text/markdown, markdown content ≤ 4096 bytes, 20 messages a minute per robot) and its
// global error codes: 45009 "api freq out of limit" and -1 "system busy" are worth retrying; 93000 (invalid webhook
// url), 40008 (invalid message type), 44004 (empty content) and the rest are not.
import type { OperatorAlert, RobotTarget } from "../types";
import { field, isResult, postJson, type SendOptions } from "../http";
import type { DeliveryResult } from "../types";

const RETRYABLE = new Set([45009, -1]);
const MAX_BYTES = 4096;

export function wecomBody(alert: OperatorAlert) {
  const head = alert.state === "open" ? `<font color="warning">告警</font>` : `<font color="info">已恢复</font>`;
  let content = `### ${head} ${alert.title}\n${alert.body.split("\n").map((l) => `> ${l}`).join("\n")}\n[在后台查看](${alert.url})`;
  while (Buffer.byteLength(content) > MAX_BYTES) content = content.slice(0, -64);
  return { msgtype: "markdown", markdown: { content } };
}

export async function sendWecom(target: RobotTarget, alert: OperatorAlert, o?: SendOptions): Promise<DeliveryResult> {
  const answer = await postJson(target.url, wecomBody(alert), o);
  if (isResult(answer)) return answer;
  const code = Number(field(answer.json, "errcode"));
  if (code === 0) return { ok: true };
  const message = `企业微信返回 ${Number.isFinite(code) ? code : `HTTP ${answer.status}`}：${String(field(answer.json, "errmsg") ?? "无法识别的应答")}`;
  return { ok: false, retry: RETRYABLE.has(code), error: message };
}
