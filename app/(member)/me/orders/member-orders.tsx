"use client";
import { formatBps, formatYuan, isNegativeYuan } from "@/lib/client/format";
import type { MemberOrderCommission } from "@/lib/contracts/earnings";
import { useMemberOrders } from "@/lib/client/hooks";
import { StatusBadge } from "@/components/status-badge";
import { Empty, ErrorBox, Loading } from "@/components/states";
import { LoadMore } from "@/components/load-more";
import { CommissionBadge } from "@/components/money-badges";
import { formatBeijing } from "@/lib/time";
import { BASE_SOURCE_LABEL, COMMISSION_KIND_LABEL, COMMISSION_STATUS_LABEL, label } from "@/lib/labels";


/** When this commission becomes (or became) withdrawable, in words. */
function availability(c: MemberOrderCommission): string {
  switch (c.status) {
    case "estimated":
      return "订单完成后进入结算期，结算期满即可提现。";
    case "pending":
      return c.availableAt ? `预计 ${formatBeijing(c.availableAt)} 转为可提现。` : "订单完成后进入结算期，结算期满即可提现。";
    case "available":
      return c.availableAt ? `已于 ${formatBeijing(c.availableAt)} 转为可提现。` : "已可提现。";
    case "reserved":
      return "已随提现申请占用（提现中），金额不再变化。";
    case "withdrawn":
      return "已提现。";
    case "void":
      return "订单已退款或被风控，这笔佣金已失效。";
    case "clawback":
      return "订单结算后发生退款，这笔佣金已从余额中扣回。";
    default:
      return c.availableAt ? `可提现时间：${formatBeijing(c.availableAt)}。` : "";
  }
}

function CommissionBlock({ c }: { c: MemberOrderCommission }) {
  return (
    <div className="mt-2 rounded-md bg-amber-50/60 px-3 py-2 text-sm">
      <div className="flex items-center justify-between gap-2">
        <span className="text-xs text-slate-600">我的佣金</span>
        <span className="flex items-center gap-2">
          <span
            data-testid="order-commission"
            className={`font-semibold tabular-nums ${isNegativeYuan(c.amount) ? "text-red-600" : c.status === "void" ? "text-slate-400 line-through" : "text-amber-700"}`}
          >
            {formatYuan(c.amount)}
          </span>
          <CommissionBadge status={c.status} />
        </span>
      </div>
      <details className="group mt-1">
        <summary className="cursor-pointer list-none text-xs text-amber-700 select-none">
          为什么是这个金额 <span className="inline-block transition-transform group-open:rotate-90">›</span>
        </summary>
        <div className="mt-1.5 space-y-1 text-xs leading-relaxed text-slate-600" data-testid="commission-breakdown">
          <p>
            基数 {formatYuan(c.base)} × 比例 {formatBps(c.rateBps)} = <b className="text-slate-800">{formatYuan(c.amount)}</b>，向下取整到分，规则版本 v{c.ruleVersion}。
          </p>
          <p>基数来源：{label(BASE_SOURCE_LABEL, c.baseSource)}{c.baseSource === "estimate" ? "，美团对账后以实际佣金为准。" : "。"}</p>
          {c.rows.length > 1 ? (
            <ul className="space-y-0.5" data-testid="commission-rows">
              {c.rows.map((r) => (
                <li key={r.id} className="flex justify-between gap-2">
                  <span className="min-w-0">
                    {COMMISSION_KIND_LABEL[r.kind]} · {COMMISSION_STATUS_LABEL[r.status] ?? r.status}
                    {r.reason ? `：${r.reason}` : ""}
                  </span>
                  <span className={`shrink-0 tabular-nums ${isNegativeYuan(r.amount) ? "text-red-600" : ""}`}>{formatYuan(r.amount)}</span>
                </li>
              ))}
            </ul>
          ) : null}
          <p>{availability(c)}</p>
        </div>
      </details>
    </div>
  );
}

export function MemberOrders() {
  const { items, error, isLoading, hasMore, loadMore, loadingMore, mutate } = useMemberOrders();
  if (error) return <ErrorBox error={error} onRetry={() => mutate()} />;
  if (isLoading) return <Loading />;
  if (items.length === 0) return <Empty title="还没有订单" hint="分享带有你的 sid 的美团链接，好友下单后订单会出现在这里。" />;
  return (
    <>
      <ul className="space-y-2" data-testid="member-orders">
        {items.map((o) => (
          <li key={o.orderId} data-order-id={o.orderId} className="rounded-lg bg-white p-3 shadow-sm ring-1 ring-slate-200">
            <div className="flex items-start justify-between gap-3">
              <p className="line-clamp-2 text-sm font-medium">{o.title ?? "美团订单"}</p>
              <StatusBadge status={o.status} refundType={o.refundType} />
            </div>
            <div className="mt-2 flex items-end justify-between gap-2 text-xs text-slate-500">
              <span className="min-w-0 break-all">
                {formatBeijing(o.occurredAt)} · 订单号 {o.orderId}
              </span>
              <span className="shrink-0 text-base font-semibold text-slate-900">{o.payAmount === null ? "—" : `¥${o.payAmount}`}</span>
            </div>
            {o.commission ? <CommissionBlock c={o.commission} /> : o.commission === null ? <p className="mt-2 text-xs text-slate-400">这笔订单暂无佣金</p> : null}
          </li>
        ))}
      </ul>
      <LoadMore hasMore={hasMore} loading={loadingMore} onClick={loadMore} />
    </>
  );
}
