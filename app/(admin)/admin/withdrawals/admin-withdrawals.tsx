"use client";
// 提现审核: every request with the member's balance beside it (what it leaves, how the orders it covers moved since),
// the payee, risk flags; each action confirmed with its amount and member; a request the balance no longer covers
// needs a reason. Bulk approve skips flagged requests; approved ones go out in payout batches (CSV).
import { useAdminWithdrawals } from "@/lib/client/hooks";
import { useOverridableAction } from "@/lib/client/use-overridable-action";
import { formatRate, formatYuan, isNegativeYuan } from "@/lib/client/format";
import type { AdminWithdrawal, BulkApproveResult, WithdrawalRisk } from "@/lib/contracts/earnings";
import { sendJson } from "@/lib/client/api";
import { useMutation } from "@/lib/client/use-mutation";
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { useState } from "react";
import { WithdrawalBadge } from "@/components/money-badges";
import { ConfirmDialog, ConfirmLine } from "@/components/confirm-dialog";
import { DataTable, Th } from "@/components/data-table";
import { Flash } from "@/components/flash";
import { StatusTabs } from "@/components/status-tabs";
import { PagedList } from "@/components/paged-list";
import { formatBeijing } from "@/lib/time";
import { WITHDRAWAL_STATUSES } from "@/lib/contracts/enums";
import { PAYOUT_METHOD_LABEL, WITHDRAWAL_STATUS_LABEL, label } from "@/lib/labels";
import { PayoutBatchesPanel } from "./payout-batches";

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
/** 张三 138****5678: how the console names a member. */
const memberOf = (w: AdminWithdrawal) => w.member?.label ?? "会员";

function Payee({ w }: { w: AdminWithdrawal }) {
  return (
    <span className="text-xs">
      <span className="font-medium text-slate-800">{label(PAYOUT_METHOD_LABEL, w.method)}</span>
      {w.bankName ? <span className="text-slate-600"> · {w.bankName}</span> : null}
      <span className="block font-mono text-slate-700">{w.account}</span>
      {w.realName ? <span className="text-slate-600">{w.realName}</span> : <span className="text-slate-400">（未留真实姓名）</span>}
    </span>
  );
}

function RiskCell({ risk }: { risk: WithdrawalRisk | null | undefined }) {
  if (!risk) return <span className="text-xs text-slate-400">—</span>;
  const flagged = risk.flags.length > 0;
  return (
    <div className="text-xs whitespace-nowrap" data-testid="risk" data-flagged={flagged}>
      <dl className="grid grid-cols-[auto_auto] gap-x-2">
        <dt className="text-slate-400">退款率</dt>
        <dd className={risk.refundRate > 0.3 ? "font-semibold text-red-600" : "text-slate-700"} data-testid="risk-refund-rate">
          {formatRate(risk.refundRate)}
        </dd>
        <dt className="text-slate-400">订单 / 下级</dt>
        <dd className="text-slate-700">
          {risk.orders} / {risk.downline}
        </dd>
        <dt className="text-slate-400">注册</dt>
        <dd className={risk.accountAgeDays < 7 ? "font-semibold text-orange-600" : "text-slate-700"} data-testid="risk-account-age">
          {risk.accountAgeDays} 天
        </dd>
      </dl>
      {flagged ? (
        <p className="mt-1 rounded bg-orange-50 px-1.5 py-0.5 text-orange-700 ring-1 ring-orange-200" data-testid="risk-flags">
          ⚠ {risk.flags.join("，")}
        </p>
      ) : null}
    </div>
  );
}

