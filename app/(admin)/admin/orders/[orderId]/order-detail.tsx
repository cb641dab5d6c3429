"use client";
import Link from "next/link";
import useSWR from "swr";
import { fetcher } from "@/components/fetcher";
import { StatusBadge } from "@/components/status-badge";
import { ErrorBox, Loading } from "@/components/states";
import { BUSINESS_LINE_LABEL, ORDER_STATUS_LABEL, REFUND_TYPE_LABEL, SUB_BUSINESS_LINE_LABEL, type OrderStatus } from "@/lib/meituan/status";
import type { EventDto, OrderDto, PushDto } from "@/lib/orders/dto";
import { IGNORE_REASON_LABEL, type IgnoreReason } from "@/lib/orders/ordering";
import { formatBeijing } from "@/lib/time";

interface Detail {
  order: OrderDto & { ratio: string | null; actId: string | null; quantity: number | null; member: { id: string; username: string; name: string | null } | null; rawPayload: string };
  events: EventDto[];
  pushes: (PushDto & { body?: string })[];
}

const OUTCOME_LABEL: Record<string, string> = {
  applied: "已应用",
  ignored: "已忽略（旧推送）",
  duplicate: "重复推送",
  rejected: "已拒收",
  failed: "处理失败，待重试",
  received: "已接收",
};
const SOURCE_LABEL: Record<string, string> = { push: "回推", sync: "对账同步", admin: "管理员" };
const statusLabel = (s: string | null) => (s ? (ORDER_STATUS_LABEL[s as OrderStatus] ?? s) : "（新订单）");

export function OrderDetail({ orderId }: { orderId: string }) {
  const { data, error, isLoading, mutate } = useSWR<Detail>(`/api/admin/orders/${encodeURIComponent(orderId)}`, fetcher);
  if (error) return <ErrorBox error={error} onRetry={() => mutate()} />;
  if (isLoading || !data) return <Loading rows={4} />;
  const { order, events, pushes } = data;
  const rows: [string, React.ReactNode][] = [
    ["订单号", <span className="font-mono">{order.orderId}</span>],
    ["标题", order.title ?? "—"],
    ["状态", <span data-testid="order-status"><StatusBadge status={order.status} refundType={order.refundType} /></span>],
    ["美团状态码", `${order.upstreamStatus}${order.refundType ? ` / 退款类型 ${order.refundType}（${REFUND_TYPE_LABEL[order.refundType] ?? "未知"}）` : ""}`],
    ["业务线", order.businessLine === null ? "—" : `${BUSINESS_LINE_LABEL[order.businessLine] ?? "未知"}（${order.businessLine}）${order.subBusinessLine ? ` · ${SUB_BUSINESS_LINE_LABEL[order.subBusinessLine] ?? order.subBusinessLine}` : ""}`],
    ["实付金额", order.payAmount === null ? "—" : `¥${order.payAmount}`],
    ["订单总额", order.totalAmount === null ? "—" : `¥${order.totalAmount}`],
    ["返佣比例（原值）", order.ratio ?? "—"],
    ["活动 ID", order.actId ?? "—"],
    ["支付时间", formatBeijing(order.paidAt, true)],
    ["美团最后修改", formatBeijing(order.upstreamUpdatedAt, true)],
    ["sid", <span className="font-mono">{order.sid ?? "（无）"}</span>],
    [
      "归属会员",
      order.member ? (
        <span>
          {order.member.name ?? order.member.username} <span className="text-xs text-slate-500">{order.member.id}</span>
        </span>
      ) : (
        <span className="rounded bg-red-50 px-1.5 py-0.5 text-red-700 ring-1 ring-red-200">未归属</span>
      ),
    ],
    ["来源", SOURCE_LABEL[order.source] ?? order.source],
    ["异常标记", order.flags.length ? order.flags.join(", ") : "无"],
  ];
  return (
    <div className="space-y-6">
      <div className="flex items-center gap-3">
        <Link href="/admin/orders" className="text-sm text-slate-500 underline">
          ← 订单列表
        </Link>
        <h1 className="text-xl font-semibold">订单 {order.orderId}</h1>
      </div>

      <section className="grid gap-x-6 gap-y-2 rounded-lg bg-white p-4 text-sm ring-1 ring-slate-200 sm:grid-cols-2 lg:grid-cols-3">
        {rows.map(([k, v]) => (
          <div key={k} className="flex gap-2">
            <span className="w-28 shrink-0 text-slate-500">{k}</span>
            <span>{v}</span>
          </div>
        ))}
      </section>

      <section>
        <h2 className="mb-2 font-semibold">状态时间线</h2>
        <ol className="space-y-2" data-testid="timeline">
          {events.map((e, i) => (
            <li key={i} data-applied={e.applied} className={`rounded-lg p-3 text-sm ring-1 ${e.applied ? "bg-white ring-slate-200" : "bg-slate-50 text-slate-500 ring-slate-200"}`}>
              <div className="flex flex-wrap items-center gap-2">
                <span className="text-slate-500">{formatBeijing(e.at, true)}</span>
                <span className={`rounded px-1.5 py-0.5 text-xs ${e.applied ? "bg-emerald-50 text-emerald-700" : "bg-slate-200 text-slate-600"}`}>
                  {e.applied ? "已应用" : "已忽略"}
                </span>
                <span>
                  {statusLabel(e.from)} → <b>{statusLabel(e.to)}</b>
                </span>
                <span className="text-xs text-slate-500">
                  美团状态 {e.upstreamStatus}
                  {e.refundType ? ` · 退款类型 ${e.refundType}` : ""} · 修改时间 {formatBeijing(e.upstreamUpdatedAt, true)} · {SOURCE_LABEL[e.source] ?? e.source}
                  {e.pushId ? ` · 推送 #${e.pushId}` : ""}
                </span>
              </div>
              {e.reason ? <p className="mt-1 text-xs">原因：{IGNORE_REASON_LABEL[e.reason as IgnoreReason] ?? e.reason}</p> : null}
            </li>
          ))}
        </ol>
      </section>

      <section>
        <h2 className="mb-2 font-semibold">原始推送（{pushes.length}）</h2>
        <ul className="space-y-2" data-testid="pushes">
          {pushes.map((p) => (
            <li key={p.id} className="rounded-lg bg-white p-3 text-sm ring-1 ring-slate-200">
              <div className="flex flex-wrap items-center gap-2">
                <span className="font-mono text-xs">#{p.id}</span>
                <span className="text-slate-500">{formatBeijing(p.receivedAt, true)}</span>
                <span className={p.signatureValid ? "text-emerald-700" : "text-red-700"}>{p.signatureValid ? "签名正确" : "签名错误"}</span>
                <span>{OUTCOME_LABEL[p.outcome] ?? p.outcome}</span>
                {p.error ? <span className="text-xs text-red-600">{p.error}</span> : null}
                <span className="text-xs text-slate-400">
                  {p.remoteAddr ?? ""} {p.contentType ?? ""} {p.processingMs !== null ? `${p.processingMs} ms` : ""}
                </span>
              </div>
              {p.body !== undefined ? (
                <details className="mt-2">
                  <summary className="cursor-pointer text-xs text-slate-500">查看原始报文</summary>
                  <pre className="mt-1 overflow-x-auto rounded bg-slate-900 p-2 text-xs text-slate-100">{p.body}</pre>
                </details>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
