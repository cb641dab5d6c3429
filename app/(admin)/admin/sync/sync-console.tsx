"use client";
// 对账: start a reconciliation with Meituan's order API for a range of Beijing days and follow its runs.
import type { SyncRun, SyncStarted } from "@/lib/contracts/reconcile";
import { SYNC_STATUS_TONE } from "@/lib/client/tones";
import { durationLabel, STALE_HEARTBEAT_MS, syncRangeLabel } from "@/lib/client/sync";
import { useSyncRuns } from "@/lib/client/hooks";
import { useMutation } from "@/lib/client/use-mutation";
import { sendJson } from "@/lib/client/api";
import Link from "next/link";
import { useState } from "react";
import { Empty, ErrorBox, Loading } from "@/components/states";
import { Flash } from "@/components/flash";
import { beijingDay, formatBeijing } from "@/lib/time";
import { SYNC_STATUS_LABEL, SYNC_TRIGGER_LABEL } from "@/lib/labels";

/** After a start, the run row appears once the background job has taken its lease: poll up to this long for it. */
const WATCH_AFTER_START_MS = 10_000;
const MAX_DAYS = 92;

const daysAgo = (n: number) => beijingDay(new Date(Date.now() - n * 86_400_000));
const PRESETS: [string, () => [string, string]][] = [
  ["今天", () => [daysAgo(0), daysAgo(0)]],
  ["昨天", () => [daysAgo(1), daysAgo(1)]],
  ["近 3 天", () => [daysAgo(2), daysAgo(0)]],
  ["近 7 天", () => [daysAgo(6), daysAgo(0)]],
  ["近 30 天", () => [daysAgo(29), daysAgo(0)]],
];

const count = (n: number) => n.toLocaleString("zh-CN");

function spanDays(from: string, to: string) {
  return Math.round((new Date(`${to}T00:00:00Z`).getTime() - new Date(`${from}T00:00:00Z`).getTime()) / 86_400_000) + 1;
}

function CredentialsMissing() {
  return (
    <div role="alert" className="mb-4 rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-700" data-testid="sync-not-configured">
      <p className="font-medium">未配置美团 API 凭证：请设置 MEITUAN_APP_KEY / MEITUAN_API_SECRET</p>
      <p className="mt-1 text-xs text-red-600">
        设置后重启服务即可手动对账；定时对账也会自动开启。未配置时只能依靠美团的订单推送，推送丢失的订单无法补回。
      </p>
    </div>
  );
}

function SyncForm({ defaultFrom, defaultTo, disabled, onStarted }: { defaultFrom: string; defaultTo: string; disabled: boolean; onStarted: (s: SyncStarted) => void }) {
  const [from, setFrom] = useState(defaultFrom);
  const [to, setTo] = useState(defaultTo);
  const [byUpdateTime, setByUpdateTime] = useState(false);
  const { busy, error, fields, run, fail, clear } = useMutation("对账启动失败，请稍后再试");
  const [flash, setFlash] = useState<string | null>(null);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    clear();
    setFlash(null);
    if (!from || !to) return fail("请选择开始和结束日期");
    if (from > to) return fail(null, { to: ["开始日期不能晚于结束日期"] });
    if (spanDays(from, to) > MAX_DAYS) return fail(null, { from: [`一次最多对账 ${MAX_DAYS} 天（美团只提供近 3 个月的订单）`] });
    await run(() => sendJson<SyncStarted>("/api/admin/sync", "POST", { from, to, byUpdateTime }), {
      done: (res) => {
        setFlash(`已开始对账 ${from === to ? from : `${from} 至 ${to}`}，进度见下方列表。`);
        onStarted(res);
      },
    });
  }

  const fieldError = fields.from?.[0] ?? fields.to?.[0] ?? fields.byUpdateTime?.[0];
  return (
    <form onSubmit={onSubmit} noValidate className="rounded-lg bg-white p-4 ring-1 ring-slate-200" data-testid="sync-form">
      <div className="flex flex-wrap items-end gap-4">
        <label className="block text-sm">
          <span className="text-slate-600">开始日期</span>
          <input
            type="date"
            name="from"
            value={from}
            max={to || undefined}
            onChange={(e) => setFrom(e.target.value)}
            aria-invalid={fields.from ? true : undefined}
            className="mt-1 block rounded-md border border-slate-300 px-2 py-1.5 text-sm"
          />
        </label>
        <label className="block text-sm">
          <span className="text-slate-600">结束日期</span>
          <input
            type="date"
            name="to"
            value={to}
            min={from || undefined}
            onChange={(e) => setTo(e.target.value)}
            aria-invalid={fields.to ? true : undefined}
            className="mt-1 block rounded-md border border-slate-300 px-2 py-1.5 text-sm"
          />
        </label>
        <label className="flex items-center gap-2 pb-2 text-sm text-slate-700">
          <input type="checkbox" checked={byUpdateTime} onChange={(e) => setByUpdateTime(e.target.checked)} />
          按更新时间
        </label>
        <button
          type="submit"
          disabled={busy || disabled}
          className="rounded-md bg-slate-900 px-4 py-2 text-sm font-medium text-white hover:bg-slate-700 disabled:opacity-50"
        >
          {busy ? "启动中…" : "开始对账"}
        </button>
      </div>
      <div className="mt-3 flex flex-wrap items-center gap-1.5 text-xs">
        <span className="text-slate-400">快速选择：</span>
        {PRESETS.map(([text, range]) => (
          <button
            key={text}
            type="button"
            onClick={() => {
              const [f, t] = range();
              setFrom(f);
              setTo(t);
            }}
            className="rounded-full px-2.5 py-0.5 text-slate-600 ring-1 ring-slate-300 hover:bg-slate-50"
          >
            {text}
          </button>
        ))}
      </div>
      <p className="mt-3 text-xs leading-relaxed text-slate-500">
        日期为北京时间，按天拉取美团联盟的订单并与本地核对：补回推送丢失的订单（补单），更新订单状态，并以美团结算的佣金为准更新佣金。
        勾选「按更新时间」时按订单的最近更新时间查询，适合补查近期发生退款、完成的订单。一次最多 {MAX_DAYS} 天。
      </p>
      {fieldError ? <p className="mt-2 text-sm text-red-600">{fieldError}</p> : null}
      {error && error !== fieldError ? (
        <p role="alert" className="mt-2 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 ring-1 ring-red-200" data-testid="sync-error">
          {error}
        </p>
      ) : null}
      <Flash message={flash} className="mt-2" />
    </form>
  );
}