/** The member's balance beside an open request: what it leaves, and whether it still covers it. */
function BalanceCell({ w }: { w: AdminWithdrawal }) {
  const c = w.coverage;
  if (!c) return <span className="text-xs text-slate-400">{w.memberAvailable !== undefined ? `可提现 ${formatYuan(w.memberAvailable)}` : "—"}</span>;
  const moved = isNegativeYuan(c.changedSinceRequest);
  return (
    <div className="text-xs whitespace-nowrap" data-testid="balance" data-covered={c.covered}>
      <p className="text-slate-500">
        可提现（不含本笔） <b className="text-slate-800 tabular-nums">{formatYuan(c.availableWithout)}</b>
      </p>
      <p className="text-slate-500">
        扣除本笔后{" "}
        <b className={`tabular-nums ${c.covered ? "text-slate-800" : "text-red-600"}`} data-testid="balance-leaves">
          {formatYuan(c.leaves)}
        </b>
      </p>
      {moved ? (
        <p className="text-red-600" data-testid="balance-moved">
          本笔覆盖的订单此后被扣回 {formatYuan(c.changedSinceRequest.replace("-", ""))}
        </p>
      ) : null}
      {c.covered ? null : (
        <p className="mt-0.5 rounded bg-red-50 px-1.5 py-0.5 font-medium text-red-700 ring-1 ring-red-200" data-testid="balance-warning">
          ⚠ 余额不足，打款将多付 {formatYuan(c.leaves.replace("-", ""))}
        </p>
      )}
    </div>
  );
}

/** The confirmation of one action on one request; a 409 for the balance turns it into asking for a reason. */
function ReviewDialog({ w, action, onClose, onDone }: { w: AdminWithdrawal; action: Action; onClose: () => void; onDone: (message: string) => void }) {
  const [note, setNote] = useState("");
  const short = w.coverage !== null && w.coverage !== undefined && !w.coverage.covered && action !== "reject";
  const { reason, setReason, warning, needsReason, busy, error, run } = useOverridableAction(short ? "会员余额已不足以支付本笔，确认仍要执行请填写原因（记入操作日志和订单时间线）。" : null);
  const confirm = () =>
    run(async (overrideReason) => {
      await sendJson(`/api/admin/withdrawals/${encodeURIComponent(w.id)}/${action}`, "POST", { ...(note.trim() ? { note: note.trim() } : {}), ...(overrideReason ? { overrideReason } : {}) });
      onDone(`${memberOf(w)} 的 ${formatYuan(w.amount)} 提现${ACTION_DONE[action]}`);
    });

  return (
    <ConfirmDialog
      title={`确认${ACTION_LABEL[action]}这笔提现？`}
      confirmLabel={needsReason ? `仍要${ACTION_LABEL[action]}` : `确认${ACTION_LABEL[action]}`}
      danger={action === "reject" || needsReason}
      warning={warning}
      field={needsReason ? { label: "原因（必填）", placeholder: "例如：已与会员确认，差额从后续佣金中扣回", required: true, value: reason, onChange: setReason } : { label: action === "pay" ? "备注（选填，如打款流水号）" : action === "reject" ? "驳回原因（建议填写，会员可见）" : "备注（选填）", value: note, onChange: setNote }}
      busy={busy}
      error={error}
      onConfirm={confirm}
      onCancel={onClose}
    >
      <ConfirmLine label="会员">{memberOf(w)}</ConfirmLine>
      <ConfirmLine label="金额" testId="confirm-amount">
        {formatYuan(w.amount)}
      </ConfirmLine>
      <ConfirmLine label="收款">
        {label(PAYOUT_METHOD_LABEL, w.method)} {w.bankName ?? ""} {w.account} {w.realName ?? ""}
      </ConfirmLine>
      {w.coverage ? (
        <ConfirmLine label="会员可提现（扣除本笔后）">
          <span className={w.coverage.covered ? "" : "text-red-600"}>{formatYuan(w.coverage.leaves)}</span>
        </ConfirmLine>
      ) : null}
      {action === "reject" ? <p className="text-xs text-slate-500">驳回后，这笔提现占用的佣金退回会员的可提现余额。</p> : null}
      {action === "pay" ? <p className="text-xs text-slate-500">请确认已经把钱转到上面的账户。标记后这笔提现占用的佣金记为已提现。</p> : null}
    </ConfirmDialog>
  );
}

