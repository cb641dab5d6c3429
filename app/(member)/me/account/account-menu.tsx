"use client";
// 我的: where the money lives (收益明细, 提现 with the balance beside it, the payout account) and the rest.
import Link from "next/link";
import { formatYuan } from "@/lib/client/format";
import { useSummary } from "@/lib/client/hooks";

function Row({ href, title, hint, value, testId }: { href: string; title: string; hint: string; value?: React.ReactNode; testId?: string }) {
  return (
    <li>
      <Link href={href} className="flex items-center justify-between gap-3 px-4 py-3 hover:bg-slate-50" data-testid={testId}>
        <span className="min-w-0">
          <span className="block text-sm font-medium">{title}</span>
          <span className="block text-xs text-slate-500">{hint}</span>
        </span>
        <span className="flex shrink-0 items-center gap-1 text-sm text-slate-500">
          {value}
          <span aria-hidden="true">›</span>
        </span>
      </Link>
    </li>
  );
}

export function AccountMenu() {
  const { data, error } = useSummary();
  const available = error ? null : data ? <span className="font-medium text-slate-900 tabular-nums">{formatYuan(data.available)}</span> : <span className="inline-block h-4 w-14 animate-pulse rounded bg-slate-100" aria-label="加载中" />;
  return (
    <>
      <ul className="divide-y divide-slate-100 overflow-hidden rounded-xl bg-white shadow-sm ring-1 ring-slate-200">
        <Row href="/me/withdraw" title="提现" hint="支付宝、微信、银行卡；也可设置收款账户" value={available} testId="account-withdraw" />
        <Row href="/me/earnings" title="收益明细" hint="每笔佣金从预估到可提现的记录" />
      </ul>
      <ul className="divide-y divide-slate-100 overflow-hidden rounded-xl bg-white shadow-sm ring-1 ring-slate-200">
        <Row href="/me/links" title="推广链接与海报" hint="生成带你 sid 的链接、二维码和分享海报" />
        <Row href="/me/invite" title="邀请好友" hint="好友及其邀请的人下单，你也有佣金" />
        <Row href="/me/claim" title="订单找回" hint="好友下单没跟踪到？用订单号找回" />
      </ul>
    </>
  );
}
