"use client";
// 推广效果: the member's own short links with their clicks → orders → GMV → commission, per link, per activity and
// per day (GET /api/me/funnel). Bots and link previews are counted apart and never in the conversion.
import { useState } from "react";
import { useMemberFunnel } from "@/lib/client/hooks";
import { formatRate, formatYuan } from "@/lib/client/format";
import { copyText } from "@/lib/client/clipboard";
import { Empty, ErrorBox } from "@/components/states";
import { LINK_TYPE_LABEL } from "@/lib/labels";
import type { FunnelNumbers, MemberFunnel } from "@/lib/contracts/links";

const RANGES = [7, 30, 90] as const;

const conversion = (n: FunnelNumbers) => (n.conversion === null ? "—" : formatRate(n.conversion));

function Stat({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div className="rounded-lg bg-slate-50 px-3 py-2">
      <p className="text-xs text-slate-500">{label}</p>
      <p className="mt-0.5 text-lg font-semibold tabular-nums" data-testid={testId}>
        {value}
      </p>
    </div>
  );
}

/** 点击 · 订单 · 成交额 · 佣金 · 转化 on one wrapping line. */
function Numbers({ n }: { n: FunnelNumbers }) {
  return (
    <p className="flex flex-wrap gap-x-3 gap-y-0.5 text-xs text-slate-600 tabular-nums">
      <span>点击 {n.clicks}</span>
      <span>订单 {n.orders}</span>
      <span>成交 {formatYuan(n.gmv)}</span>
      <span className="text-amber-700">佣金 {formatYuan(n.commission)}</span>
      <span>转化 {conversion(n)}</span>
    </p>
  );
}

function ShortLinkRow({ link }: { link: MemberFunnel["links"][number] }) {
  const [copied, setCopied] = useState<string | null>(null);
  async function copy(url: string) {
    setCopied((await copyText(url)) ? "已复制" : "复制失败，请长按链接手动复制");
    setTimeout(() => setCopied(null), 2500);
  }
  return (
    <li className="space-y-1.5 py-3" data-testid="funnel-link">
      <p className="text-sm font-medium">
        {link.activityName} <span className="font-normal text-slate-500">· {LINK_TYPE_LABEL[link.linkType]}</span>
      </p>
      {link.shortUrl ? (
        <div className="flex items-center gap-2">
          <code className="min-w-0 flex-1 truncate rounded bg-slate-50 px-2 py-1 text-xs text-slate-700 select-all" data-testid="funnel-short-url">
            {link.shortUrl}
          </code>
          <button type="button" onClick={() => copy(link.shortUrl!)} className="shrink-0 rounded-md border border-slate-300 px-2.5 py-1 text-xs text-slate-700 hover:bg-slate-50">
            {copied ?? "复制短链"}
          </button>
        </div>
      ) : (
        <p className="text-xs text-slate-400">这种链接无法统计点击（不是网页链接）</p>
      )}
      <Numbers n={link} />
    </li>
  );
}

export function Funnel() {
  const [days, setDays] = useState<(typeof RANGES)[number]>(30);
  const { data, error, mutate, isLoading } = useMemberFunnel(days);

  return (
    <section className="mt-6 space-y-4 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200" data-testid="member-funnel" aria-labelledby="funnel-title">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="funnel-title" className="font-semibold">
          推广效果
        </h2>
        <div role="tablist" aria-label="时间范围" className="flex rounded-lg bg-slate-100 p-0.5 text-sm">
          {RANGES.map((d) => (
            <button
              key={d}
              role="tab"
              aria-selected={days === d}
              onClick={() => setDays(d)}
              className={`rounded-md px-3 py-1 ${days === d ? "bg-white font-medium text-slate-900 shadow-sm" : "text-slate-500"}`}
            >
              近 {d} 天
            </button>
          ))}
        </div>
      </div>

      {error ? (
        <ErrorBox error={error} onRetry={() => mutate()} />
      ) : !data ? (
        <div className="space-y-3" aria-busy="true" aria-label="加载中">
          <div className="grid grid-cols-2 gap-2 sm:grid-cols-4">
            {Array.from({ length: 4 }, (_, i) => (
              <div key={i} className="h-16 animate-pulse rounded-lg bg-slate-100" />
            ))}
          </div>
          <div className="h-24 animate-pulse rounded-lg bg-slate-100" />
        </div>
      ) : (
        <FunnelBody data={data} stale={isLoading} />
      )}
    </section>
  );
}