/** The request's action buttons, each opening its confirmation. */
function ReviewButtons({ w, onDone }: { w: AdminWithdrawal; onDone: (message: string) => void }) {
  const actions = ACTIONS[w.status] ?? [];
  const [open, setOpen] = useState<Action | null>(null);
  if (!actions.length) return <span className="text-xs text-slate-400">—</span>;
  return (
    <>
      <div className="flex gap-1.5">
        {actions.map((a) => (
          <button key={a} type="button" onClick={() => setOpen(a)} className={`rounded-md px-2.5 py-1 text-xs font-medium whitespace-nowrap ${ACTION_STYLE[a]}`}>
            {ACTION_LABEL[a]}
          </button>
        ))}
      </div>
      {open ? (
        <ReviewDialog
          w={w}
          action={open}
          onClose={() => setOpen(null)}
          onDone={(m) => {
            setOpen(null);
            onDone(m);
          }}
        />
      ) : null}
    </>
  );
}

function Notes({ w }: { w: AdminWithdrawal }) {
  return (
    <>
      {w.note ?? (w.overrideReason ? null : "—")}
      {w.overrideReason ? (
        <p className="mt-0.5 text-red-700" data-testid="override-reason">
          余额不足仍执行：{w.overrideReason}
        </p>
      ) : null}
    </>
  );
}

/** A request as a card, for a phone: the same facts and actions as a table row. */
function Card({ w, onDone, selectable, selected, onToggle }: { w: AdminWithdrawal; onDone: (message: string) => void; selectable: boolean; selected: boolean; onToggle: () => void }) {
  return (
    <li data-withdrawal-id={w.id} data-status={w.status} className={`rounded-lg p-3 ring-1 ring-slate-200 ${selected ? "bg-amber-50" : "bg-white"}`}>
      <div className="flex items-start justify-between gap-2">
        <label className="flex min-w-0 items-start gap-2">
          {selectable ? <input type="checkbox" checked={selected} onChange={onToggle} aria-label={`选择 ${memberOf(w)} 的提现`} className="mt-1" /> : null}
          <span className="min-w-0">
            <Link href={`/admin/members/${encodeURIComponent(w.memberId)}`} className="break-all text-amber-700 underline">
              {memberOf(w)}
            </Link>
            <span className="block text-[11px] text-slate-400">
              #{w.id} · {formatBeijing(w.requestedAt)}
            </span>
          </span>
        </label>
        <span className="shrink-0 text-right">
          <span className="block text-lg font-semibold tabular-nums" data-testid="withdrawal-amount">
            {formatYuan(w.amount)}
          </span>
          <WithdrawalBadge status={w.status} />
        </span>
      </div>
      <div className="mt-2 grid grid-cols-2 gap-3 border-t border-slate-100 pt-2">
        <BalanceCell w={w} />
        <Payee w={w} />
      </div>
      <div className="mt-2">
        <RiskCell risk={w.risk} />
      </div>
      {w.note || w.overrideReason ? (
        <div className="mt-2 text-xs text-slate-600">
          <Notes w={w} />
        </div>
      ) : null}
      <div className="mt-2 flex justify-end">
        <ReviewButtons w={w} onDone={onDone} />
      </div>
    </li>
  );
}

