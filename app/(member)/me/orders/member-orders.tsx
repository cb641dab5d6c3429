"use client";
import { formatBps, formatYuan, isNegativeYuan } from "@/lib/client/format";
import type { MemberOrderCommission } from "@/lib/contracts/earnings";
import { useMemberOrders } from "@/lib/client/hooks";
import { StatusBadge } from "@/components/status-badge";
import { Empty, ErrorBox, Loading } from "@/components/states";
import { LoadMore } from "@/components/load-more";
import { CommissionBadge } from "@/components/money-badges";
import { formatBeijing } from "@/lib/time";
import { BASE_SOURCE_LABEL, COMMISSION_KIND_LABEL, COMMISSION_STATUS_LABEL, label, ORDER_STATUS_LABEL } from "@/lib/labels";
import { ORDER_STATUSES, type OrderStatus } from "@/lib/contracts/enums";
import { StatusTabs } from "@/components/status-tabs";
import { CopyButton } from "@/components/copy-button";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";


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

/** The tabs: every order, then each status a member meets (unknown codes stay under 全部). */
const TABS = ["", "paid", "completed", "refunded", "risk"] as const satisfies readonly ("" | OrderStatus)[];

function EmptyOrders({ filtered }: { filtered: boolean }) {
  if (filtered) return <Empty title="没有符合条件的订单" hint="换个状态或搜索词试试；订单号需与美团 App 中显示的一致。" />;
  return (
    <div className="rounded-xl border border-dashed border-amber-300 bg-amber-50/50 px-4 py-8 text-center" data-testid="orders-empty">
      <p className="font-medium text-slate-800">还没有订单</p>
      <p className="mt-1 text-sm text-slate-600">分享带有你 sid 的美团链接，好友下单后订单会自动出现在这里。</p>
      <Link href="/me/links" className="mt-4 inline-block rounded-full bg-amber-400 px-5 py-2 text-sm font-medium text-slate-900 hover:bg-amber-300">
        去推广
      </Link>
    </div>
  );
}

export function MemberOrders() {
  const params = useSearchParams();
  const router = useRouter();
  const status = ORDER_STATUSES.find((s) => s === params.get("status")) ?? "";
  const term = params.get("q")?.trim() ?? "";
  const [draft, setDraft] = useState(term);
  const query = new URLSearchParams({ limit: "20", ...(status ? { status } : {}), ...(term ? { q: term } : {}) });
  const { items, error, isLoading, hasMore, loadMore, loadingMore, mutate } = useMemberOrders(query);
  const hrefWith = (next: { status?: string; q?: string }) => {
    const p = new URLSearchParams();
    const s = next.status ?? status;
    const t = next.q ?? term;
    if (s) p.set("status", s);
    if (t) p.set("q", t);
    const qs = String(p);
    return `/me/orders${qs ? `?${qs}` : ""}`;
  };

  return (
    <>
      <form
        role="search"
        className="mb-3 flex gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          router.replace(hrefWith({ q: draft.trim() }));
        }}
      >
        <input
          type="search"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          maxLength={64}
          placeholder="搜索订单号或商品名称"
          aria-label="搜索订单号或商品名称"
          className="min-w-0 flex-1 rounded-md border border-slate-300 px-3 py-2 text-base focus:border-amber-500 focus:ring-2 focus:ring-amber-200 focus:outline-none"
        />
        <button type="submit" className="shrink-0 rounded-md bg-slate-900 px-4 py-2 text-sm font-medium text-white hover:bg-slate-800">
          搜索
        </button>
      </form>
      <StatusTabs
        label="订单状态"
        className="mb-3"
        current={status}
        tabs={TABS.map((key) => ({ key, text: key ? ORDER_STATUS_LABEL[key] : "全部", href: hrefWith({ status: key }) }))}
      />
      {term ? (
        <p className="mb-2 text-xs break-all text-slate-500">
          搜索「{term}」的结果
          <Link
            href={hrefWith({ q: "" })}
            onClick={() => setDraft("")}
            className="ml-2 text-amber-700 underline"
          >
            清除搜索
          </Link>
        </p>
      ) : null}
      {error ? (
        <ErrorBox error={error} onRetry={() => mutate()} />
      ) : isLoading ? (
        <Loading />
      ) : items.length === 0 ? (
        <EmptyOrders filtered={Boolean(status || term)} />
      ) : (
        <>
          <ul className="space-y-2" data-testid="member-orders">
            {items.map((o) => (
              <li key={o.orderId} data-order-id={o.orderId} className="rounded-lg bg-white p-3 shadow-sm ring-1 ring-slate-200">
                <div className="flex items-start justify-between gap-3">
                  <p className="line-clamp-2 text-sm font-medium">{o.title ?? "美团订单"}</p>
                  <StatusBadge status={o.status} refundType={o.refundType} />
                </div>
                <div className="mt-2 flex items-end justify-between gap-2 text-xs text-slate-500">
                  <div className="min-w-0">
                    <p>{formatBeijing(o.occurredAt)}</p>
                    <p className="mt-0.5 flex min-w-0 items-center gap-1.5">
                      <span className="shrink-0">订单号</span>
                      <span className="truncate font-mono whitespace-nowrap tabular-nums" title={o.orderId} data-testid="order-number">
                        {o.orderId}
                      </span>
                      <CopyButton text={o.orderId} what="订单号" />
                    </p>
                  </div>
                  <span className="shrink-0 text-base font-semibold text-slate-900 tabular-nums">{o.payAmount === null ? "—" : formatYuan(o.payAmount)}</span>
                </div>
                {o.commission ? <CommissionBlock c={o.commission} /> : o.commission === null ? <p className="mt-2 text-xs text-slate-400">这笔订单暂无佣金</p> : null}
              </li>
            ))}
          </ul>
          <LoadMore hasMore={hasMore} loading={loadingMore} onClick={loadMore} />
        </>
      )}
    </>
  );
}