function Progress({ run }: { run: SyncRun }) {
  const total = Math.max(run.windowsTotal, 0);
  const percent = total ? Math.min(100, Math.round((run.windowsDone / total) * 100)) : run.status === "done" ? 100 : 0;
  const bar = run.status === "failed" ? "bg-red-400" : run.status === "done" ? "bg-emerald-500" : "bg-sky-500";
  return (
    <div className="min-w-36">
      <div
        role="progressbar"
        aria-label={`对账进度 #${run.id}`}
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={run.windowsDone}
        className="h-2 overflow-hidden rounded-full bg-slate-100"
        data-testid="run-progress"
      >
        <div className={`h-full rounded-full transition-[width] duration-500 ${bar} ${run.status === "running" ? "animate-pulse" : ""}`} style={{ width: `${percent}%` }} />
      </div>
      <p className="mt-1 text-[11px] whitespace-nowrap text-slate-500 tabular-nums">
        {run.windowsDone} / {total} 天 · {percent}%
      </p>
    </div>
  );
}

function RunRow({ run, now }: { run: SyncRun; now: number }) {
  const stale = run.status === "running" && now - new Date(run.heartbeatAt).getTime() > STALE_HEARTBEAT_MS;
  return (
    <tr data-run-id={run.id} data-status={run.status} className="align-top hover:bg-amber-50/40">
      <td className="px-3 py-2 text-slate-500 tabular-nums">#{run.id}</td>
      <td className="px-3 py-2 whitespace-nowrap">
        {syncRangeLabel(run.from, run.to)}
        <p className="text-[11px] text-slate-400">
          {run.byUpdateTime ? "按更新时间" : "按下单时间"} · {SYNC_TRIGGER_LABEL[run.trigger]}
        </p>
      </td>
      <td className="px-3 py-2">
        <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${SYNC_STATUS_TONE[run.status]}`} data-testid="run-status">
          {SYNC_STATUS_LABEL[run.status]}
        </span>
      </td>
      <td className="px-3 py-2">
        <Progress run={run} />
      </td>
      <td className="px-3 py-2 text-right tabular-nums" data-testid="run-seen">
        {count(run.seen)}
      </td>
      <td className={`px-3 py-2 text-right tabular-nums ${run.created > 0 ? "font-semibold text-orange-600" : ""}`} data-testid="run-created">
        {count(run.created)}
      </td>
      <td className="px-3 py-2 text-right tabular-nums" data-testid="run-status-changed">
        {count(run.statusChanged)}
      </td>
      <td className="px-3 py-2 text-right tabular-nums" data-testid="run-money-changed">
        {count(run.moneyChanged)}
      </td>
      <td className="px-3 py-2 text-xs whitespace-nowrap text-slate-600">
        {formatBeijing(run.startedAt, true)}
        <p className="text-[11px] text-slate-400">
          {run.finishedAt ? `用时 ${durationLabel(run.startedAt, run.finishedAt)}` : run.status === "running" ? `已运行 ${durationLabel(run.startedAt, new Date(now).toISOString())}` : "—"}
        </p>
      </td>
      <td className="max-w-72 px-3 py-2 text-xs">
        {run.error ? (
          <p className="break-words text-red-600" data-testid="run-error">
            {run.error}
          </p>
        ) : null}
        {run.status === "failed" ? <p className="mt-0.5 text-slate-500">再次对账同一范围会从中断处继续。</p> : null}
        {stale ? (
          <p className="text-orange-600" data-testid="run-stale">
            超过 {Math.round(STALE_HEARTBEAT_MS / 60_000)} 分钟没有心跳，进程可能已中断；稍后重新发起同一范围的对账会从断点继续。
          </p>
        ) : null}
        {!run.error && run.status !== "failed" && !stale ? <span className="text-slate-400">—</span> : null}
      </td>
    </tr>
  );
}

/** A start that has not shown up in the list yet: no run newer than `afterId`, none running, for a few seconds. */
function waitingFor(start: { until: number; afterId: number } | null, runs: SyncRun[] | undefined) {
  if (!start || Date.now() >= start.until || !runs) return Boolean(start && Date.now() < start.until);
  return !runs.some((r) => r.status === "running" || r.id > start.afterId);
}

export function SyncConsole({ defaultFrom, defaultTo }: { defaultFrom: string; defaultTo: string }) {
  const [start, setStart] = useState<{ until: number; afterId: number } | null>(null);
  const { data, error, isLoading, mutate } = useSyncRuns({
    // Every second while a run is going (or one was just started and is not listed yet), otherwise not at all.
    refreshInterval: (latest) => (latest?.items.some((r) => r.status === "running") || waitingFor(start, latest?.items) ? 1000 : 0),
    dedupingInterval: 500,
  });
  const runs = data?.items ?? [];
  const running = runs.some((r) => r.status === "running");
  const starting = !running && waitingFor(start, data?.items);
  const now = Date.now();

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <div className="flex items-baseline gap-3">
          <h1 className="text-xl font-semibold">对账</h1>
          {running ? (
            <span className="text-sm text-sky-700" data-testid="sync-running">
              对账进行中，每秒刷新
            </span>
          ) : starting ? (
            <span className="text-sm text-sky-700" data-testid="sync-starting">
              对账任务启动中…
            </span>
          ) : null}
        </div>
        <Link href="/admin?range=30d" className="text-sm text-amber-700 underline">
          查看各日推送缺口 ›
        </Link>
      </div>

      {data && !data.configured ? <CredentialsMissing /> : null}

      <SyncForm
        defaultFrom={defaultFrom}
        defaultTo={defaultTo}
        disabled={data ? !data.configured : false}
        onStarted={() => {
          setStart({ until: Date.now() + WATCH_AFTER_START_MS, afterId: runs[0]?.id ?? 0 });
          void mutate();
        }}
      />

      <section>
        <div className="mb-2 flex items-baseline justify-between">
          <h2 className="font-medium">最近的对账</h2>
          <button type="button" onClick={() => mutate()} className="text-sm text-slate-500 underline">
            刷新
          </button>
        </div>
        {error ? (
          <ErrorBox error={error} onRetry={() => mutate()} />
        ) : isLoading ? (
          <Loading rows={3} />
        ) : runs.length === 0 ? (
          starting ? <Loading rows={1} /> : <Empty title="还没有对账记录" hint={data?.configured ? "选择日期后点击「开始对账」。" : undefined} />
        ) : (
          <div className="overflow-x-auto rounded-lg bg-white ring-1 ring-slate-200">
            <table className="min-w-full text-sm" data-testid="sync-runs">
              <thead className="bg-slate-50 text-left text-xs text-slate-500">
                <tr>
                  <th className="px-3 py-2">编号</th>
                  <th className="px-3 py-2">范围（北京时间）</th>
                  <th className="px-3 py-2">状态</th>
                  <th className="px-3 py-2">进度</th>
                  <th className="px-3 py-2 text-right">订单</th>
                  <th className="px-3 py-2 text-right" title="美团有、但没有收到推送的订单（推送缺口）">
                    补单
                  </th>
                  <th className="px-3 py-2 text-right">状态更新</th>
                  <th className="px-3 py-2 text-right">佣金更新</th>
                  <th className="px-3 py-2">开始时间</th>
                  <th className="px-3 py-2">说明</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {runs.map((r) => (
                  <RunRow key={r.id} run={r} now={now} />
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p className="mt-2 text-xs text-slate-400">
          订单：美团返回的订单数；补单：美团有但没有收到推送、本次补回的订单；状态更新：状态向前推进的订单；佣金更新：按美团结算佣金重算的订单。
        </p>
      </section>
    </div>
  );
}
