"use client";
// 推送日志: every push Meituan sent (kept even when rejected), with its raw body; reprocessing one, all failed
// ones, or a range of days after a dry run that shows what would change.
import { useInboxPushes } from "@/lib/client/hooks";
import { useMutation } from "@/lib/client/use-mutation";
import { sendJson } from "@/lib/client/api";
import type { InboxPush, RangeResult, ReprocessFailedResult, ReprocessResult } from "@/lib/contracts/inbox";
import { formatYuan, outcomeSummary } from "@/lib/client/format";
import { PUSH_OUTCOMES } from "@/lib/contracts/enums";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { Fragment, useState } from "react";
import { OutcomeBadge } from "@/components/admin-badges";
import { DataTable, Th } from "@/components/data-table";
import { DateRangeFilter, FilterForm, FilterInput, FilterSelect, pickParams } from "@/components/filter-form";
import { StatusTabs, type Tab } from "@/components/status-tabs";
import { PagedList } from "@/components/paged-list";
import { OrderLink } from "@/components/order-cells";
import { beijingDay, formatBeijing } from "@/lib/time";
import { PUSH_OUTCOME_LABEL, REPROCESS_OUTCOME_LABEL, ORDER_STATUS_LABEL, SIGN_VARIANT_LABEL, label } from "@/lib/labels";

const FILTERS = ["signFailed", "failed", "outcome", "orderId", "from", "to"] as const;
const statusLabel = (s: string | null) => (s ? label(ORDER_STATUS_LABEL, s) : "（无）");

function PushRow({ p, onChanged }: { p: InboxPush; onChanged: () => void }) {
  const [open, setOpen] = useState(false);
  const { busy, result, run } = useMutation();

  const reprocess = () =>
    run(() => sendJson<ReprocessResult>(`/api/admin/pushes/${p.id}/reprocess`, "POST", {}), {
      done: (res) => {
        onChanged();
        return { ok: res.outcome !== "failed", text: `${REPROCESS_OUTCOME_LABEL[res.outcome]}${res.error ? `：${res.error}` : ""}` };
      },
    });

  return (
    <Fragment>
      <tr data-push-id={p.id} data-outcome={p.outcome} className="hover:bg-amber-50/40">
        <td className="px-3 py-2 font-mono text-xs text-slate-500">#{p.id}</td>
        <td className="px-3 py-2 whitespace-nowrap text-slate-600">{formatBeijing(p.receivedAt, true)}</td>
        <td className="px-3 py-2 whitespace-nowrap">
          {p.signatureValid ? (
            <span className="text-emerald-700">正确</span>
          ) : (
            <span className="font-medium text-red-600" data-testid="sign-failed">
              错误
            </span>
          )}
          {p.signVariant ? <span className="ml-1 text-[11px] text-slate-400">{label(SIGN_VARIANT_LABEL, p.signVariant)}</span> : null}
        </td>
        <td className="px-3 py-2">
          <OutcomeBadge outcome={p.outcome} />
        </td>
        <td className="px-3 py-2 font-mono text-xs">
          {p.orderId ? (
            <OrderLink orderId={p.orderId} />
          ) : (
            <span className="font-sans text-slate-400">—</span>
          )}
        </td>
        <td className="max-w-64 min-w-24 px-3 py-2 text-xs break-words text-red-600">{p.error ?? ""}</td>
        <td className="px-3 py-2 text-xs whitespace-nowrap text-slate-500">
          {p.remoteAddr ?? "—"}
          {p.processingMs !== null ? <span className="ml-1 text-slate-400">· {p.processingMs} ms</span> : null}
        </td>
        <td className="px-3 py-2">
          <div className="flex items-center gap-1.5 whitespace-nowrap">
            <button
              type="button"
              onClick={() => setOpen(!open)}
              aria-expanded={open}
              className="rounded-md px-2 py-0.5 text-xs text-slate-600 underline hover:text-slate-900"
            >
              {open ? "收起报文" : "查看报文"}
            </button>
            <button
              type="button"
              onClick={reprocess}
              disabled={busy || !p.signatureValid}
              title={p.signatureValid ? "按订单当前状态重新处理这条推送" : "签名错误的推送不能重新处理"}
              className="rounded-md border border-slate-300 bg-white px-2 py-0.5 text-xs text-slate-700 hover:bg-slate-50 disabled:opacity-40"
            >
              {busy ? "处理中…" : "重新处理"}
            </button>
          </div>
          {result ? (
            <p role="status" data-testid="reprocess-result" className={`mt-1 text-xs ${result.ok ? "text-emerald-700" : "text-red-600"}`}>
              {result.text}
            </p>
          ) : null}
        </td>
      </tr>
      {open ? (
        <tr className="bg-slate-50">
          <td colSpan={8} className="px-3 py-2">
            <div className="mb-1 flex gap-3 text-[11px] text-slate-500">
              <span>内容类型：{p.contentType ?? "—"}</span>
              {p.bodyTruncated ? <span className="text-orange-600">报文过长，只显示开头部分</span> : null}
            </div>
            <pre data-testid="push-body" className="max-h-80 overflow-auto rounded bg-slate-900 p-2 text-xs whitespace-pre-wrap break-all text-slate-100">
              {p.body === undefined || p.body === "" ? "（空报文）" : p.body}
            </pre>
          </td>
        </tr>
      ) : null}
    </Fragment>
  );
}

