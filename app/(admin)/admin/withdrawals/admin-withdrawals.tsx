"use client";
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { useState } from "react";
import { ApiCallError, sendJson, type AdminWithdrawal } from "@/components/earnings-api";
import { WithdrawalBadge } from "@/components/money-badges";
import { PAYOUT_METHOD_LABEL, WITHDRAWAL_STATUS_LABEL, WITHDRAWAL_STATUSES, label } from "@/components/money-labels";
import { Empty, ErrorBox, Loading } from "@/components/states";
import { LoadMore } from "@/components/load-more";
import { usePaged } from "@/components/use-paged";
import { formatYuan } from "@/components/yuan";
import { formatBeijing } from "@/lib/time";

type Action = "approve" | "reject" | "pay";
const ACTION_LABEL: Record<Action, string> = { approve: "通过", reject: "驳回", pay: "标记已打款" };
const ACTION_DONE: Record<Action, string> = { approve: "已通过", reject: "已驳回", pay: "已标记打款" };
/** What an admin can do to a withdrawal in each state; the API answers 409 for anything else. */
const ACTIONS: Record<string, Action[]> = { pending: ["approve", "reject"], approved: ["pay", "reject"] };
const ACTION_STYLE: Record<Action, string> = {
  approve: "bg-emerald-600 text-white hover:bg-emerald-500",
  reject: "border border-red-300 bg-white text-red-700 hover:bg-red-50",
  pay: "bg-slate-900 text-white hover:bg-slate-700",
};

function Row({ w, onDone }: { w: AdminWithdrawal; onDone: (message: string) => void }) {
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState<Action | null>(null);
  const [error, setError] = useState<string | null>(null);
  const actions = ACTIONS[w.status] ?? [];

  async function act(action: Action) {
    setBusy(action);
    setError(null);
    try {
      const trimmed = note.trim();
      await sendJson<AdminWithdrawal>(`/api/admin/withdrawals/${encodeURIComponent(w.id)}/${action}`, "POST", trimmed ? { note: trimmed } : {});
      setNote("");
      onDone(`${w.memberUsername ?? w.memberId} 的 ${formatYuan(w.amount)} 提现${ACTION_DONE[action]}`);
    } catch (e) {
      setError(e instanceof ApiCallError ? e.message : "操作失败，请稍后再试");
    } finally {
      setBusy(null);
    }
  }

  return (
    <tr data-withdrawal-id={w.id} data-status={w.status} className="align-top hover:bg-amber-50/40">
      <td className="px-3 py-2 whitespace-nowrap text-slate-600">{formatBeijing(w.requestedAt)}</td>
      <td className="px-3 py-2">
        <Link href={`/admin/orders?memberId=${encodeURIComponent(w.memberId)}`} className="text-amber-700 underline" title="查看该会员的订单">
          {w.memberUsername ?? w.memberId}
        </Link>
      </td>
      <td className="px-3 py-2 text-right font-medium whitespace-nowrap tabular-nums">{formatYuan(w.amount)}</td>
      <td className="px-3 py-2 whitespace-nowrap">{label(PAYOUT_METHOD_LABEL, w.method)}</td>
      <td className="px-3 py-2 font-mono text-xs break-all">{w.account}</td>
      <td className="px-3 py-2">
        <WithdrawalBadge status={w.status} />
        {w.reviewedAt ? <p className="mt-1 text-[11px] whitespace-nowrap text-slate-400">审核 {formatBeijing(w.reviewedAt)}</p> : null}
        {w.paidAt ? <p className="text-[11px] whitespace-nowrap text-slate-400">打款 {formatBeijing(w.paidAt)}</p> : null}
      </td>
      <td className="max-w-48 px-3 py-2 text-xs text-slate-600">{w.note ?? "—"}</td>
      <td className="px-3 py-2">
        {actions.length ? (
          <div className="flex min-w-64 flex-col gap-1.5">
            <input
              value={note}
              onChange={(e) => setNote(e.target.value)}
              placeholder={actions.includes("pay") ? "备注（选填，如打款流水号）" : "备注（选填，驳回时建议填写原因）"}
              aria-label="备注"
              maxLength={200}
              className="rounded-md border border-slate-300 px-2 py-1 text-xs"
            />
            <div className="flex gap-1.5">
              {actions.map((a) => (
                <button
                  key={a}
                  type="button"
                  disabled={busy !== null}
                  onClick={() => act(a)}
                  className={`rounded-md px-2.5 py-1 text-xs font-medium whitespace-nowrap disabled:opacity-50 ${ACTION_STYLE[a]}`}
                >
                  {busy === a ? "处理中…" : ACTION_LABEL[a]}
                </button>
              ))}
            </div>
            {error ? (
              <p role="alert" className="text-xs text-red-600">
                {error}
              </p>
            ) : null}
          </div>
        ) : (
          <span className="text-xs text-slate-400">—</span>
        )}
      </td>
    </tr>
  );
}

