"use client";
// Money per order for operators: 美团佣金 (and where it came from), each level's member and share, 毛利; the
// totals of the current filter. Every number is the order's stored base (orderMoneyBase) and its rows.
import { formatYuan, isNegativeYuan } from "@/lib/client/format";
import { useOrderTotals } from "@/lib/client/hooks";
import Link from "next/link";
import { LevelTag } from "./money-badges";
import { BASE_SOURCE_LABEL, BASE_SOURCE_SHORT_LABEL, label } from "@/lib/labels";
import type { AdminOrderDetail, OrderMoney } from "@/lib/contracts/orders";

const SOURCE_TONE: Record<string, string> = {
  profit: "bg-emerald-50 text-emerald-700 ring-emerald-200",
  estimate: "bg-amber-50 text-amber-700 ring-amber-200",
  lost: "bg-slate-100 text-slate-500 ring-slate-200",
  none: "bg-slate-100 text-slate-500 ring-slate-200",
};

export function BaseSourceTag({ source }: { source: string }) {
  return (
    <span
      data-base-source={source}
      title={label(BASE_SOURCE_LABEL, source)}
      className={`inline-flex rounded px-1 py-px text-[10px] font-medium whitespace-nowrap ring-1 ring-inset ${SOURCE_TONE[source] ?? SOURCE_TONE.none}`}
    >
      {label(BASE_SOURCE_SHORT_LABEL, source)}
    </span>
  );
}

/** 美团佣金, 会员佣金 (per level) and 毛利 cells of an order row. */
export function OrderMoneyCells({ m }: { m: OrderMoney }) {
  return (
    <>
      <td className="px-3 py-2 text-right whitespace-nowrap tabular-nums" data-testid="order-base" data-label="美团佣金">
        {formatYuan(m.commission)} <BaseSourceTag source={m.commissionSource} />
      </td>
      <td className="max-w-64 min-w-48 px-3 py-2 text-xs" data-testid="order-levels" data-label="会员佣金">
        {m.levels.length ? (
          <ul className="space-y-0.5">
            {m.levels.map((l) => (
              <li key={`${l.level}-${l.memberId}`} className="flex min-w-0 items-center justify-between gap-2 whitespace-nowrap">
                <Link href={`/admin/members/${encodeURIComponent(l.memberId)}`} className="min-w-0 truncate text-slate-600 underline" title={l.label ?? undefined}>
                  L{l.level} {l.label ?? "会员"}
                </Link>
                <span className="shrink-0 tabular-nums">{formatYuan(l.amount)}</span>
              </li>
            ))}
          </ul>
        ) : (
          <span className="text-slate-400">—</span>
        )}
      </td>
      <td className={`px-3 py-2 text-right font-medium whitespace-nowrap tabular-nums ${isNegativeYuan(m.margin) ? "text-red-600" : ""}`} data-testid="order-margin" data-label="毛利">
        {formatYuan(m.margin)}
      </td>
    </>
  );
}

/** The count and money totals of every order the filter matches (not only the loaded pages). */
export function OrderTotalsBar({ query }: { query: string }) {
  const { data, error } = useOrderTotals(query);
  const cell = (k: string, v: React.ReactNode, testId: string, tone = "") => (
    <div>
      <p className="text-[11px] text-slate-500">{k}</p>
      <p className={`font-semibold tabular-nums ${tone}`} data-testid={testId}>
        {v}
      </p>
    </div>
  );
  return (
    <section className="mb-3 grid grid-cols-2 gap-3 rounded-lg bg-white px-4 py-3 ring-1 ring-slate-200 sm:grid-cols-5" data-testid="order-totals" aria-busy={!data}>
      {error ? (
        <p className="col-span-full text-sm text-red-600">合计暂时无法读取</p>
      ) : (
        <>
          {cell("符合条件的订单", data ? `${data.count.toLocaleString("zh-CN")} 单` : "…", "totals-count")}
          {cell("计入 GMV", data ? formatYuan(data.gmv) : "…", "totals-gmv")}
          {cell("美团佣金", data ? formatYuan(data.commission) : "…", "totals-commission")}
          {cell("会员佣金", data ? formatYuan(data.memberCommission) : "…", "totals-member")}
          {cell("毛利", data ? formatYuan(data.margin) : "…", "totals-margin", data && isNegativeYuan(data.margin) ? "text-red-600" : "")}
        </>
      )}
    </section>
  );
}

