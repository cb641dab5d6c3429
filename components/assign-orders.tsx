"use client";
// Assigns unattributed orders to a member (by sid, username or member id), with the reason the audit log keeps.
import { formatYuan } from "@/lib/client/format";
import type { AssignPreview, AssignResult } from "@/lib/contracts/orders";
import { sendJson } from "@/lib/client/api";
import { useMutation } from "@/lib/client/use-mutation";
import Link from "next/link";
import { useState } from "react";
import { ConfirmDialog, ConfirmLine } from "./confirm-dialog";

export function AssignOrdersForm({
  orderIds,
  onDone,
  compact = false,
}: {
  orderIds: string[];
  onDone?: (result: AssignResult) => void;
  compact?: boolean;
}) {
  const [member, setMember] = useState("");
  const [reason, setReason] = useState("");
  const { busy, error, fields, run, fail, clear } = useMutation();
  const fieldErrors = { member: fields.member?.[0], reason: fields.reason?.[0] };
  const [result, setResult] = useState<AssignResult | null>(null);
  const [preview, setPreview] = useState<AssignPreview | null>(null);

  /** The confirmation first: which orders go to whom, and the commission it creates for each member. */
  async function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    clear();
    setResult(null);
    const errors: Record<string, string[]> = {};
    if (!member.trim()) errors.member = ["请输入会员的 sid、用户名或会员 ID"];
    if (reason.trim().length < 2) errors.reason = ["请填写原因"];
    if (orderIds.length === 0) return fail("请先勾选要指定的订单");
    if (Object.keys(errors).length) return fail(null, errors);
    await run(() => sendJson<AssignPreview>("/api/admin/orders/assign/preview", "POST", { orderIds, member: member.trim() }), { done: setPreview });
  }

  async function confirm() {
    await run(() => sendJson<AssignResult>("/api/admin/orders/assign", "POST", { orderIds, member: member.trim(), reason: reason.trim() }), {
      done: (res) => {
        setResult(res);
        if (res.assigned.length) setReason("");
        onDone?.(res);
      },
    });
    // Done or refused, the confirmation is over: a refusal shows its reason under the form.
    setPreview(null);
  }

  const input = "mt-0.5 block rounded-md border border-slate-300 px-2 py-1.5 text-sm text-slate-900";
  return (
    <form onSubmit={submit} noValidate data-testid="assign-form" className={compact ? "space-y-2" : "space-y-3"}>
      <div className="flex flex-wrap items-start gap-2">
        <label className="text-xs text-slate-500">
          会员（sid / 用户名 / 会员 ID）
          <input
            value={member}
            onChange={(e) => setMember(e.target.value)}
            aria-invalid={fieldErrors.member ? true : undefined}
            className={`${input} w-64`}
            placeholder="例如 abc123 或 13800138000"
          />
          {fieldErrors.member ? <span className="mt-0.5 block text-red-600">{fieldErrors.member}</span> : null}
        </label>
        <label className="min-w-64 flex-1 text-xs text-slate-500">
          原因（必填，记入操作日志）
          <input
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            aria-invalid={fieldErrors.reason ? true : undefined}
            maxLength={500}
            className={`${input} w-full`}
            placeholder="例如：会员反馈下单时未带推广参数，已核实"
          />
          {fieldErrors.reason ? <span className="mt-0.5 block text-red-600">{fieldErrors.reason}</span> : null}
        </label>
        <button
          type="submit"
          disabled={busy || orderIds.length === 0}
          className="mt-4 rounded-md bg-amber-400 px-4 py-1.5 text-sm font-medium whitespace-nowrap text-slate-900 hover:bg-amber-300 disabled:opacity-50"
        >
          {busy ? "处理中…" : orderIds.length > 1 ? `指定 ${orderIds.length} 笔订单` : "指定会员"}
        </button>
      </div>
      {preview ? (
        <ConfirmDialog title={`指定 ${preview.assigned.length} 笔订单给 ${preview.member.username}？`} confirmLabel="确认指定" busy={busy} onConfirm={confirm} onCancel={() => setPreview(null)} testId="assign-dialog">
          <ConfirmLine label="会员">{preview.member.username}</ConfirmLine>
          <ConfirmLine label="订单">{preview.assigned.length} 笔{preview.skipped.length ? `（${preview.skipped.length} 笔不能指定，将跳过）` : ""}</ConfirmLine>
          <ConfirmLine label="按当前规则产生佣金" testId="assign-money-total">
            {formatYuan(preview.money.total)}
          </ConfirmLine>
          {preview.money.members.length ? (
            <ul className="space-y-0.5 text-xs text-slate-600">
              {preview.money.members.map((m) => (
                <li key={m.memberId} className="flex justify-between gap-2">
                  <span>{m.username ?? "会员"}</span>
                  <span className="tabular-nums">{formatYuan(m.change)}</span>
                </li>
              ))}
            </ul>
          ) : null}
          <ConfirmLine label="原因">{reason.trim()}</ConfirmLine>
        </ConfirmDialog>
      ) : null}
      {error ? (
        <p role="alert" className="text-sm text-red-600">
          {error}
        </p>
      ) : null}
      {result ? (
        <div role="status" data-testid="assign-result" className="rounded-md bg-slate-50 px-3 py-2 text-sm ring-1 ring-slate-200">
          {result.assigned.length ? (
            <p className="text-emerald-700">
              已指定 {result.assigned.length} 笔订单
              {member.trim() ? (
                <>
                  给 <b>{member.trim()}</b>
                </>
              ) : null}
              ，佣金已按当前规则计入。
            </p>
          ) : (
            <p className="text-slate-600">没有订单被指定。</p>
          )}
          {result.skipped.length ? (
            <ul className="mt-1 space-y-0.5 text-xs text-orange-700">
              {result.skipped.map((s) => (
                <li key={s.orderId}>
                  跳过{" "}
                  <Link href={`/admin/orders/${encodeURIComponent(s.orderId)}`} className="font-mono underline">
                    {s.orderId}
                  </Link>
                  ：{s.message}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </form>
  );
}
