"use client";
// 订单找回审核: claims the system could not decide on its own (no amount on the order, Meituan unreachable) wait
// here for an admin; the other tabs show what was decided automatically.
import { formatYuan } from "@/lib/client/format";
import type { AdminClaim } from "@/lib/contracts/promotion";
import { useAdminClaims } from "@/lib/client/hooks";
import { CLAIM_STATUSES } from "@/lib/contracts/enums";
import { AMOUNT_CHECK_TONE } from "@/lib/client/tones";
import { sendJson } from "@/lib/client/api";
import Link from "next/link";
import { MemberLink } from "@/components/member-link";
import { usePathname, useSearchParams } from "next/navigation";
import { useState } from "react";
import { DataTable, Th } from "@/components/data-table";
import { Flash } from "@/components/flash";
import { ListStates } from "@/components/list-states";
import { ReviewActions } from "@/components/review-actions";
import { StatusTabs } from "@/components/status-tabs";
import { ClaimBadge } from "@/components/promo-badges";
import { formatBeijing } from "@/lib/time";
import { AMOUNT_CHECK_LABEL, CLAIM_STATUS_LABEL } from "@/lib/labels";

const ACTIONS = ["approve", "reject"] as const;
type Action = (typeof ACTIONS)[number];
const REJECT_ONLY = ["reject"] as const;
const ACTION_LABEL: Record<Action, string> = { approve: "通过", reject: "驳回" };
const ACTION_STYLE: Record<Action, string> = {
  approve: "bg-emerald-600 text-white hover:bg-emerald-500",
  reject: "border border-red-300 bg-white text-red-700 hover:bg-red-50",
};

function Row({ c, onDone }: { c: AdminClaim; onDone: (message: string) => void }) {
  const who = c.member?.label ?? "会员";

  async function act(action: Action, note: string) {
    await sendJson(`/api/admin/claims/${c.id}/${action}`, "POST", note ? { note } : {});
    onDone(action === "approve" ? `已通过 ${who} 对订单 ${c.orderId} 的找回申请，订单已归属该会员` : `已驳回 ${who} 对订单 ${c.orderId} 的找回申请`);
  }

  return (
    <tr data-claim-id={c.id} data-status={c.status} className="align-top hover:bg-amber-50/40">
      <td className="px-3 py-2 whitespace-nowrap text-slate-600">{formatBeijing(c.createdAt)}</td>
      <td className="px-3 py-2">
        <MemberLink member={c.member} />
      </td>
      <td className="px-3 py-2 font-mono text-xs">
        <Link href={`/admin/orders/${encodeURIComponent(c.orderId)}`} className="underline" title="查看订单（核对实付金额与归属）">
          {c.orderId}
        </Link>
      </td>
      <td className="px-3 py-2 text-right font-medium whitespace-nowrap tabular-nums" data-label="申报实付">
        {formatYuan(c.payAmount)}
      </td>
      <td className="px-3 py-2 text-right whitespace-nowrap tabular-nums" data-testid="claim-order-amount" data-label="订单实付">
        {c.order?.payAmount ? formatYuan(c.order.payAmount) : "—"}
        <p className={`mt-0.5 max-w-40 text-[11px] whitespace-normal ${AMOUNT_CHECK_TONE[c.amountCheck]}`} data-amount-check={c.amountCheck}>
          {AMOUNT_CHECK_LABEL[c.amountCheck]}
        </p>
        {c.status === "review" && c.order?.attributed ? <p className="mt-0.5 text-[11px] text-red-700">订单已归属会员，不能通过</p> : null}
      </td>
      <td className="px-3 py-2">
        <ClaimBadge status={c.status} />
        {c.reviewedAt ? <p className="mt-1 text-[11px] whitespace-nowrap text-slate-400">审核 {formatBeijing(c.reviewedAt)}</p> : null}
      </td>
      <td className="max-w-64 px-3 py-2 text-xs text-slate-600">{c.reason}</td>
      <td className="px-3 py-2">
        {c.status === "review" ? (
          <ReviewActions
            // A claim whose amount does not match the order can only be rejected (the API refuses the approval too).
            actions={c.amountCheck === "mismatch" ? REJECT_ONLY : ACTIONS}
            labels={ACTION_LABEL}
            styles={ACTION_STYLE}
            placeholder="备注（选填，会员可见）"
            maxLength={500}
            className="min-w-56"
            onAct={act}
          />
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
  const { data, error, isLoading, mutate } = useAdminClaims(status);
  const [flash, setFlash] = useState<string | null>(null);
  const items = data?.items ?? [];
  const tabs: [string, string][] = [...CLAIM_STATUSES.map((s) => [s, CLAIM_STATUS_LABEL[s]] as [string, string]), ["all", "全部"]];

  return (
    <div>
      <div className="mb-4">
        <h1 className="text-xl font-semibold">订单找回</h1>
        <p className="mt-1 text-sm text-slate-500">
          会员提交订单号和实付金额找回未跟踪到的订单。金额一致且订单无归属时自动归属；已归属他人的订单一律不能找回；无法自动判断的（订单缺少实付金额、美团暂时查不到）在此人工审核，通过前会再次核对申报金额与订单实付金额，不符的不能通过。
        </p>
      </div>
      <StatusTabs
        tabs={tabs.map(([key, text]) => ({ key, text, href: key === "review" ? pathname : `${pathname}?status=${key}` }))}
        current={status}
        label="按状态筛选"
        className="mb-4"
        onSelect={() => setFlash(null)}
      />
      <Flash message={flash} className="mb-3" />
      <ListStates
        error={error}
        isLoading={isLoading}
        loadingRows={3}
        onRetry={() => mutate()}
        isEmpty={items.length === 0}
        emptyTitle={status === "review" ? "没有待审核的找回申请" : "没有符合条件的找回申请"}
      >
        <DataTable
          testId="admin-claims"
          head={
            <>
              <Th>申请时间（北京）</Th>
              <Th>会员</Th>
              <Th>订单号</Th>
              <Th className="text-right whitespace-nowrap">申报实付</Th>
              <Th className="text-right whitespace-nowrap">订单实付</Th>
              <Th>状态</Th>
              <Th>原因</Th>
              <Th>操作</Th>
            </>
          }
        >
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
        </DataTable>
      </ListStates>
      {items.length >= 200 ? <p className="py-3 text-center text-xs text-slate-400">仅显示最近 200 条</p> : null}
    </div>
  );
}
