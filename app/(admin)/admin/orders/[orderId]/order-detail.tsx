"use client";
import { formatBps, formatYuan, isNegativeYuan } from "@/lib/client/format";
import { useAdminOrder } from "@/lib/client/hooks";
import type { OrderCommissionRow, TimelineEntry } from "@/lib/contracts/orders";
import type { TimelineKind } from "@/lib/contracts/enums";
import Link from "next/link";
import { AssignOrdersForm } from "@/components/assign-orders";
import { OrderPushes } from "./order-pushes";
import { CommissionBadge, LevelTag } from "@/components/money-badges";
import { StatusBadge } from "@/components/status-badge";
import { ErrorBox, Loading } from "@/components/states";
import { formatBeijing } from "@/lib/time";
import { OrderMoneyPanel } from "@/components/order-money";
import {
  BUSINESS_LINE_LABEL, COMMISSION_KIND_LABEL, EVENT_SOURCE_LABEL, IGNORE_REASON_LABEL, ORDER_SOURCE_LABEL, ORDER_STATUS_LABEL, REFUND_TYPE_LABEL,
  SUB_BUSINESS_LINE_LABEL, TIMELINE_KIND_LABEL, label, orderFlagLabel,
} from "@/lib/labels";

const KIND_TONE = {
  push: "bg-sky-50 text-sky-700 ring-sky-200",
  status: "bg-amber-50 text-amber-800 ring-amber-200",
  commission: "bg-violet-50 text-violet-700 ring-violet-200",
  audit: "bg-slate-900 text-white ring-slate-900",
} satisfies Record<TimelineKind, string>;
const KIND_DOT = { push: "bg-sky-400", status: "bg-amber-400", commission: "bg-violet-400", audit: "bg-slate-800" } satisfies Record<TimelineKind, string>;

function Timeline({ entries }: { entries: TimelineEntry[] }) {
  if (entries.length === 0) return <p className="text-sm text-slate-400">暂无记录</p>;
  return (
    <ol className="relative space-y-0 border-l border-slate-200 pl-0" data-testid="order-timeline">
      {entries.map((t, i) => (
        <li
          key={i}
          data-kind={t.kind}
          data-applied={t.applied === null ? undefined : String(t.applied)}
          className={`relative ml-4 pb-3 text-sm ${t.applied === false ? "text-slate-500" : ""}`}
        >
          <span className={`absolute top-1.5 -left-[21px] h-2.5 w-2.5 rounded-full ring-2 ring-white ${KIND_DOT[t.kind]}`} aria-hidden />
          <div className="flex flex-wrap items-center gap-2">
            <span className="w-36 shrink-0 text-xs text-slate-500 tabular-nums">{formatBeijing(t.at, true)}</span>
            <span className={`rounded px-1.5 py-0.5 text-[11px] font-medium ring-1 ring-inset ${KIND_TONE[t.kind]}`}>
              {TIMELINE_KIND_LABEL[t.kind]}
            </span>
            <span className={t.applied === false ? "" : "font-medium"}>{t.title}</span>
            {t.applied === true ? <span className="rounded bg-emerald-50 px-1.5 py-0.5 text-[11px] text-emerald-700">已应用</span> : null}
            {t.applied === false ? <span className="rounded bg-slate-200 px-1.5 py-0.5 text-[11px] text-slate-600">已忽略</span> : null}
            {t.pushId !== null ? (
              <a href={`#push-${t.pushId}`} className="font-mono text-xs text-slate-500 underline">
                推送 #{t.pushId}
              </a>
            ) : null}
            {t.commissionId !== null ? (
              <a href={`#commission-${t.commissionId}`} className="font-mono text-xs text-slate-500 underline">
                佣金 #{t.commissionId}
              </a>
            ) : null}
          </div>
          {t.detail ? <p className="mt-0.5 text-xs whitespace-pre-wrap text-slate-500 sm:ml-38">{t.detail}</p> : null}
        </li>
      ))}
    </ol>
  );
}

