"use client";
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { useState } from "react";
import { ApiCallError, sendJson, type AdminWithdrawal as BaseWithdrawal } from "@/components/earnings-api";
import { formatRate, type BulkApproveResult, type WithdrawalRisk } from "@/components/admin-api";
import { WithdrawalBadge } from "@/components/money-badges";
import { DataTable, Th } from "@/components/data-table";
import { Flash } from "@/components/flash";
import { ReviewActions } from "@/components/review-actions";
import { StatusTabs } from "@/components/status-tabs";
import { PagedList } from "@/components/paged-list";
import { usePaged } from "@/components/use-paged";
import { formatYuan } from "@/components/yuan";
import { formatBeijing } from "@/lib/time";
import { PAYOUT_METHOD_LABEL, WITHDRAWAL_STATUS_LABEL, WITHDRAWAL_STATUSES, label } from "@/lib/labels";

type AdminWithdrawal = BaseWithdrawal & { risk?: WithdrawalRisk | null };
type Action = "approve" | "reject" | "pay";

/** Refund rates above this and accounts younger than this many days are highlighted for the reviewer. */
const HIGH_REFUND_RATE = 0.3;
const NEW_ACCOUNT_DAYS = 7;

function RiskCell({ risk }: { risk: WithdrawalRisk | null | undefined }) {
  if (!risk) return <span className="text-xs text-slate-400">—</span>;
  const highRefund = risk.refundRate > HIGH_REFUND_RATE;
  const newAccount = risk.accountAgeDays < NEW_ACCOUNT_DAYS;
  return (
    <dl className="grid grid-cols-[auto_auto] gap-x-2 text-xs whitespace-nowrap" data-testid="risk" data-high-refund={highRefund} data-new-account={newAccount}>
      <dt className="text-slate-400">退款率</dt>
      <dd className={highRefund ? "font-semibold text-red-600" : "text-slate-700"} data-testid="risk-refund-rate">
        {formatRate(risk.refundRate)}
        {highRefund ? " ⚠" : ""}
      </dd>
      <dt className="text-slate-400">订单</dt>
      <dd className="text-slate-700">{risk.orders}</dd>
      <dt className="text-slate-400">下级</dt>
      <dd className="text-slate-700">{risk.downline}</dd>
      <dt className="text-slate-400">注册</dt>
      <dd className={newAccount ? "font-semibold text-orange-600" : "text-slate-700"} data-testid="risk-account-age">
        {risk.accountAgeDays} 天{newAccount ? "（新账号）" : ""}
      </dd>
    </dl>
  );
}
const ACTION_LABEL: Record<Action, string> = { approve: "通过", reject: "驳回", pay: "标记已打款" };
const ACTION_DONE: Record<Action, string> = { approve: "已通过", reject: "已驳回", pay: "已标记打款" };
/** What an admin can do to a withdrawal in each state; the API answers 409 for anything else. */
const ACTIONS: Record<string, Action[]> = { pending: ["approve", "reject"], approved: ["pay", "reject"] };
const ACTION_STYLE: Record<Action, string> = {
  approve: "bg-emerald-600 text-white hover:bg-emerald-500",
  reject: "border border-red-300 bg-white text-red-700 hover:bg-red-50",
  pay: "bg-slate-900 text-white hover:bg-slate-700",
};