function Row({ w, onDone, selectable, selected, onToggle }: { w: AdminWithdrawal; onDone: (message: string) => void; selectable: boolean; selected: boolean; onToggle: () => void }) {
  return (
    <tr data-withdrawal-id={w.id} data-status={w.status} className={`align-top ${selected ? "bg-amber-50" : "hover:bg-amber-50/40"}`}>
      <td className="px-3 py-2">{selectable ? <input type="checkbox" checked={selected} onChange={onToggle} aria-label={`选择 ${memberOf(w)} 的提现`} /> : null}</td>
      <td className="px-3 py-2 whitespace-nowrap text-slate-600">
        {formatBeijing(w.requestedAt)}
        <span className="block text-[11px] text-slate-400">#{w.id}</span>
      </td>
      <td className="px-3 py-2">
        <Link href={`/admin/members/${encodeURIComponent(w.memberId)}`} className="text-amber-700 underline" title="查看会员详情">
          {memberOf(w)}
        </Link>
        <Link href={`/admin/orders?memberId=${encodeURIComponent(w.memberId)}`} className="mt-0.5 block text-[11px] text-slate-400 underline">
          订单
        </Link>
      </td>
      <td className="px-3 py-2 text-right font-medium whitespace-nowrap tabular-nums" data-testid="withdrawal-amount">
        {formatYuan(w.amount)}
      </td>
      <td className="px-3 py-2">
        <BalanceCell w={w} />
      </td>
      <td className="px-3 py-2">
        <Payee w={w} />
      </td>
      <td className="px-3 py-2">
        <RiskCell risk={w.risk} />
      </td>
      <td className="px-3 py-2">
        <WithdrawalBadge status={w.status} />
        {w.batchId ? <p className="mt-1 text-[11px] whitespace-nowrap text-slate-500">打款批次 #{w.batchId}</p> : null}
        {w.reviewedAt ? <p className="mt-1 text-[11px] whitespace-nowrap text-slate-400">审核 {formatBeijing(w.reviewedAt)}</p> : null}
        {w.paidAt ? <p className="text-[11px] whitespace-nowrap text-slate-400">打款 {formatBeijing(w.paidAt)}</p> : null}
      </td>
      <td className="max-w-48 px-3 py-2 text-xs text-slate-600">
        <Notes w={w} />
      </td>
      <td className="px-3 py-2">
        <ReviewButtons w={w} onDone={onDone} />
      </td>
    </tr>
  );
}

function BulkDialog({ chosen, onClose, onDone }: { chosen: AdminWithdrawal[]; onClose: () => void; onDone: (r: BulkApproveResult) => void }) {
  const [note, setNote] = useState("");
  const { busy, error, run } = useMutation();
  const totalFen = chosen.reduce((t, w) => t + Math.round(Number(w.amount) * 100), 0);
  const flagged = chosen.filter((w) => (w.risk?.flags.length ?? 0) > 0);
  const short = chosen.filter((w) => w.coverage && !w.coverage.covered);
  async function confirm() {
    const body = { ids: chosen.map((w) => w.id), ...(note.trim() ? { note: note.trim() } : {}) };
    await run(() => sendJson<BulkApproveResult>("/api/admin/withdrawals/bulk-approve", "POST", body), { done: onDone });
  }
  return (
    <ConfirmDialog title={`批量通过 ${chosen.length} 笔提现？`} confirmLabel="确认批量通过" field={{ label: "备注（选填，写入每一笔）", value: note, onChange: setNote }} busy={busy} error={error} onConfirm={confirm} onCancel={onClose} testId="bulk-dialog">
      <ConfirmLine label="笔数">{chosen.length} 笔</ConfirmLine>
      <ConfirmLine label="金额合计" testId="bulk-total">
        {formatYuan((totalFen / 100).toFixed(2))}
      </ConfirmLine>
      <ul className="max-h-40 space-y-0.5 overflow-y-auto text-xs text-slate-600">
        {chosen.map((w) => (
          <li key={w.id} className="flex justify-between gap-2">
            <span>
              #{w.id} {memberOf(w)}
            </span>
            <span className="tabular-nums">{formatYuan(w.amount)}</span>
          </li>
        ))}
      </ul>
      {flagged.length ? (
        <p className="rounded-md bg-orange-50 px-3 py-2 text-xs text-orange-800 ring-1 ring-orange-200">
          其中 {flagged.length} 笔有风险提示（{flagged.map((w) => `#${w.id}`).join("、")}），批量通过时会跳过，请逐笔核实后单独通过。
        </p>
      ) : null}
      {short.length ? (
        <p className="rounded-md bg-red-50 px-3 py-2 text-xs text-red-700 ring-1 ring-red-200">
          其中 {short.length} 笔会员余额已不足（{short.map((w) => `#${w.id}`).join("、")}），不会被通过，需单独处理并填写原因。
        </p>
      ) : null}
    </ConfirmDialog>
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
  const list = useAdminWithdrawals(query);
  const { items, mutate } = list;
  const [flash, setFlash] = useState<string | null>(null);
  const [bulkResult, setBulkResult] = useState<BulkApproveResult | null>(null);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [bulkOpen, setBulkOpen] = useState(false);
  const [single, setSingle] = useState<AdminWithdrawal | null>(null);
  const pending = items.filter((w) => w.status === "pending");
  const chosen = pending.filter((w) => selected.has(w.id));
  const allChosen = pending.length > 0 && chosen.length === pending.length;

  function toggle(id: number) {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
  }
  const done = (m: string) => {
    setFlash(m);
    setBulkResult(null);
    mutate();
  };
  /** What a request's table row and its phone card both take. */
  const itemProps = (w: AdminWithdrawal) => ({ w, selectable: w.status === "pending", selected: selected.has(w.id), onToggle: () => toggle(w.id), onDone: done });
  const reset = () => {
    setFlash(null);
    setBulkResult(null);
    setSelected(new Set());
  };

  const tabQuery = (key: string) => {
    const q = new URLSearchParams();
    if (key !== "pending") q.set("status", key);
    if (memberId) q.set("memberId", memberId);
    return q.size ? `?${q}` : "";
  };
  const tabs: [string, string][] = [...WITHDRAWAL_STATUSES.map((s) => [s, WITHDRAWAL_STATUS_LABEL[s]] as [string, string]), ["all", "全部"]];
  return (
    <div>
      <div className="mb-4 flex flex-wrap items-baseline gap-3">
        <h1 className="text-xl font-semibold">提现审核</h1>
        {memberId ? (
          <span className="text-sm text-slate-500" data-testid="member-filter">
            仅显示会员{" "}
            <Link href={`/admin/members/${encodeURIComponent(memberId)}`} className="underline">
              {items[0]?.member?.label ?? "（该会员）"}
            </Link>{" "}
            的提现 ·{" "}
            <Link href={status === "pending" ? pathname : `${pathname}?status=${status}`} className="underline">
              显示全部会员
            </Link>
          </span>
        ) : null}
      </div>
      <StatusTabs tabs={tabs.map(([key, text]) => ({ key, text, href: `${pathname}${tabQuery(key)}` }))} current={status} label="按状态筛选" className="mb-4" onSelect={reset} />
      <Flash message={flash} className="mb-3" />
      {bulkResult && (bulkResult.skipped.length || bulkResult.failed.length) ? (
        <div className="mb-3 space-y-2" data-testid="bulk-outcome">
          {bulkResult.skipped.length ? (
            <div className="rounded-md bg-orange-50 px-3 py-2 text-sm text-orange-800 ring-1 ring-orange-200" data-testid="bulk-skipped">
              <p className="font-medium">有风险提示、已跳过的 {bulkResult.skipped.length} 笔（请逐笔核实后单独通过）：</p>
              <ul className="mt-1 space-y-1">
                {bulkResult.skipped.map((s) => {
                  const w = items.find((x) => x.id === s.id);
                  return (
                    <li key={s.id} className="flex flex-wrap items-center gap-2">
                      <span>
                        #{s.id} {s.member ?? ""} {formatYuan(s.amount)} · {s.flags.join("，")}
                      </span>
                      {w && w.status === "pending" ? (
                        <button type="button" onClick={() => setSingle(w)} className="rounded border border-orange-300 bg-white px-2 py-0.5 text-xs text-orange-800 hover:bg-orange-100">
                          核实后通过
                        </button>
                      ) : null}
                    </li>
                  );
                })}
              </ul>
            </div>
          ) : null}
          {bulkResult.failed.length ? (
            <ul role="alert" className="space-y-0.5 rounded-md bg-red-50 px-3 py-2 text-sm whitespace-pre-line text-red-700 ring-1 ring-red-200" data-testid="bulk-failures">
              {bulkResult.failed.map((f) => (
                <li key={f.id}>
                  提现 #{f.id}：{f.message}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {pending.length ? (
        <div className="mb-3 flex flex-wrap items-center gap-2 rounded-lg bg-white px-3 py-2 ring-1 ring-slate-200" data-testid="bulk-bar">
          <span className="text-sm">
            已选 <b data-testid="bulk-count">{chosen.length}</b> 笔
          </span>
          <button
            type="button"
            disabled={chosen.length === 0}
            onClick={() => setBulkOpen(true)}
            className="rounded-md bg-emerald-600 px-3 py-1 text-sm font-medium text-white hover:bg-emerald-500 disabled:opacity-50"
          >
            批量通过
          </button>
          <span className="ml-auto text-xs text-slate-400">有风险提示（退款率高于 30% 或注册不足 7 天）的申请批量通过时会跳过，请逐笔核实。</span>
        </div>
      ) : null}
      {status === "approved" || status === "paid" ? <PayoutBatchesPanel onChanged={() => mutate()} /> : null}
      <PagedList list={list} loadingRows={4} emptyTitle={status === "pending" ? "没有待审核的提现申请" : "没有符合条件的提现记录"}>
        <div className="hidden md:block">
          <DataTable
            testId="admin-withdrawals"
            head={
              <>
                <Th className="w-10">{pending.length ? <input type="checkbox" aria-label="全选待审核" checked={allChosen} onChange={() => setSelected(allChosen ? new Set() : new Set(pending.map((w) => w.id)))} /> : null}</Th>
                <Th>申请时间（北京）</Th>
                <Th>会员</Th>
                <Th className="text-right">金额</Th>
                <Th>余额核对</Th>
                <Th>收款账户</Th>
                <Th>风险</Th>
                <Th>状态</Th>
                <Th className="whitespace-nowrap">备注</Th>
                <Th>操作</Th>
              </>
            }
          >
            {items.map((w) => (
              <Row key={`${w.id}-${w.status}`} {...itemProps(w)} />
            ))}
          </DataTable>
        </div>
        <ul className="space-y-2 md:hidden" data-testid="admin-withdrawal-cards">
          {items.map((w) => (
            <Card key={`${w.id}-${w.status}`} {...itemProps(w)} />
          ))}
        </ul>
      </PagedList>
      {bulkOpen ? (
        <BulkDialog
          chosen={chosen}
          onClose={() => setBulkOpen(false)}
          onDone={(r) => {
            setBulkOpen(false);
            setSelected(new Set());
            setBulkResult(r);
            setFlash(r.approved.length ? `已批量通过 ${r.approved.length} 笔提现${r.skipped.length ? `，${r.skipped.length} 笔有风险提示已跳过` : ""}${r.failed.length ? `，${r.failed.length} 笔未通过` : ""}` : "没有提现被通过");
            mutate();
          }}
        />
      ) : null}
      {single ? (
        <ReviewDialog
          w={single}
          action="approve"
          onClose={() => setSingle(null)}
          onDone={(m) => {
            setSingle(null);
            setBulkResult((r) => (r ? { ...r, skipped: r.skipped.filter((s) => s.id !== single.id) } : r));
            setFlash(m);
            mutate();
          }}
        />
      ) : null}
    </div>
  );
}