export function AdminWithdrawals() {
  const pathname = usePathname();
  const params = useSearchParams();
  const status = params.get("status") ?? "pending";
  const query = new URLSearchParams({ limit: "50" });
  if (status !== "all") query.set("status", status);
  const { items, error, isLoading, hasMore, loadMore, loadingMore, mutate } = usePaged<AdminWithdrawal>(`/api/admin/withdrawals?${query}`);
  const [flash, setFlash] = useState<string | null>(null);

  const tabs: [string, string][] = [...WITHDRAWAL_STATUSES.map((s) => [s, WITHDRAWAL_STATUS_LABEL[s]] as [string, string]), ["all", "全部"]];
  return (
    <div>
      <h1 className="mb-4 text-xl font-semibold">提现审核</h1>
      <nav className="mb-4 flex flex-wrap gap-2" aria-label="按状态筛选">
        {tabs.map(([key, text]) => (
          <Link
            key={key}
            href={key === "pending" ? pathname : `${pathname}?status=${key}`}
            aria-current={status === key ? "page" : undefined}
            onClick={() => setFlash(null)}
            className={`rounded-full px-3 py-1 text-sm ring-1 ${status === key ? "bg-slate-900 text-white ring-slate-900" : "bg-white text-slate-600 ring-slate-300 hover:bg-slate-50"}`}
          >
            {text}
          </Link>
        ))}
      </nav>
      {flash ? (
        <p role="status" className="mb-3 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-700 ring-1 ring-emerald-200">
          {flash}
        </p>
      ) : null}
      {error ? (
        <ErrorBox error={error} onRetry={() => mutate()} />
      ) : isLoading ? (
        <Loading rows={4} />
      ) : items.length === 0 ? (
        <Empty title={status === "pending" ? "没有待审核的提现申请" : "没有符合条件的提现记录"} />
      ) : (
        <div className="overflow-x-auto rounded-lg bg-white ring-1 ring-slate-200">
          <table className="min-w-full text-sm" data-testid="admin-withdrawals">
            <thead className="bg-slate-50 text-left text-xs text-slate-500">
              <tr>
                <th className="px-3 py-2">申请时间（北京）</th>
                <th className="px-3 py-2">会员</th>
                <th className="px-3 py-2 text-right">金额</th>
                <th className="px-3 py-2">方式</th>
                <th className="px-3 py-2">收款账号</th>
                <th className="px-3 py-2">状态</th>
                <th className="px-3 py-2">备注</th>
                <th className="px-3 py-2">操作</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {items.map((w) => (
                <Row
                  key={`${w.id}-${w.status}`}
                  w={w}
                  onDone={(m) => {
                    setFlash(m);
                    mutate();
                  }}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {items.length > 0 ? <LoadMore hasMore={hasMore} loading={loadingMore} onClick={loadMore} /> : null}
    </div>
  );
}
