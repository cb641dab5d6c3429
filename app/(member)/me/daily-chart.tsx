"use client";
// Earnings per Beijing day for the last 30 days: a bar per day, ¥ in the tooltip.
import { formatYuan } from "@/lib/client/format";
import { useDailyEarnings } from "@/lib/client/hooks";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ErrorBox } from "@/components/states";
import { fenToYuan, parseYuanToFen } from "@/lib/money";

export function DailyChart() {
  const { data, error, isLoading, mutate } = useDailyEarnings(30);
  const days = (data?.days ?? []).map((d) => ({ day: d.day, label: `${Number(d.day.slice(5, 7))}/${Number(d.day.slice(8, 10))}`, fen: parseYuanToFen(d.amount) ?? 0 }));
  const points = days.map((d) => ({ ...d, value: d.fen / 100 }));
  const totalFen = days.reduce((s, d) => s + d.fen, 0);
  const empty = days.every((d) => d.fen === 0);

  return (
    <section className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200" data-testid="daily-chart">
      <div className="mb-2 flex items-baseline justify-between">
        <h2 className="font-medium">近 30 天每日预估收益</h2>
        {data ? <span className="text-xs text-slate-500">合计 {formatYuan(fenToYuan(totalFen))}</span> : null}
      </div>
      {error ? (
        <ErrorBox error={error} onRetry={() => mutate()} />
      ) : isLoading || !data ? (
        <div className="h-44 animate-pulse rounded-lg bg-slate-100" aria-busy="true" aria-label="加载中" />
      ) : (
        <div className="relative h-44">
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={points} margin={{ top: 8, right: 4, bottom: 0, left: -8 }}>
              <CartesianGrid vertical={false} stroke="#f1f5f9" />
              <XAxis dataKey="label" tickLine={false} axisLine={false} tick={{ fontSize: 10, fill: "#94a3b8" }} interval="preserveStartEnd" minTickGap={18} />
              <YAxis
                width={44}
                tickLine={false}
                axisLine={false}
                tick={{ fontSize: 10, fill: "#94a3b8" }}
                allowDecimals
                tickFormatter={(v: number) => `¥${Number.isInteger(v) ? v : v.toFixed(2)}`}
              />
              <Tooltip
                cursor={{ fill: "#fef3c7", opacity: 0.6 }}
                formatter={(v) => [`¥${Number(v).toFixed(2)}`, "预估收益"]}
                labelFormatter={(_, payload) => (payload?.[0]?.payload as { day?: string } | undefined)?.day ?? ""}
                contentStyle={{ fontSize: 12, borderRadius: 8, borderColor: "#e2e8f0" }}
              />
              <Bar dataKey="value" fill="#f59e0b" radius={[3, 3, 0, 0]} maxBarSize={14} />
            </BarChart>
          </ResponsiveContainer>
          {empty ? (
            <p className="pointer-events-none absolute inset-0 flex items-center justify-center text-sm text-slate-400">近 30 天还没有收益，快去分享推广链接吧</p>
          ) : null}
        </div>
      )}
      <p className="mt-2 text-[11px] text-slate-400">按订单付款时间（北京时间）统计，含预估、待结算、可提现和已提现的佣金。</p>
    </section>
  );
}
