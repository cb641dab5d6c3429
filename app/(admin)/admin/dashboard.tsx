"use client";
// 概览: the numbers of a range (today / 7 / 30 Beijing days) against the previous period, per day, per business
// line, the top promoters, and whether Meituan's pushes are arriving.
import { formatYuan, isNegativeYuan } from "@/lib/client/format";
import type { DashboardRange } from "@/lib/contracts/enums";
import type { Dashboard as DashboardData } from "@/lib/contracts/dashboard";
import { useDashboard } from "@/lib/client/hooks";
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { useState } from "react";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ErrorBox, Loading } from "@/components/states";
import { parseYuanToFen } from "@/lib/money";
import { formatBeijing } from "@/lib/time";

const RANGES: [DashboardRange, string][] = [
  ["today", "今日"],
  ["7d", "近7天"],
  ["30d", "近30天"],
];
const isRange = (v: string | null): v is DashboardRange => v === "today" || v === "7d" || v === "30d";

/** "11-30 00:00 至 12-01 14:05": the previous period, in Beijing time. */
const periodText = (from: string, to: string) => `${formatBeijing(from).slice(5)} 至 ${formatBeijing(to).slice(5)}`;
const yuanNumber = (y: string) => (parseYuanToFen(y) ?? 0) / 100;
const count = (n: number) => n.toLocaleString("zh-CN");

/** ▲ 12.5% / ▼ 3% / 持平 against the previous period; — when it had nothing to compare with. */
function Change({ percent, previous, testId }: { percent: number | null; previous: string; testId: string }) {
  const [text, tone] =
    percent === null ? ["—", "text-slate-400"] : percent > 0 ? [`▲ ${percent}%`, "text-emerald-600"] : percent < 0 ? [`▼ ${-percent}%`, "text-red-600"] : ["持平", "text-slate-500"];
  return (
    <p className="mt-1 text-xs">
      <span data-testid={testId} className={`font-medium tabular-nums ${tone}`}>
        {text}
      </span>
      <span className="ml-1 text-slate-400">{percent === null ? "上期为 0，无法比较" : `上期 ${previous}`}</span>
    </p>
  );
}

function Kpi({ label, value, testId, hint, negative, change }: { label: string; value: string; testId: string; hint?: string; negative?: boolean; change: { percent: number | null; previous: string } }) {
  return (
    <div className="rounded-lg bg-white p-4 ring-1 ring-slate-200">
      <p className="text-xs text-slate-500">{label}</p>
      <p data-testid={testId} className={`mt-1 text-2xl font-semibold tabular-nums ${negative ? "text-red-600" : "text-slate-900"}`}>
        {value}
      </p>
      <Change {...change} testId={`${testId}-change`} />
      {hint ? <p className="mt-1 text-[11px] text-slate-400">{hint}</p> : null}
    </div>
  );
}