function ReprocessFailed({ onChanged }: { onChanged: () => void }) {
  const { busy, result, run: start } = useMutation();
  const run = () =>
    start(() => sendJson<ReprocessFailedResult>("/api/admin/pushes/reprocess-failed", "POST", {}), {
      done: (res) => {
        onChanged();
        return res.processed ? `已重新处理 ${res.processed} 条：${outcomeSummary(res.outcomes)}` : "没有等待重试的失败推送。";
      },
    });
  return (
    <div className="flex items-center gap-3">
      {result ? (
        <span role="status" data-testid="reprocess-failed-result" className={`text-sm ${result.ok ? "text-emerald-700" : "text-red-600"}`}>
          {result.text}
        </span>
      ) : null}
      <button type="button" onClick={run} disabled={busy} className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700 disabled:opacity-60">
        {busy ? "处理中…" : "重新处理全部失败"}
      </button>
    </div>
  );
}

function RangeOutcome({ result, done }: { result: RangeResult; done: boolean }) {
  const moved = result.changes.filter((c) => c.from !== c.to).length;
  return (
    <div className="mt-3 space-y-2 text-sm" data-testid={done ? "range-result" : "dry-run-result"}>
      <p className={done ? "text-emerald-700" : "text-slate-700"}>
        {done ? "已重新处理" : "将重新处理"} <b>{result.pushes}</b> 条推送（{outcomeSummary(result.outcomes)}）；
        {moved ? (
          <>
            {done ? "改变了" : "会改变"} <b data-testid="status-changes">{moved}</b> 条推送对应订单的状态。
          </>
        ) : (
          <>{done ? "没有订单状态发生变化。" : "不会改变任何订单的状态。"}</>
        )}
      </p>
      {result.money ? (
        <div className={`rounded-md px-3 py-2 ${result.money.memberCount ? "bg-amber-50 ring-1 ring-amber-200" : "bg-slate-50"}`} data-testid="range-money">
          {result.money.memberCount ? (
            <>
              <p>
                {done ? "改变了" : "会改变"} <b>{result.money.memberCount}</b> 位会员的佣金，合计 <b>{formatYuan(result.money.total)}</b>：
              </p>
              <ul className="mt-1 grid gap-x-4 text-xs text-slate-600 sm:grid-cols-2">
                {result.money.members.map((m) => (
                  <li key={m.memberId} className="flex justify-between gap-2">
                    <span>{m.username ?? "会员"}</span>
                    <span className="tabular-nums">{formatYuan(m.change)}</span>
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p className="text-slate-600">{done ? "没有会员的佣金发生变化。" : "不会改变任何会员的佣金。"}</p>
          )}
        </div>
      ) : null}
      {result.changes.length ? (
        <div className="max-h-72 overflow-auto rounded-md ring-1 ring-slate-200">
          <table className="min-w-full text-sm">
            <thead className="sticky top-0 bg-slate-50 text-left text-xs text-slate-500">
              <tr>
                <th className="px-3 py-1.5">推送</th>
                <th className="px-3 py-1.5">订单号</th>
                <th className="px-3 py-1.5">结果</th>
                <th className="px-3 py-1.5">状态变化</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 bg-white">
              {result.changes.map((c, i) => (
                <tr key={`${c.pushId}-${i}`} data-change-push-id={c.pushId} className={c.from !== c.to ? "bg-amber-50" : "text-slate-500"}>
                  <td className="px-3 py-1.5 font-mono text-xs text-slate-500">#{c.pushId}</td>
                  <td className="px-3 py-1.5 font-mono text-xs">
                    {c.orderId ? (
                      <OrderLink orderId={c.orderId} />
                    ) : (
                      "—"
                    )}
                  </td>
                  <td className="px-3 py-1.5">
                    <OutcomeBadge outcome={c.outcome} />
                  </td>
                  <td className="px-3 py-1.5">
                    {c.from === c.to ? (
                      <span>{statusLabel(c.to)}（不变）</span>
                    ) : (
                      <>
                        {statusLabel(c.from)} → <b>{statusLabel(c.to)}</b>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}

function DryRunPanel({ onChanged, onClose }: { onChanged: () => void; onClose: () => void }) {
  const today = beijingDay(new Date());
  const [from, setFrom] = useState(today);
  const [to, setTo] = useState(today);
  const [running, setRunning] = useState<"preview" | "run" | null>(null);
  const { busy: sending, error, run, fail, clear } = useMutation();
  const busy = sending ? running : null;
  const [preview, setPreview] = useState<{ from: string; to: string; result: RangeResult } | null>(null);
  const [done, setDone] = useState<RangeResult | null>(null);
  const previewed = preview !== null && preview.from === from && preview.to === to;

  async function call(kind: "preview" | "run") {
    clear();
    if (!from || !to) return fail("请选择开始和结束日期");
    if (from > to) return fail("开始日期不能晚于结束日期");
    setRunning(kind);
    if (kind === "preview") {
      setDone(null);
      await run(() => sendJson<RangeResult>("/api/admin/pushes/dry-run", "POST", { from, to }), { done: (result) => setPreview({ from, to, result }) });
    } else {
      await run(() => sendJson<RangeResult>("/api/admin/pushes/reprocess-range", "POST", { from, to }), {
        done: (result) => {
          setDone(result);
          setPreview(null);
          onChanged();
        },
      });
    }
  }

  return (
    <section className="mb-4 rounded-lg bg-white p-4 ring-1 ring-slate-200" data-testid="dry-run-panel">
      <div className="flex items-center justify-between">
        <h2 className="font-medium">按时间重新处理</h2>
        <button type="button" onClick={onClose} className="text-sm text-slate-500 underline">
          收起
        </button>
      </div>
      <p className="mt-0.5 text-xs text-slate-500">
        把某段时间（按接收时间，北京日期）收到的签名正确的推送重新处理一遍。先预览会改变什么（不做任何修改），确认后再执行。
      </p>
      <div className="mt-3 flex flex-wrap items-end gap-2">
        <label className="text-xs text-slate-500">
          开始日期
          <input type="date" value={from} max={today} onChange={(e) => setFrom(e.target.value)} className="block rounded-md border border-slate-300 px-2 py-1.5 text-sm" />
        </label>
        <label className="text-xs text-slate-500">
          结束日期
          <input type="date" value={to} max={today} onChange={(e) => setTo(e.target.value)} className="block rounded-md border border-slate-300 px-2 py-1.5 text-sm" />
        </label>
        <button
          type="button"
          onClick={() => call("preview")}
          disabled={busy !== null}
          className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm text-slate-700 hover:bg-slate-50 disabled:opacity-60"
        >
          {busy === "preview" ? "预览中…" : "预览"}
        </button>
        <button
          type="button"
          onClick={() => call("run")}
          disabled={busy !== null || !previewed}
          title={previewed ? undefined : "请先预览这个时间段"}
          className="rounded-md bg-amber-400 px-3 py-1.5 text-sm font-medium text-slate-900 hover:bg-amber-300 disabled:opacity-50"
        >
          {busy === "run" ? "执行中…" : "确认执行"}
        </button>
      </div>
      {error ? (
        <p role="alert" className="mt-2 text-sm text-red-600">
          {error}
        </p>
      ) : null}
      {preview && previewed ? <RangeOutcome result={preview.result} done={false} /> : null}
      {done ? <RangeOutcome result={done} done /> : null}
    </section>
  );
}

export function PushInbox() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const query = pickParams(params, FILTERS);
  const tab = params.get("signFailed") === "1" ? "signFailed" : params.get("failed") === "1" ? "failed" : "all";
  query.set("limit", "50");
  const list = useInboxPushes(query);
  const { items, mutate } = list;
  const [rangeOpen, setRangeOpen] = useState(false);

  function apply(fields: URLSearchParams) {
    const next = new URLSearchParams(tab === "all" ? {} : { [tab]: "1" });
    for (const [k, v] of fields) next.set(k, v);
    router.push(`${pathname}${next.size ? `?${next}` : ""}`);
  }

  const tabs: Tab[] = [
    { key: "all", text: "全部", href: pathname },
    { key: "signFailed", text: "签名失败", href: `${pathname}?signFailed=1` },
    { key: "failed", text: "处理失败待重试", href: `${pathname}?failed=1` },
  ];
  return (
    <div>
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-xl font-semibold">推送日志</h1>
        <div className="flex items-center gap-2">
          <ReprocessFailed onChanged={() => mutate()} />
          <button
            type="button"
            aria-expanded={rangeOpen}
            onClick={() => setRangeOpen(!rangeOpen)}
            className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm text-slate-700 hover:bg-slate-50"
          >
            按时间重新处理…
          </button>
        </div>
      </div>

      {rangeOpen ? <DryRunPanel onChanged={() => mutate()} onClose={() => setRangeOpen(false)} /> : null}

      <StatusTabs tabs={tabs} current={tab} label="推送分类" className="mb-3" />

      <FilterForm keys={["outcome", "orderId", "from", "to"]} onApply={apply}>
        <FilterSelect label="处理结果" name="outcome" options={PUSH_OUTCOMES.map((o) => [o, PUSH_OUTCOME_LABEL[o]] as const)} />
        <FilterInput label="订单号" name="orderId" width="w-52" placeholder="美团订单号" />
        <DateRangeFilter />
      </FilterForm>

      <PagedList
        list={list}
        loadingRows={6}
        emptyTitle={tab === "failed" ? "没有等待重试的失败推送" : tab === "signFailed" ? "没有签名失败的推送" : "没有符合条件的推送"}
        emptyHint={tab === "all" ? "确认美团联盟后台已配置回调地址，推送到达后会记录在这里。" : undefined}
      >
        <DataTable
          testId="pushes-table"
          head={
            <>
              <Th>ID</Th>
              <Th>接收时间（北京）</Th>
              <Th>签名</Th>
              <Th>处理结果</Th>
              <Th>订单号</Th>
              <Th>错误</Th>
              <Th>来源 · 耗时</Th>
              <Th>操作</Th>
            </>
          }
        >
          {items.map((p) => (
            <PushRow key={p.id} p={p} onChanged={() => mutate()} />
          ))}
        </DataTable>
      </PagedList>
    </div>
  );
}