type OrderMoneyView = AdminOrderDetail["money"];

/** The order page's money: what the base is, where it came from, each level, 毛利. */
export function OrderMoneyPanel({ m }: { m: OrderMoneyView }) {
  const row = "flex items-baseline justify-between gap-3 py-1.5";
  const why =
    m.commissionSource === "profit"
      ? "美团对账返回的佣金（profit − refundprofit）"
      : m.commissionSource === "estimate"
        ? `实付 ${m.payAmount ? formatYuan(m.payAmount) : "—"} × 佣金比例 ${m.ratio ?? "—"}，美团对账后以实际佣金为准`
        : m.commissionSource === "lost"
          ? "订单全部退款或被风控：美团不付佣金，所有会员佣金也计 ¥0"
          : "缺少实付金额或佣金比例，无法估算";
  return (
    <section className="rounded-lg bg-white p-4 ring-1 ring-slate-200" data-testid="order-money">
      <h2 className="mb-1 font-semibold">这笔订单的钱</h2>
      <div className="grid grid-cols-1 gap-x-8 md:grid-cols-2">
        <dl className="divide-y divide-slate-100 text-sm">
          <div className={row}>
            <dt className="text-slate-500">计入 GMV</dt>
            <dd className="tabular-nums">
              {formatYuan(m.gmv)}
              {m.refund ? <span className="ml-1 text-xs text-slate-500">（实付 {formatYuan(m.payAmount)} − 美团退款 {formatYuan(m.refund)}）</span> : null}
            </dd>
          </div>
          <div className={row}>
            <dt className="text-slate-500">美团佣金</dt>
            <dd className="text-right">
              <span className="font-semibold tabular-nums" data-testid="money-commission">
                {formatYuan(m.commission)}
              </span>{" "}
              <BaseSourceTag source={m.commissionSource} />
              <span className="block text-xs text-slate-500">{why}</span>
            </dd>
          </div>
          <div className={row}>
            <dt className="text-slate-500">会员佣金合计</dt>
            <dd className="tabular-nums" data-testid="money-member">
              {formatYuan(m.memberCommission)}
            </dd>
          </div>
          <div className={row}>
            <dt className="text-slate-500">毛利（美团佣金 − 会员佣金）</dt>
            <dd className={`font-semibold tabular-nums ${isNegativeYuan(m.margin) ? "text-red-600" : "text-emerald-700"}`} data-testid="money-margin">
              {formatYuan(m.margin)}
            </dd>
          </div>
        </dl>
        <div>
          <p className="mt-2 mb-1 text-xs text-slate-500 md:mt-0">各级会员（佣金行合计，含扣回/调整）</p>
          {m.levels.length ? (
            <ul className="divide-y divide-slate-100 text-sm" data-testid="money-levels">
              {m.levels.map((l) => (
                <li key={`${l.level}-${l.memberId}`} data-level={l.level} className="flex items-center justify-between gap-2 py-1.5">
                  <span className="flex min-w-0 items-center gap-2">
                    <LevelTag level={l.level} />
                    <Link href={`/admin/members/${encodeURIComponent(l.memberId)}`} className="truncate text-amber-700 underline">
                      {l.label ?? "会员"}
                    </Link>
                  </span>
                  <span className="font-medium tabular-nums">{formatYuan(l.amount)}</span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-sm text-slate-400">没有会员佣金（未归属，或已退款/风控）</p>
          )}
        </div>
      </div>
    </section>
  );
}
