"use client";
import { formatYuan, isNegativeYuan } from "@/lib/client/format";
import { useSummary } from "@/lib/client/hooks";
import Link from "next/link";
import { ErrorBox } from "@/components/states";

function Stat({ title, value, hint, testId }: { title: string; value: string; hint: string; testId: string }) {
  return (
    <div className="rounded-xl bg-white p-3 shadow-sm ring-1 ring-slate-200">
      <p className="text-xs text-slate-500">{title}</p>
      <p className="mt-1 text-lg font-semibold tabular-nums" data-testid={testId}>
        {formatYuan(value)}
      </p>
      <p className="mt-1 text-[11px] leading-snug text-slate-400">{hint}</p>
    </div>
  );
}

function Month({ title, value, testId }: { title: string; value: string; testId: string }) {
  return (
    <div className="min-w-0">
      <p className="text-xs text-slate-500">{title}</p>
      <p className={`truncate font-semibold tabular-nums ${isNegativeYuan(value) ? "text-red-600" : ""}`} data-testid={testId}>
        {formatYuan(value)}
      </p>
    </div>
  );
}

/** `newcomer`: nothing has been earned yet, so only the balance and the months show (the home leads with first steps). */
export function SummaryCards({ newcomer = false }: { newcomer?: boolean }) {
  const { data, error, mutate } = useSummary();
  if (error) return <ErrorBox error={error} onRetry={() => mutate()} />;
  if (!data)
    return (
      <div className="space-y-3" aria-busy="true" aria-label="加载中">
        <div className="h-32 animate-pulse rounded-xl bg-slate-100" />
        <div className="grid grid-cols-2 gap-3">
          {Array.from({ length: 4 }, (_, i) => (
            <div key={i} className="h-24 animate-pulse rounded-xl bg-slate-100" />
          ))}
        </div>
      </div>
    );
  const negative = isNegativeYuan(data.available);
  return (
    <div className="space-y-3">
      <section className="rounded-xl bg-white p-4 shadow-sm ring-2 ring-amber-300">
        <div className="flex items-start justify-between gap-3">
          <div className="min-w-0">
            <p className="text-sm text-slate-600">可提现</p>
            <p className={`mt-1 text-3xl font-bold tabular-nums ${negative ? "text-red-600" : "text-slate-900"}`} data-testid="summary-available">
              {formatYuan(data.available)}
            </p>
          </div>
          <Link href="/me/withdraw" className="shrink-0 rounded-full bg-amber-400 px-4 py-1.5 text-sm font-medium text-slate-900 hover:bg-amber-300">
            去提现
          </Link>
        </div>
        <p className="mt-2 text-xs leading-snug text-slate-500">
          {negative ? "已结算的佣金有扣回（订单退款或对账下调），余额为负，后续收益会先抵扣。" : "结算期已满、可以申请提现的金额。"}最低提现 {formatYuan(data.minWithdrawal)}。
        </p>
        {isNegativeYuan(data.clawbacks) ? (
          <p className="mt-1 text-xs text-slate-600" data-testid="available-explained">
            = 可提现佣金 {formatYuan(data.availableRows)} − 扣回 {formatYuan(data.clawbacks.replace("-", ""))}
            <Link href="/me/earnings" className="ml-1 text-amber-700 underline">
              看明细
            </Link>
          </p>
        ) : null}
        <div className="mt-3 grid grid-cols-3 gap-2 border-t border-slate-100 pt-3 text-sm" data-testid="summary-months">
          <Month title="本月预估" value={data.monthEstimated} testId="summary-month" />
          <Month title="上月预估" value={data.lastMonthEstimated} testId="summary-last-month" />
          <Month title="上月结算" value={data.lastMonthSettled} testId="summary-last-settled" />
        </div>
        <p className="mt-2 flex items-center justify-between text-xs text-slate-500">
          <span>
            今日预估{" "}
            <b className="font-semibold text-slate-800 tabular-nums" data-testid="summary-today">
              {formatYuan(data.todayEstimated)}
            </b>
          </span>
          <span className="text-slate-400">
            本月 {data.months.current} · 上月 {data.months.last}
          </span>
        </p>
        <details className="mt-1 text-[11px] leading-snug text-slate-500">
          <summary className="cursor-pointer text-slate-400 select-none">预估和结算怎么算？</summary>
          <p className="mt-1">
            <b>预估</b>：该月（北京时间）付款的订单给你带来的佣金，含自己和团队的订单、含尚未结算的部分；订单退款或被风控后不再计入，已结算后退款的扣回计为负数。
          </p>
          <p className="mt-1">
            <b>结算</b>：该月转入余额的佣金——订单结算期满转为可提现的佣金，以及该月发生的扣回和调整。
          </p>
        </details>
      </section>

      {newcomer ? null : (
        <div className="grid grid-cols-2 gap-3">
          <Stat title="预估收益" value={data.estimated} testId="summary-estimated" hint="订单已付款、尚未完成；完成后进入待结算，退款则失效。" />
          <Stat title="待结算" value={data.pending} testId="summary-pending" hint="订单已完成，结算期满后自动转为可提现。" />
          <Stat title="提现中" value={data.inReview} testId="summary-in-review" hint="已申请提现、等待审核或打款；这部分佣金已被占用，金额不再变化。" />
          <Stat title="累计已提现" value={data.withdrawn} testId="summary-withdrawn" hint="已经打款到你账户的金额。" />
        </div>
      )}

      <details className="rounded-xl bg-white px-4 py-3 text-sm shadow-sm ring-1 ring-slate-200">
        <summary className="cursor-pointer font-medium text-slate-700">收益是怎么到账的？</summary>
        <ol className="mt-2 space-y-1.5 text-xs leading-relaxed text-slate-600">
          <li>
            <b className="text-amber-700">① 预估</b>：好友通过你的链接下单并付款，佣金先记为预估。
          </li>
          <li>
            <b className="text-sky-700">② 待结算</b>：订单完成（如外卖已送达）后进入结算期，期间退款仍会扣除。
          </li>
          <li>
            <b className="text-emerald-700">③ 可提现</b>：结算期满，佣金计入可提现余额，可随时申请提现。
          </li>
          <li>
            <b className="text-slate-700">④ 已提现</b>：提现审核通过并打款后，记入累计已提现。
          </li>
          <li className="text-slate-400">订单退款或被风控时，对应佣金会失效；已提现或提现中的佣金不再改动，差额以「扣回」或「调整」记一笔，并写明原因。</li>
        </ol>
      </details>
    </div>
  );
}
