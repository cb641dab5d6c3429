"use client";
import Link from "next/link";
import useSWR from "swr";
import { fetcher } from "@/components/fetcher";
import { SUMMARY_KEY, type CommissionItem, type Summary } from "@/components/earnings-api";
import { CommissionBadge, LevelTag } from "@/components/money-badges";
import { Empty, ErrorBox, Loading } from "@/components/states";
import { LoadMore } from "@/components/load-more";
import { usePaged } from "@/components/use-paged";
import { formatBps, formatYuan, isNegativeYuan } from "@/components/yuan";
import { formatBeijing } from "@/lib/time";

function SummaryStrip() {
  const { data } = useSWR<Summary>(SUMMARY_KEY, fetcher);
  const cells: [string, string | undefined][] = [
    ["预估", data?.estimated],
    ["待结算", data?.pending],
    ["可提现", data?.available],
  ];
  return (
    <div className="mb-3 grid grid-cols-3 divide-x divide-slate-100 rounded-xl bg-white py-3 text-center shadow-sm ring-1 ring-slate-200">
      {cells.map(([k, v]) => (
        <div key={k}>
          <p className="text-[11px] text-slate-500">{k}</p>
          <p className={`mt-0.5 font-semibold tabular-nums ${isNegativeYuan(v) ? "text-red-600" : ""}`}>{v === undefined ? "…" : formatYuan(v)}</p>
        </div>
      ))}
    </div>
  );
}

function amountTone(c: CommissionItem): string {
  if (isNegativeYuan(c.amount) || c.status === "clawback") return "text-red-600";
  if (c.status === "void") return "text-slate-400 line-through";
  if (c.status === "available" || c.status === "withdrawn") return "text-emerald-700";
  return "text-slate-900";
}

export function EarningsLedger() {
  const { items, error, isLoading, hasMore, loadMore, loadingMore, mutate } = usePaged<CommissionItem>("/api/me/commissions?limit=20");
  return (
    <>
      <SummaryStrip />
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
                    </div>
                    <p className="mt-1.5 line-clamp-2 text-sm font-medium">{c.orderTitle ?? "美团订单"}</p>
                  </div>
                  <span className={`shrink-0 text-lg font-semibold tabular-nums ${amountTone(c)}`} data-testid="commission-amount">
                    {formatYuan(c.amount)}
                  </span>
                </div>
                <p className="mt-1 text-xs text-slate-500">
                  基数 {formatYuan(c.base)} × {formatBps(c.rateBps)} · 规则 v{c.ruleVersion}
                </p>
                {c.reason ? (
                  <p className={`mt-1 text-xs ${c.status === "clawback" ? "text-red-600" : "text-slate-600"}`} data-testid="commission-reason">
                    {c.reason}
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