function FunnelBody({ data, stale }: { data: MemberFunnel; stale: boolean }) {
  const t = data.totals;
  const activeDays = data.byDay.filter((d) => d.clicks || d.orders || d.botClicks);
  return (
    <div className={`space-y-5 ${stale ? "opacity-60" : ""}`}>
      <div>
        <div className="grid grid-cols-2 gap-2 sm:grid-cols-4">
          <Stat label="点击" value={String(t.clicks)} testId="funnel-clicks" />
          <Stat label="订单" value={String(t.orders)} testId="funnel-orders" />
          <Stat label="成交额" value={formatYuan(t.gmv)} testId="funnel-gmv" />
          <Stat label="佣金" value={formatYuan(t.commission)} testId="funnel-commission" />
        </div>
        <p className="mt-2 text-xs leading-relaxed text-slate-500">
          转化率 <span className="font-medium text-slate-700 tabular-nums">{conversion(t)}</span>（订单 ÷ 点击）
          {t.botClicks ? <>；另有 {t.botClicks} 次机器人或微信链接预览的访问，未计入点击</> : null}。订单归属于下单前 {data.windowDays} 天内你这个活动链接的最后一次点击，佣金为你自己的佣金。
        </p>
      </div>

      <div>
        <h3 className="text-sm font-medium text-slate-700">我的短链接</h3>
        {data.links.length ? (
          <ul className="divide-y divide-slate-100">
            {data.links.map((l) => (
              <ShortLinkRow key={`${l.activityId}:${l.linkType}`} link={l} />
            ))}
          </ul>
        ) : (
          <div className="mt-2">
            <Empty title="还没有推广链接" hint="在上方选一个活动生成链接，分享短链接后，这里会显示点击和订单。" />
          </div>
        )}
      </div>

      {data.byActivity.length ? (
        <div>
          <h3 className="text-sm font-medium text-slate-700">按活动</h3>
          <ul className="mt-1 divide-y divide-slate-100" data-testid="funnel-activities">
            {data.byActivity.map((a) => (
              <li key={a.activityId} className="py-2">
                <p className="text-sm">{a.activityName}</p>
                <Numbers n={a} />
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      <div>
        <h3 className="text-sm font-medium text-slate-700">每日（北京时间）</h3>
        {activeDays.length ? (
          <table className="mt-1 w-full text-xs tabular-nums" data-testid="funnel-days">
            <thead className="text-left text-slate-500">
              <tr>
                <th className="py-1 font-normal">日期</th>
                <th className="py-1 text-right font-normal">点击</th>
                <th className="py-1 text-right font-normal">订单</th>
                <th className="py-1 text-right font-normal">成交额</th>
                <th className="py-1 text-right font-normal">佣金</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {activeDays.map((d) => (
                <tr key={d.day}>
                  <td className="py-1.5 whitespace-nowrap">{d.day.slice(5)}</td>
                  <td className="py-1.5 text-right">{d.clicks}</td>
                  <td className="py-1.5 text-right">{d.orders}</td>
                  <td className="py-1.5 text-right whitespace-nowrap">{formatYuan(d.gmv)}</td>
                  <td className="py-1.5 text-right whitespace-nowrap text-amber-700">{formatYuan(d.commission)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="mt-1 text-xs text-slate-500">
            {data.from} 至 {data.to} 还没有点击或订单。
          </p>
        )}
      </div>
    </div>
  );
}
