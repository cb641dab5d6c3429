"use client";
// The order's raw pushes in two lists, each paged on its own: Meituan's (signature valid) first, then the
// refused requests naming this order (bad sign, unreadable), collapsed. Anyone can send requests naming an
// order, so however many are forged, Meituan's pushes stay on top and complete.
import { useOrderPushes } from "@/lib/client/hooks";
import { useMutation } from "@/lib/client/use-mutation";
import { sendJson } from "@/lib/client/api";
import type { ReprocessResult } from "@/lib/contracts/inbox";
import type { AdminOrderDetail, Push } from "@/lib/contracts/orders";
import { label, PUSH_OUTCOME_LABEL, REPROCESS_OUTCOME_LABEL } from "@/lib/labels";
import { ListStates } from "@/components/list-states";
import { LoadMore } from "@/components/load-more";
import { formatBeijing } from "@/lib/time";

function ReprocessButton({ pushId, disabled, onDone }: { pushId: number; disabled: boolean; onDone: () => void }) {
  const { busy, result, run: start } = useMutation();
  const run = () =>
    start(() => sendJson<ReprocessResult>(`/api/admin/pushes/${pushId}/reprocess`, "POST", {}), {
      done: (res) => {
        onDone();
        return { ok: res.outcome !== "failed", text: `重新处理结果：${REPROCESS_OUTCOME_LABEL[res.outcome]}${res.error ? `（${res.error}）` : ""}` };
      },
    });
  return (
    <span className="ml-auto flex items-center gap-2">
      {result ? (
        <span role="status" data-testid="reprocess-result" className={`text-xs ${result.ok ? "text-emerald-700" : "text-red-600"}`}>
          {result.text}
        </span>
      ) : null}
      <button
        type="button"
        onClick={run}
        disabled={busy || disabled}
        title={disabled ? "签名错误的推送不能重新处理" : "按当前订单状态重新处理这条推送"}
        className="rounded-md border border-slate-300 bg-white px-2 py-0.5 text-xs text-slate-700 hover:bg-slate-50 disabled:opacity-40"
      >
        {busy ? "处理中…" : "重新处理"}
      </button>
    </span>
  );
}

function PushItem({ p, onChanged }: { p: Push; onChanged: () => void }) {
  return (
    <li id={`push-${p.id}`} data-push-id={p.id} data-outcome={p.outcome} className="rounded-lg bg-white p-3 text-sm ring-1 ring-slate-200 target:ring-2 target:ring-amber-400">
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-mono text-xs">#{p.id}</span>
        <span className="text-slate-500">{formatBeijing(p.receivedAt, true)}</span>
        <span className={p.signatureValid ? "text-emerald-700" : "text-red-700"}>{p.signatureValid ? "签名正确" : "签名错误"}</span>
        <span>{label(PUSH_OUTCOME_LABEL, p.outcome)}</span>
        {p.error ? <span className="text-xs break-all text-red-600">{p.error}</span> : null}
        <span className="text-xs text-slate-400">
          {p.remoteAddr ?? ""} {p.contentType ?? ""} {p.processingMs !== null ? `${p.processingMs} ms` : ""}
        </span>
        {p.signatureValid ? <ReprocessButton pushId={p.id} disabled={false} onDone={onChanged} /> : null}
      </div>
      {p.body !== undefined ? (
        <details className="mt-2">
          <summary className="cursor-pointer text-xs text-slate-500">查看原始报文{p.bodyTruncated ? "（已截断）" : ""}</summary>
          <pre className="mt-1 overflow-x-auto rounded bg-slate-900 p-2 text-xs break-all whitespace-pre-wrap text-slate-100">{p.body}</pre>
        </details>
      ) : null}
    </li>
  );
}

function PushList({ orderId, signature, testId, emptyTitle, onChanged }: { orderId: string; signature: "valid" | "invalid"; testId: string; emptyTitle: string; onChanged: () => void }) {
  const { items, error, isLoading, loadingMore, hasMore, loadMore, mutate } = useOrderPushes(orderId, signature);
  return (
    <ListStates error={error} isLoading={isLoading} loadingRows={2} onRetry={() => mutate()} isEmpty={items.length === 0} emptyTitle={emptyTitle}>
      <ul className="space-y-2" data-testid={testId}>
        {items.map((p) => (
          <PushItem
            key={p.id}
            p={p}
            onChanged={() => {
              onChanged();
              void mutate();
            }}
          />
        ))}
      </ul>
      {hasMore || items.length > 50 ? <LoadMore hasMore={hasMore} loading={loadingMore} onClick={loadMore} /> : null}
    </ListStates>
  );
}

export function OrderPushes({ orderId, counts, onChanged }: { orderId: string; counts: AdminOrderDetail["pushCounts"] | undefined; onChanged: () => void }) {
  return (
    <>
      <section>
        <h2 className="mb-1 font-semibold">美团推送（{counts?.valid ?? "…"}）</h2>
        <p className="mb-2 text-xs text-slate-500">签名正确的原始推送，按收到的先后排列。</p>
        <PushList orderId={orderId} signature="valid" testId="pushes" emptyTitle="没有签名正确的推送（订单来自对账或人工指定）" onChanged={onChanged} />
      </section>
      <section data-testid="rejected-pushes-section">
        <details>
          <summary className="cursor-pointer font-semibold">
            被拒收的请求（{counts?.invalid ?? "…"}）
            <span className="ml-2 text-xs font-normal text-slate-500">签名错误或无法解析、声称是这笔订单的请求；不影响订单，保留一段时间后自动清理</span>
          </summary>
          <div className="mt-2">
            <PushList orderId={orderId} signature="invalid" testId="rejected-pushes" emptyTitle="没有被拒收的请求" onChanged={onChanged} />
          </div>
        </details>
      </section>
    </>
  );
}