function Row({
  w,
  onDone,
  selectable,
  selected,
  onToggle,
}: {
  w: AdminWithdrawal;
  onDone: (message: string) => void;
  selectable: boolean;
  selected: boolean;
  onToggle: () => void;
}) {
  const actions = ACTIONS[w.status] ?? [];

  async function act(action: Action, note: string) {
    await sendJson<AdminWithdrawal>(`/api/admin/withdrawals/${encodeURIComponent(w.id)}/${action}`, "POST", note ? { note } : {});
    onDone(`${w.memberUsername ?? w.memberId} 的 ${formatYuan(w.amount)} 提现${ACTION_DONE[action]}`);
  }

  return (
    <tr data-withdrawal-id={w.id} data-status={w.status} className={`align-top ${selected ? "bg-amber-50" : "hover:bg-amber-50/40"}`}>
      <td className="px-3 py-2">
        {selectable ? <input type="checkbox" checked={selected} onChange={onToggle} aria-label={`选择 ${w.memberUsername ?? w.memberId} 的提现`} /> : null}
      </td>
      <td className="px-3 py-2 whitespace-nowrap text-slate-600">{formatBeijing(w.requestedAt)}</td>
      <td className="px-3 py-2">
        <Link href={`/admin/members/${encodeURIComponent(w.memberId)}`} className="text-amber-700 underline" title="查看会员详情">
          {w.memberUsername ?? w.memberId}
        </Link>
        <Link href={`/admin/orders?memberId=${encodeURIComponent(w.memberId)}`} className="mt-0.5 block text-[11px] text-slate-400 underline">
          订单
        </Link>
      </td>
      <td className="px-3 py-2 text-right font-medium whitespace-nowrap tabular-nums">{formatYuan(w.amount)}</td>
      <td className="px-3 py-2 whitespace-nowrap">{label(PAYOUT_METHOD_LABEL, w.method)}</td>
      <td className="px-3 py-2 font-mono text-xs break-all">{w.account}</td>
      <td className="px-3 py-2">
        <RiskCell risk={w.risk} />
      </td>
      <td className="px-3 py-2">
        <WithdrawalBadge status={w.status} />
        {w.reviewedAt ? <p className="mt-1 text-[11px] whitespace-nowrap text-slate-400">审核 {formatBeijing(w.reviewedAt)}</p> : null}
        {w.paidAt ? <p className="text-[11px] whitespace-nowrap text-slate-400">打款 {formatBeijing(w.paidAt)}</p> : null}
      </td>
      <td className="max-w-48 px-3 py-2 text-xs text-slate-600">{w.note ?? "—"}</td>
      <td className="px-3 py-2">
        {actions.length ? (
          <ReviewActions
            actions={actions}
            labels={ACTION_LABEL}
            styles={ACTION_STYLE}
            placeholder={actions.includes("pay") ? "备注（选填，如打款流水号）" : "备注（选填，驳回时建议填写原因）"}
            maxLength={200}
            className="min-w-64"
            onAct={act}
          />
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
  const memberId = params.get("memberId");
  const query = new URLSearchParams({ limit: "50" });
  if (status !== "all") query.set("status", status);
  if (memberId) query.set("memberId", memberId);
  const list = usePaged<AdminWithdrawal>(`/api/admin/withdrawals?${query}`);
  const { items, mutate } = list;
  const [flash, setFlash] = useState<string | null>(null);
  const [failures, setFailures] = useState<BulkApproveResult["failed"]>([]);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [bulkNote, setBulkNote] = useState("");
  const [bulkBusy, setBulkBusy] = useState(false);
  const [bulkError, setBulkError] = useState<string | null>(null);
  const pendingIds = items.filter((w) => w.status === "pending").map((w) => w.id);
  const chosen = pendingIds.filter((id) => selected.has(id));
  const allChosen = pendingIds.length > 0 && chosen.length === pendingIds.length;

  function toggle(id: number) {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
  }

  async function bulkApprove() {
    setBulkBusy(true);
    setBulkError(null);
    setFlash(null);
    setFailures([]);
    try {
      const note = bulkNote.trim();
      const res = await sendJson<BulkApproveResult>("/api/admin/withdrawals/bulk-approve", "POST", note ? { ids: chosen, note } : { ids: chosen });
      setFlash(res.approved.length ? `已批量通过 ${res.approved.length} 笔提现${res.failed.length ? `，${res.failed.length} 笔未通过` : ""}` : "没有提现被通过");
      setFailures(res.failed);
      setSelected(new Set());
      setBulkNote("");
      mutate();
    } catch (e) {
      setBulkError(e instanceof ApiCallError ? e.message : "操作失败，请稍后再试");
    } finally {
      setBulkBusy(false);
    }
  }

  const tabQuery = (key: string) => {
    const q = new URLSearchParams();
    if (key !== "pending") q.set("status", key);
    if (memberId) q.set("memberId", memberId);
    return q.size ? `?${q}` : "";
  };
  const tabs: [string, string][] = [...WITHDRAWAL_STATUSES.map((s) => [s, WITHDRAWAL_STATUS_LABEL[s]] as [string, string]), ["all", "全部"]];
  return (
    <div>
      <div className="mb-4 flex items-baseline gap-3">
        <h1 className="text-xl font-semibold">提现审核</h1>
        {memberId ? (
          <span className="text-sm text-slate-500" data-testid="member-filter">
            仅显示会员{" "}
            <Link href={`/admin/members/${encodeURIComponent(memberId)}`} className="font-mono text-xs underline">
              {memberId}
            </Link>{" "}
            的提现 ·{" "}
            <Link href={status === "pending" ? pathname : `${pathname}?status=${status}`} className="underline">
              显示全部会员
            </Link>
          </span>
        ) : null}
      </div>
      <StatusTabs
        tabs={tabs.map(([key, text]) => ({ key, text, href: `${pathname}${tabQuery(key)}` }))}
        current={status}
        label="按状态筛选"
        className="mb-4"
        onSelect={() => {
          setFlash(null);
          setFailures([]);
          setSelected(new Set());
        }}
      />
      <Flash message={flash} className="mb-3" />
      {failures.length ? (
        <ul role="alert" className="mb-3 space-y-0.5 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 ring-1 ring-red-200" data-testid="bulk-failures">
          {failures.map((f) => (
            <li key={f.id}>
              提现 #{f.id}：{f.message}
            </li>
          ))}
        </ul>
      ) : null}
      {pendingIds.length ? (
        <div className="mb-3 flex flex-wrap items-center gap-2 rounded-lg bg-white px-3 py-2 ring-1 ring-slate-200" data-testid="bulk-bar">
          <span className="text-sm">
            已选 <b data-testid="bulk-count">{chosen.length}</b> 笔
          </span>
          <input
            value={bulkNote}
            onChange={(e) => setBulkNote(e.target.value)}
            aria-label="批量备注"
            placeholder="备注（选填，写入每一笔）"
            maxLength={200}
            className="w-64 rounded-md border border-slate-300 px-2 py-1 text-sm"
          />
          <button
            type="button"
            disabled={bulkBusy || chosen.length === 0}
            onClick={bulkApprove}
            className="rounded-md bg-emerald-600 px-3 py-1 text-sm font-medium text-white hover:bg-emerald-500 disabled:opacity-50"
          >
            {bulkBusy ? "处理中…" : "批量通过"}
          </button>
          {bulkError ? (
            <span role="alert" className="text-sm text-red-600">
              {bulkError}
            </span>
          ) : null}
          <span className="ml-auto text-xs text-slate-400">
            退款率高于 {formatRate(HIGH_REFUND_RATE)} 或注册不足 {NEW_ACCOUNT_DAYS} 天的会员会标出，请先核实再通过。
          </span>
        </div>
      ) : null}
      <PagedList
        list={list}
        loadingRows={4}
        emptyTitle={status === "pending" ? "没有待审核的提现申请" : "没有符合条件的提现记录"}
      >
        <DataTable
          testId="admin-withdrawals"
          head={
            <>
              <Th className="w-10">
                {pendingIds.length ? (
                  <input type="checkbox" aria-label="全选待审核" checked={allChosen} onChange={() => setSelected(allChosen ? new Set() : new Set(pendingIds))} />
                ) : null}
              </Th>
              <Th>申请时间（北京）</Th>
              <Th>会员</Th>
              <Th className="text-right">金额</Th>
              <Th>方式</Th>
              <Th>收款账号</Th>
              <Th>风险</Th>
              <Th>状态</Th>
              <Th>备注</Th>
              <Th>操作</Th>
            </>
          }
        >
          {items.map((w) => (
            <Row
              key={`${w.id}-${w.status}`}
              w={w}
              selectable={w.status === "pending"}
              selected={selected.has(w.id)}
              onToggle={() => toggle(w.id)}
              onDone={(m) => {
                setFlash(m);
                setFailures([]);
                mutate();
              }}
            />
          ))}
        </DataTable>
      </PagedList>
    </div>
  );
}