function Commissions({ rows }: { rows: OrderCommissionRow[] }) {
  if (rows.length === 0)
    return <p className="rounded-lg bg-white px-4 py-6 text-center text-sm text-slate-400 ring-1 ring-slate-200">这笔订单没有会员佣金（未归属，或佣金基数为 0）</p>;
  return (
    <div className="overflow-x-auto rounded-lg bg-white ring-1 ring-slate-200">
      <table className="min-w-full text-sm" data-testid="order-commissions">
        <thead className="bg-slate-50 text-left text-xs whitespace-nowrap text-slate-500">
          <tr>
            <th className="px-3 py-2">级别</th>
            <th className="px-3 py-2">类型</th>
            <th className="px-3 py-2">受益会员</th>
            <th className="px-3 py-2 text-right">基数</th>
            <th className="px-3 py-2 text-right">比例</th>
            <th className="px-3 py-2 text-right">金额</th>
            <th className="px-3 py-2">状态</th>
            <th className="px-3 py-2">规则</th>
            <th className="px-3 py-2">可提现时间</th>
            <th className="px-3 py-2">记录时间</th>
            <th className="px-3 py-2">说明</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((c) => (
            <tr key={c.id} id={`commission-${c.id}`} data-commission-id={c.id} data-level={c.level} data-status={c.status} className="target:bg-amber-50">
              <td className="px-3 py-2">
                <LevelTag level={c.level} />
              </td>
              <td className="px-3 py-2 text-xs whitespace-nowrap">{label(COMMISSION_KIND_LABEL, c.kind)}</td>
              <td className="px-3 py-2">
                <Link href={`/admin/members/${encodeURIComponent(c.beneficiaryId)}`} className="text-amber-700 underline">
                  {c.beneficiaryLabel ?? "会员"}
                </Link>
              </td>
              <td className="px-3 py-2 text-right tabular-nums">{formatYuan(c.base)}</td>
              <td className="px-3 py-2 text-right tabular-nums">{formatBps(c.rateBps)}</td>
              <td className={`px-3 py-2 text-right font-medium whitespace-nowrap tabular-nums ${isNegativeYuan(c.amount) ? "text-red-600" : ""}`}>{formatYuan(c.amount)}</td>
              <td className="px-3 py-2">
                <CommissionBadge status={c.status} />
              </td>
              <td className="px-3 py-2 text-xs text-slate-500">v{c.ruleVersion}</td>
              <td className="px-3 py-2 text-xs whitespace-nowrap text-slate-500">{formatBeijing(c.availableAt)}</td>
              <td className="px-3 py-2 text-xs whitespace-nowrap text-slate-500">{formatBeijing(c.createdAt)}</td>
              <td className="max-w-64 px-3 py-2 text-xs text-slate-500">
                {c.reason ?? ""}
                {c.withdrawalId ? (
                  <Link href={`/admin/withdrawals?status=all&memberId=${encodeURIComponent(c.beneficiaryId)}`} className="block text-amber-700 underline">
                    提现 #{c.withdrawalId}
                  </Link>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const statusLabel = (s: string | null) => (s ? label(ORDER_STATUS_LABEL, s) : "（新订单）");

export function OrderDetail({ orderId }: { orderId: string }) {
  const { data, error, isLoading, mutate } = useAdminOrder(orderId);
  if (error) return <ErrorBox error={error} onRetry={() => mutate()} />;
  if (isLoading || !data) return <Loading rows={4} />;
  const { order, events } = data;
  const commissions = data.commissions ?? [];
  const timeline = data.timeline ?? [];
  const rows: [string, React.ReactNode][] = [
    ["订单号", <span className="font-mono">{order.orderId}</span>],
    ["标题", order.title ?? "—"],
    ["状态", <span data-testid="order-status"><StatusBadge status={order.status} refundType={order.refundType} /></span>],
    ["美团状态码", `${order.upstreamStatus}${order.refundType ? ` / 退款类型 ${order.refundType}（${label(REFUND_TYPE_LABEL, order.refundType, "未知")}）` : ""}`],
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
        <Link href={`/admin/members/${encodeURIComponent(order.member.id)}`} className="text-amber-700 underline" data-testid="order-member">
          {order.member.label}
        </Link>
      ) : (
        <span className="rounded bg-red-50 px-1.5 py-0.5 text-red-700 ring-1 ring-red-200">未归属</span>
      ),
    ],
    ["来源", label(ORDER_SOURCE_LABEL, order.source)],
    ["异常标记", order.flags.length ? order.flags.map(orderFlagLabel).join("，") : "无"],
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

      {order.member ? null : (
        <section className="rounded-lg bg-amber-50 p-4 ring-1 ring-amber-200" data-testid="assign-panel">
          <h2 className="font-semibold">指定会员</h2>
          <p className="mt-0.5 mb-3 text-xs text-slate-600">这笔订单没有归属任何会员。核实后可以指定给某位会员，系统会为其及上级计算佣金。</p>
          <AssignOrdersForm orderIds={[order.orderId]} compact onDone={() => mutate()} />
        </section>
      )}

      {data.money ? <OrderMoneyPanel m={data.money} /> : null}

      <section>
        <h2 className="mb-2 font-semibold">佣金明细（{commissions.length}）</h2>
        <Commissions rows={commissions} />
      </section>

      <section>
        <h2 className="mb-2 font-semibold">完整时间线</h2>
        <p className="mb-3 text-xs text-slate-500">推送、状态变化、佣金变动和管理员操作，按时间排列。</p>
        <div className="rounded-lg bg-white p-4 pl-5 ring-1 ring-slate-200">
          <Timeline entries={timeline} />
        </div>
      </section>

      <section>
        <h2 className="mb-2 font-semibold">状态变更（{events.length}）</h2>
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
                  {e.refundType ? ` · ${label(REFUND_TYPE_LABEL, e.refundType)}` : ""} · 修改时间 {formatBeijing(e.upstreamUpdatedAt, true)} · {label(EVENT_SOURCE_LABEL, e.source)}
                  {e.pushId ? ` · 推送 #${e.pushId}` : ""}
                </span>
              </div>
              {e.reason ? <p className="mt-1 text-xs">原因：{label(IGNORE_REASON_LABEL, e.reason)}</p> : null}
            </li>
          ))}
        </ol>
      </section>

      <OrderPushes orderId={order.orderId} counts={data.pushCounts} onChanged={() => mutate()} />
    </div>
  );
}
