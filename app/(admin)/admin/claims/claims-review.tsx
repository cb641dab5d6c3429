"use client";
// 订单找回审核: claims the system could not decide on its own (no amount on the order, Meituan unreachable) wait
// here for an admin; the other tabs show what was decided automatically.
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { useState } from "react";
import useSWR from "swr";
import { fetcher } from "@/components/fetcher";
import { ApiCallError, sendJson } from "@/components/earnings-api";
import { Empty, ErrorBox, Loading } from "@/components/states";
import { CLAIM_STATUS_LABEL, CLAIM_STATUSES, type AdminClaim } from "@/components/promo-api";
import { ClaimBadge } from "@/components/promo-badges";
import { formatYuan } from "@/components/yuan";
import { formatBeijing } from "@/lib/time";

type Action = "approve" | "reject";
const ACTION_LABEL: Record<Action, string> = { approve: "通过", reject: "驳回" };
const ACTION_STYLE: Record<Action, string> = {
  approve: "bg-emerald-600 text-white hover:bg-emerald-500",
  reject: "border border-red-300 bg-white text-red-700 hover:bg-red-50",
};

function Row({ c, onDone }: { c: AdminClaim; onDone: (message: string) => void }) {
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState<Action | null>(null);
  const [error, setError] = useState<string | null>(null);
  const who = c.memberUsername ?? c.memberId;

  async function act(action: Action) {
    setBusy(action);
    setError(null);
    try {
      const trimmed = note.trim();
      await sendJson(`/api/admin/claims/${c.id}/${action}`, "POST", trimmed ? { note: trimmed } : {});
      onDone(action === "approve" ? `已通过 ${who} 对订单 ${c.orderId} 的找回申请，订单已归属该会员` : `已驳回 ${who} 对订单 ${c.orderId} 的找回申请`);
    } catch (e) {
      setError(e instanceof ApiCallError ? e.message : "操作失败，请稍后再试");
    } finally {
      setBusy(null);
    }
  }

  return (
    <tr data-claim-id={c.id} data-status={c.status} className="align-top hover:bg-amber-50/40">
      <td className="px-3 py-2 whitespace-nowrap text-slate-600">{formatBeijing(c.createdAt)}</td>
      <td className="px-3 py-2">
        <Link href={`/admin/members/${encodeURIComponent(c.memberId)}`} className="text-amber-700 underline" title="查看会员详情">
          {who}
        </Link>
      </td>
      <td className="px-3 py-2 font-mono text-xs">
        <Link href={`/admin/orders/${encodeURIComponent(c.orderId)}`} className="underline" title="查看订单（核对实付金额与归属）">
          {c.orderId}
        </Link>
      </td>
      <td className="px-3 py-2 text-right font-medium whitespace-nowrap tabular-nums">{formatYuan(c.payAmount)}</td>
      <td className="px-3 py-2">
        <ClaimBadge status={c.status} />
        {c.reviewedAt ? <p className="mt-1 text-[11px] whitespace-nowrap text-slate-400">审核 {formatBeijing(c.reviewedAt)}</p> : null}
      </td>
      <td className="max-w-64 px-3 py-2 text-xs text-slate-600">{c.reason}</td>
      <td className="px-3 py-2">
        {c.status === "review" ? (
          <div className="flex min-w-56 flex-col gap-1.5">
            <input
              value={note}
              onChange={(e) => setNote(e.target.value)}
              placeholder="备注（选填，会员可见）"
              aria-label="备注"
              maxLength={500}
              className="rounded-md border border-slate-300 px-2 py-1 text-xs"
            />
            <div className="flex gap-1.5">
              {(["approve", "reject"] as const).map((a) => (
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

export function ClaimsReview() {
  const pathname = usePathname();
  const params = useSearchParams();
  const asked = params.get("status") ?? "review";
  const status = asked === "all" || (CLAIM_STATUSES as readonly string[]).includes(asked) ? asked : "review";
  const { data, error, isLoading, mutate } = useSWR<{ items: AdminClaim[] }>(`/api/admin/claims${status === "all" ? "" : `?status=${status}`}`, fetcher);
  const [flash, setFlash] = useState<string | null>(null);
  const items = data?.items ?? [];
  const tabs: [string, string][] = [...CLAIM_STATUSES.map((s) => [s, CLAIM_STATUS_LABEL[s]] as [string, string]), ["all", "全部"]];

  return (
    <div>
      <div className="mb-4">
        <h1 className="text-xl font-semibold">订单找回</h1>
        <p className="mt-1 text-sm text-slate-500">
          会员提交订单号和实付金额找回未跟踪到的订单。金额一致且订单无归属时自动归属；已归属他人的订单一律不能找回；无法自动判断的（订单缺少实付金额、美团暂时查不到）在此人工审核。
        </p>
      </div>
      <nav className="mb-4 flex flex-wrap gap-2" aria-label="按状态筛选">
        {tabs.map(([key, text]) => (
          <Link
            key={key}
            href={key === "review" ? pathname : `${pathname}?status=${key}`}
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
        <Loading rows={3} />
      ) : items.length === 0 ? (
        <Empty title={status === "review" ? "没有待审核的找回申请" : "没有符合条件的找回申请"} />
      ) : (
        <div className="overflow-x-auto rounded-lg bg-white ring-1 ring-slate-200">
          <table className="min-w-full text-sm" data-testid="admin-claims">
            <thead className="bg-slate-50 text-left text-xs text-slate-500">
              <tr>
                <th className="px-3 py-2">申请时间（北京）</th>
                <th className="px-3 py-2">会员</th>
                <th className="px-3 py-2">订单号</th>
                <th className="px-3 py-2 text-right">申报实付</th>
                <th className="px-3 py-2">状态</th>
                <th className="px-3 py-2">原因</th>
                <th className="px-3 py-2">操作</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {items.map((c) => (
                <Row
                  key={`${c.id}-${c.status}`}
                  c={c}
                  onDone={(m) => {
                    setFlash(m);
                    void mutate();
                  }}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {items.length >= 200 ? <p className="py-3 text-center text-xs text-slate-400">仅显示最近 200 条</p> : null}
    </div>
  );
}