function TopPromoters({ rows }: { rows: DashboardData["topPromoters"] }) {
  return (
    <section className="rounded-lg bg-white ring-1 ring-slate-200" data-testid="top-promoters">
      <div className="px-4 pt-4 pb-2">
        <h2 className="font-medium">推广排行</h2>
        <p className="mt-0.5 text-xs text-slate-500">按本期订单给会员带来的佣金排序（含团队订单），前 10 名；订单数与 GMV 为会员自己推广的订单。</p>
      </div>
      {rows.length === 0 ? (
        <p className="px-4 pb-6 text-sm text-slate-400">本期还没有会员获得佣金。会员分享推广链接产生订单后，这里会列出贡献最多的会员。</p>
      ) : (
        <div className="overflow-x-auto">
          {/* Cards on a phone (.table-cards): the member and their commission stay on screen. */}
          <table className="table-cards min-w-full text-sm">
            <thead className="bg-slate-50 text-left text-xs text-slate-500">
              <tr>
                <th className="w-8 px-4 py-2">#</th>
                <th className="px-4 py-2">会员</th>
                <th className="px-4 py-2 text-right whitespace-nowrap">订单数</th>
                <th className="px-4 py-2 text-right">GMV</th>
                <th className="px-4 py-2 text-right whitespace-nowrap">会员佣金</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((r, i) => (
                <tr key={r.id} data-testid="top-promoter">
                  <td className="px-4 py-2 text-slate-400 tabular-nums">{i + 1}</td>
                  <td className="px-4 py-2">
                    <Link href={`/admin/members/${encodeURIComponent(r.id)}`} className="text-amber-700 underline">
                      {r.name ?? r.maskedUsername}
                    </Link>
                    {r.name ? <span className="ml-1 text-xs whitespace-nowrap text-slate-400">{r.maskedUsername}</span> : null}
                  </td>
                  <td className="px-4 py-2 text-right tabular-nums" data-label="订单数">
                    {count(r.orders)}
                  </td>
                  <td className="px-4 py-2 text-right tabular-nums" data-label="GMV">
                    {formatYuan(r.gmv)}
                  </td>
                  <td className="px-4 py-2 text-right font-medium tabular-nums" data-label="会员佣金">
                    {formatYuan(r.commission)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

type Metric = "commission" | "gmv" | "orders";
const METRICS: [Metric, string][] = [
  ["commission", "佣金"],
  ["gmv", "GMV"],
  ["orders", "订单数"],
];

function DailyChart({ daily }: { daily: DashboardData["daily"] }) {
  const [metric, setMetric] = useState<Metric>("commission");
  const points = daily.map((d) => ({
    day: d.day,
    label: `${Number(d.day.slice(5, 7))}/${Number(d.day.slice(8, 10))}`,
    orders: d.orders,
    gmv: yuanNumber(d.gmv),
    commission: yuanNumber(d.commission),
    memberCommission: yuanNumber(d.memberCommission),
  }));
  const money = metric !== "orders";
  const empty = points.every((p) => p.orders === 0 && p.gmv === 0 && p.commission === 0);
  return (
    <section className="rounded-lg bg-white p-4 ring-1 ring-slate-200 lg:col-span-2" data-testid="daily-chart">
      <div className="mb-3 flex items-center justify-between">
        <h2 className="font-medium">每日趋势</h2>
        <div className="flex gap-1 rounded-md bg-slate-100 p-0.5 text-xs" role="group" aria-label="图表指标">
          {METRICS.map(([m, text]) => (
            <button
              key={m}
              type="button"
              aria-pressed={metric === m}
              onClick={() => setMetric(m)}
              className={`rounded px-2.5 py-1 ${metric === m ? "bg-white font-medium text-slate-900 shadow-sm" : "text-slate-500 hover:text-slate-800"}`}
            >
              {text}
            </button>
          ))}
        </div>
      </div>
      <div className="relative h-64">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: 4 }}>
            <CartesianGrid vertical={false} stroke="#f1f5f9" />
            <XAxis dataKey="label" tickLine={false} axisLine={false} tick={{ fontSize: 11, fill: "#94a3b8" }} interval="preserveStartEnd" minTickGap={16} />
            <YAxis
              width={60}
              tickLine={false}
              axisLine={false}
              tick={{ fontSize: 11, fill: "#94a3b8" }}
              allowDecimals={money}
              tickFormatter={(v: number) => (money ? `¥${Number.isInteger(v) ? v.toLocaleString("zh-CN") : v.toFixed(2)}` : String(v))}
            />
            <Tooltip
              cursor={{ fill: "#fef3c7", opacity: 0.6 }}
              formatter={(v, name) => [money ? `¥${Number(v).toFixed(2)}` : `${v} 单`, String(name)]}
              labelFormatter={(_, payload) => (payload?.[0]?.payload as { day?: string } | undefined)?.day ?? ""}
              contentStyle={{ fontSize: 12, borderRadius: 8, borderColor: "#e2e8f0" }}
            />
            {metric === "commission" ? <Legend wrapperStyle={{ fontSize: 12 }} iconSize={10} /> : null}
            {metric === "commission" ? (
              <>
                <Bar dataKey="commission" name="美团佣金" fill="#f59e0b" radius={[3, 3, 0, 0]} maxBarSize={18} />
                <Bar dataKey="memberCommission" name="会员佣金" fill="#8b5cf6" radius={[3, 3, 0, 0]} maxBarSize={18} />
              </>
            ) : metric === "gmv" ? (
              <Bar dataKey="gmv" name="GMV" fill="#0ea5e9" radius={[3, 3, 0, 0]} maxBarSize={24} />
            ) : (
              <Bar dataKey="orders" name="订单数" fill="#10b981" radius={[3, 3, 0, 0]} maxBarSize={24} />
            )}
          </BarChart>
        </ResponsiveContainer>
        {empty ? <p className="pointer-events-none absolute inset-0 flex items-center justify-center text-sm text-slate-400">该时间段还没有订单</p> : null}
      </div>
    </section>
  );
}

function minutesAgo(iso: string): string {
  const min = Math.floor((Date.now() - new Date(iso).getTime()) / 60000);
  if (min < 1) return "刚刚";
  if (min < 60) return `${min} 分钟前`;
  if (min < 60 * 24) return `${Math.floor(min / 60)} 小时前`;
  return `${Math.floor(min / 60 / 24)} 天前`;
}

function PushHealth({ health, lastSyncAt }: { health: DashboardData["pushHealth"]; lastSyncAt: string | null }) {
  const row = "flex items-baseline justify-between gap-3 py-2";
  return (
    <section className="rounded-lg bg-white p-4 ring-1 ring-slate-200" data-testid="push-health">
      <div className="mb-1 flex items-center justify-between">
        <h2 className="font-medium">推送健康</h2>
        <Link href="/admin/pushes" className="text-xs text-amber-700 underline">
          推送日志
        </Link>
      </div>
      {health.secretConfigured ? null : (
        <p role="alert" data-testid="secret-missing" className="my-2 rounded-md bg-red-50 px-3 py-2 text-sm font-medium text-red-700 ring-1 ring-red-200">
          未配置回调密钥，美团的推送将全部被拒收
        </p>
      )}
      <dl className="divide-y divide-slate-100 text-sm">
        <div className={row}>
          <dt className="text-slate-500">最近一次推送</dt>
          <dd className="text-right" data-testid="last-push-at">
            {health.lastPushAt ? (
              <>
                {formatBeijing(health.lastPushAt, true)}
                <span className="ml-1 text-xs text-slate-400">（{minutesAgo(health.lastPushAt)}）</span>
              </>
            ) : (
              <span className="text-slate-400">尚未收到推送</span>
            )}
          </dd>
        </div>
        <div className={row}>
          <dt className="text-slate-500">近 1 小时推送</dt>
          <dd className="font-medium tabular-nums" data-testid="pushes-last-hour">
            {count(health.pushesLastHour)}
          </dd>
        </div>
        <div className={row}>
          <dt className="text-slate-500">近 1 小时签名失败</dt>
          <dd className="tabular-nums" data-testid="sign-failures">
            <Link href="/admin/pushes?signFailed=1" className={health.signFailuresLastHour > 0 ? "font-medium text-red-600 underline" : "text-slate-900"}>
              {count(health.signFailuresLastHour)}
            </Link>
          </dd>
        </div>
        <div className={row}>
          <dt className="text-slate-500">处理失败、等待重试</dt>
          <dd className="tabular-nums" data-testid="failed-waiting">
            <Link href="/admin/pushes?failed=1" className={health.failedWaiting > 0 ? "font-medium text-orange-600 underline" : "text-slate-900 underline"}>
              {count(health.failedWaiting)} 条 →
            </Link>
          </dd>
        </div>
        <div className={row}>
          <dt className="text-slate-500">最近对账同步</dt>
          <dd className="text-right">{lastSyncAt ? formatBeijing(lastSyncAt, true) : <span className="text-slate-400">尚未同步</span>}</dd>
        </div>
      </dl>
    </section>
  );
}

function BusinessLines({ rows, days }: { rows: DashboardData["byBusinessLine"]; days: string[] }) {
  const range = days.length ? `&from=${days[0]}&to=${days[days.length - 1]}` : "";
  return (
    <section className="rounded-lg bg-white ring-1 ring-slate-200" data-testid="business-lines">
      <h2 className="px-4 pt-4 pb-2 font-medium">业务线分布</h2>
      {rows.length === 0 ? (
        <p className="px-4 pb-6 text-sm text-slate-400">暂无数据</p>
      ) : (
        <table className="min-w-full text-sm">
          <thead className="bg-slate-50 text-left text-xs text-slate-500">
            <tr>
              <th className="px-4 py-2">业务线</th>
              <th className="px-4 py-2 text-right">订单数</th>
              <th className="px-4 py-2 text-right">GMV</th>
              <th className="px-4 py-2 text-right">美团佣金</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((r) => (
              <tr key={String(r.businessLine)}>
                <td className="px-4 py-2">
                  {r.businessLine === null ? (
                    <span className="text-slate-500">{r.label || "未知"}</span>
                  ) : (
                    <Link href={`/admin/orders?businessLine=${r.businessLine}${range}`} className="text-amber-700 underline" title="查看该业务线在这段时间的订单">
                      {r.label}
                    </Link>
                  )}
                  {r.businessLine !== null ? <span className="ml-1 text-xs text-slate-400">{r.businessLine}</span> : null}
                </td>
                <td className="px-4 py-2 text-right tabular-nums">{count(r.orders)}</td>
                <td className="px-4 py-2 text-right tabular-nums">{formatYuan(r.gmv)}</td>
                <td className="px-4 py-2 text-right tabular-nums">{formatYuan(r.commission)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function PushGap({ rows }: { rows: DashboardData["sync"]["pushGapByDay"] }) {
  return (
    <section className="rounded-lg bg-white ring-1 ring-slate-200" data-testid="push-gap">
      <div className="px-4 pt-4 pb-2">
        <h2 className="font-medium">推送缺口</h2>
        <p className="mt-0.5 text-xs text-slate-500">对账同步发现、但没有收到美团推送的订单，按北京日期统计。</p>
      </div>
      {rows.length === 0 ? (
        <p className="px-4 pb-6 text-sm text-slate-400">暂无数据</p>
      ) : (
        <table className="min-w-full text-sm">
          <thead className="bg-slate-50 text-left text-xs text-slate-500">
            <tr>
              <th className="px-4 py-2">日期</th>
              <th className="px-4 py-2 text-right">缺失推送的订单</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((r) => (
              <tr key={r.day}>
                <td className="px-4 py-2">
                  <Link href={`/admin/orders?from=${r.day}&to=${r.day}`} className="text-amber-700 underline">
                    {r.day}
                  </Link>
                </td>
                <td className={`px-4 py-2 text-right tabular-nums ${r.orders > 0 ? "font-medium text-orange-600" : ""}`}>{count(r.orders)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function Dashboard() {
  const pathname = usePathname();
  const params = useSearchParams();
  const asked = params.get("range");
  const range: DashboardRange = isRange(asked) ? asked : "today";
  const { data, error, isLoading, mutate } = useDashboard(range);

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
          <h1 className="shrink-0 text-xl font-semibold">概览</h1>
          {data && data.daily.length ? (
            <span className="text-xs text-slate-500" data-testid="dashboard-range">
              {data.daily.length === 1 ? data.daily[0].day : `${data.daily[0].day} 至 ${data.daily[data.daily.length - 1].day}`}（北京时间，按下单时间）；对比上期 {periodText(data.previous.from, data.previous.to)}
            </span>
          ) : null}
        </div>
        <nav className="flex gap-1 rounded-lg bg-white p-1 ring-1 ring-slate-200" aria-label="统计区间">
          {RANGES.map(([key, text]) => (
            <Link
              key={key}
              href={key === "today" ? pathname : `${pathname}?range=${key}`}
              aria-current={range === key ? "page" : undefined}
              className={`rounded-md px-3 py-1 text-sm ${range === key ? "bg-slate-900 text-white" : "text-slate-600 hover:bg-slate-100"}`}
            >
              {text}
            </Link>
          ))}
        </nav>
      </div>

      {error ? (
        <ErrorBox error={error} onRetry={() => mutate()} />
      ) : isLoading || !data ? (
        <Loading rows={4} />
      ) : (
        <>
          <div className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-5">
            <Kpi label="订单数" value={count(data.totals.orders)} testId="kpi-orders" change={{ percent: data.change.orders, previous: count(data.previous.orders) }} />
            <Kpi label="GMV（实付金额）" value={formatYuan(data.totals.gmv)} testId="kpi-gmv" change={{ percent: data.change.gmv, previous: formatYuan(data.previous.gmv) }} />
            <Kpi label="美团佣金" value={formatYuan(data.totals.commission)} testId="kpi-commission" change={{ percent: data.change.commission, previous: formatYuan(data.previous.commission) }} />
            <Kpi
              label="会员佣金"
              value={formatYuan(data.totals.memberCommission)}
              testId="kpi-member-commission"
              change={{ percent: data.change.memberCommission, previous: formatYuan(data.previous.memberCommission) }}
            />
            <Kpi
              label="毛利"
              value={formatYuan(data.totals.margin)}
              testId="kpi-margin"
              hint="美团佣金 − 会员佣金"
              negative={isNegativeYuan(data.totals.margin)}
              change={{ percent: data.change.margin, previous: formatYuan(data.previous.margin) }}
            />
          </div>
          <div className="grid gap-4 lg:grid-cols-3">
            <DailyChart daily={data.daily} />
            <PushHealth health={data.pushHealth} lastSyncAt={data.sync.lastSuccessAt} />
          </div>
          <TopPromoters rows={data.topPromoters} />
          <div className="grid gap-4 lg:grid-cols-2">
            <BusinessLines rows={data.byBusinessLine} days={data.daily.map((d) => d.day)} />
            <PushGap rows={data.sync.pushGapByDay} />
          </div>
        </>
      )}
    </div>
  );
}
