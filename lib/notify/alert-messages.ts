// Operator alerts in Chinese: what happened, the figure, and where in the console to look.
import type { Selectable } from "kysely";
import type { DB } from "../db/query";
import type { AlertKind } from "../contracts/enums";
import { ALERT_KIND_LABEL } from "../labels";
import { formatBeijing } from "../time";
import type { OperatorAlert } from "./types";

type Incident = Omit<Selectable<DB["alert_incidents"]>, "kind"> & { kind: AlertKind };

const PAGE: Record<AlertKind, string> = {
  signature_failures: "/admin/pushes?outcome=rejected",
  failed_pushes: "/admin/pushes?outcome=failed",
  push_silence: "/admin/pushes",
  push_gap: "/admin/sync",
  withdrawals_waiting: "/admin/withdrawals?status=pending",
  job_failing: "/admin",
  database_down: "/admin",
};

function openText(i: Incident): string {
  switch (i.kind) {
    case "signature_failures":
      return `近 10 分钟有 ${i.openValue} 个回推签名校验失败，可能是回调密钥配置错误或有人伪造回推。`;
    case "failed_pushes":
      return `有 ${i.openValue} 个回推处理失败，正在等待自动重试，订单状态可能暂未更新。`;
    case "push_silence":
      return `已经 ${i.openValue} 小时没有收到美团的订单回推${i.detail ? `（最后一次：${formatBeijing(i.detail)}）` : ""}，请检查回调地址是否可达。`;
    case "push_gap":
      return `对账补回了 ${i.openValue} 个美团未回推的订单（对账任务 #${i.detail ?? "?"}），回推可能有遗漏。`;
    case "withdrawals_waiting":
      return `有 ${i.openValue} 笔提现申请等待审核。`;
    case "job_failing":
      return `后台任务「${i.detail ?? "?"}」已连续失败 ${i.openValue} 次。`;
    case "database_down":
      return `实例 ${i.detail ?? ""} 无法连接数据库：回推将返回 503 由美团重试，页面暂不可用。`;
  }
}

export function renderAlert(i: Incident, state: "open" | "resolved", url: (path: string) => string): OperatorAlert {
  const name = ALERT_KIND_LABEL[i.kind];
  const at = state === "resolved" && i.resolvedAt ? i.resolvedAt : i.openedAt;
  const body =
    state === "open"
      ? `${openText(i)}\n时间：${formatBeijing(i.openedAt)}`
      : `已恢复（当前值 ${i.lastValue}）。持续 ${Math.max(1, Math.round(((i.resolvedAt ?? at).getTime() - i.openedAt.getTime()) / 60_000))} 分钟，开始于 ${formatBeijing(i.openedAt)}。`;
  return { incidentId: i.id, kind: i.kind, state, title: state === "open" ? `【告警】${name}` : `【恢复】${name}`, body, url: url(PAGE[i.kind]), at };
}
