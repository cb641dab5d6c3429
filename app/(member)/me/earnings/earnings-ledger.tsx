"use client";
import { formatBps, formatYuan, isNegativeYuan } from "@/lib/client/format";
import { useCommissions, useSummary } from "@/lib/client/hooks";
import type { CommissionItem } from "@/lib/contracts/earnings";
import Link from "next/link";
import { CommissionBadge, LevelTag } from "@/components/money-badges";
import { Empty, ErrorBox, Loading } from "@/components/states";
import { LoadMore } from "@/components/load-more";
import { formatBeijing } from "@/lib/time";
import { useSearchParams } from "next/navigation";
import { COMMISSION_KIND_LABEL } from "@/lib/labels";

function SummaryStrip() {
  const { data } = useSummary();
  const cells: [string, string | undefined, string][] = [
    ["预估", data?.estimated, "strip-estimated"],
    ["待结算", data?.pending, "strip-pending"],
    ["提现中", data?.reserved, "strip-reserved"],
    ["可提现", data?.available, "strip-available"],
  ];
  const clawed = data && isNegativeYuan(data.clawbacks);
  return (
    <div className="mb-3 rounded-xl bg-white py-3 shadow-sm ring-1 ring-slate-200">
      <div className="grid grid-cols-4 divide-x divide-slate-100 text-center">
        {cells.map(([k, v, testId]) => (
          <div key={k}>
            <p className="text-[11px] text-slate-500">{k}</p>
            <p className={`mt-0.5 text-sm font-semibold tabular-nums ${isNegativeYuan(v) ? "text-red-600" : ""}`} data-testid={testId}>
              {v === undefined ? "…" : formatYuan(v)}
            </p>
          </div>
        ))}
      </div>
      {data && clawed ? (
        <p className="mt-2 border-t border-slate-100 px-3 pt-2 text-[11px] text-slate-500" data-testid="available-explained">
          可提现 {formatYuan(data.available)} = 可提现佣金 {formatYuan(data.availableRows)} − 扣回 {formatYuan(data.clawbacks.replace("-", ""))}（扣回从后续收益中抵扣）
        </p>
      ) : null}
    </div>
  );
}

function amountTone(c: CommissionItem): string {
  if (isNegativeYuan(c.amount) || c.status === "clawback") return "text-red-600";
  if (c.status === "reserved") return "text-orange-700";
  if (c.status === "void") return "text-slate-400 line-through";
  if (c.status === "available" || c.status === "withdrawn") return "text-emerald-700";
  return "text-slate-900";
}

export function EarningsLedger() {
  const withdrawal = useSearchParams().get("withdrawal");
  const only = withdrawal && /^\d{1,10}$/.test(withdrawal) ? withdrawal : null;
  const { items, error, isLoading, hasMore, loadMore, loadingMore, mutate } = useCommissions(only);
  return (
    <>
      <SummaryStrip />
      {only ? (
        <p className="mb-2 flex items-center justify-between rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200" data-testid="ledger-filter">
          <span>只显示提现 #{only} 占用的佣金</span>
          <Link href="/me/earnings" className="text-xs underline">
            显示全部
          </Link>
        </p>
      ) : null}
      {error ? (
        <ErrorBox error={error} onRetry={() => mutate()} />
      ) : isLoading ? (
        <Loading />
      ) : items.length === 0 ? (
        <div>
          <Empty title="还没有收益记录" hint="你或团队成员通过推广链接下单后，每一笔佣金都会记录在这里。" />
          <p className="mt-3 text-center">
            <Link href="/me/invite" className="text-sm font-medium text-amber-700 underline">
              邀请好友一起推广
            </Link>
          </p>
        </div>
      ) : (
        <>
          <ul className="space-y-2" data-testid="commissions">
            {items.map((c) => (
              <li key={c.id} data-commission-id={c.id} data-level={c.level} data-status={c.status} data-order-id={c.orderId ?? undefined} className="rounded-lg bg-white p-3 shadow-sm ring-1 ring-slate-200">
                <div className="flex items-start justify-between gap-3">
                  <div className="min-w-0">
                    <div className="flex flex-wrap items-center gap-1.5">
                      <LevelTag level={c.level} />
                      <CommissionBadge status={c.status} />
                      {c.kind === "part" || c.kind === "adjustment" ? (
                        <span className="rounded bg-slate-100 px-1.5 py-0.5 text-[11px] text-slate-600" data-testid="commission-kind">
                          {COMMISSION_KIND_LABEL[c.kind]}
                        </span>
                      ) : null}
                    </div>
                    <p className="mt-1.5 line-clamp-2 text-sm font-medium">{c.orderTitle ?? "美团订单"}</p>
                  </div>
                  <span className={`shrink-0 text-lg font-semibold tabular-nums ${amountTone(c)}`} data-testid="commission-amount">
                    {formatYuan(c.amount)}
                  </span>
                </div>
                {c.kind === "earning" || c.kind === "part" ? (
                  <p className="mt-1 text-xs text-slate-500">
                    基数 {formatYuan(c.base)} × {formatBps(c.rateBps)}
                    {c.kind === "part" ? "（本行为其中随提现占用的部分）" : ""} · 规则 v{c.ruleVersion}
                  </p>
                ) : null}
                {c.reason ? (
                  <p className={`mt-1 text-xs ${c.status === "clawback" ? "text-red-600" : "text-slate-600"}`} data-testid="commission-reason">
                    {c.reason}
                  </p>
                ) : null}
                {c.withdrawalId ? (
                  <p className="mt-1 text-xs text-orange-700">
                    {c.status === "withdrawn" ? "已随" : "占用于"}提现 #{c.withdrawalId}
                  </p>
                ) : null}
                <div className="mt-1.5 flex flex-wrap justify-between gap-x-3 gap-y-0.5 text-[11px] text-slate-400">
                  <span className="break-all">{c.orderId ? `订单号 ${c.orderId}` : ""}</span>
                  <span>
                    {formatBeijing(c.createdAt)}
                    {c.status === "pending" && c.availableAt ? ` · ${formatBeijing(c.availableAt)} 可提现` : ""}
                  </span>
                </div>
              </li>
            ))}
          </ul>
          <LoadMore hasMore={hasMore} loading={loadingMore} onClick={loadMore} />
        </>
      )}
    </>
  );
}
