"use client";
// 提现: the balance, the saved payout account, the amount; before the request is sent the member sees exactly what
// it will be (its final amount, the commission rows it takes, where it is paid, what is left), then confirms.
import { useMutation } from "@/lib/client/use-mutation";
import { formatYuan, isNegativeYuan } from "@/lib/client/format";
import type { Paged } from "@/lib/client/use-paged";
import type { Summary, Withdrawal, WithdrawalCreated, WithdrawalPreview } from "@/lib/contracts/earnings";
import { usePayoutAccount, useSummary, useWithdrawals } from "@/lib/client/hooks";
import { sendJson } from "@/lib/client/api";
import Link from "next/link";
import { useState } from "react";
import { ConfirmDialog, ConfirmLine } from "@/components/confirm-dialog";
import { Field, SubmitButton } from "@/components/form";
import { WithdrawalBadge } from "@/components/money-badges";
import { Empty, ErrorBox, Loading } from "@/components/states";
import { LoadMore } from "@/components/load-more";
import { parseYuanToFen } from "@/lib/money";
import { formatBeijing } from "@/lib/time";
import { PAYOUT_METHOD_LABEL, label } from "@/lib/labels";
import { PayoutAccountCard } from "./payout-account";

const AMOUNT = /^\d+(\.\d{1,2})?$/;

function WithdrawForm({ summary, onDone }: { summary: Summary | undefined; onDone: () => void }) {
  const [amount, setAmount] = useState("");
  const [preview, setPreview] = useState<WithdrawalPreview | null>(null);
  const { busy, error, fields, run, fail, clear } = useMutation("提交失败，请稍后再试");
  const [done, setDone] = useState<string | null>(null);
  const payout = usePayoutAccount();
  const account = payout.data?.account ?? null;

  const availableFen = summary ? parseYuanToFen(summary.available) : null;
  const minFen = summary ? parseYuanToFen(summary.minWithdrawal) : null;
  const tooLittle = availableFen !== null && minFen !== null && availableFen < minFen;

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    clear();
    setDone(null);
    const a = amount.trim();
    if (!AMOUNT.test(a) || parseYuanToFen(a) === 0) return fail(null, { amount: ["请输入提现金额，最多两位小数，如 10.00"] });
    if (!account) return fail(null, { account: ["请先在上方保存收款账户"] });
    await run(() => sendJson<WithdrawalPreview>("/api/me/withdrawals/preview", "POST", { amount: a }), { fallback: "暂时无法提交，请稍后再试", done: setPreview });
  }

  async function confirm() {
    if (!preview) return;
    await run(() => sendJson<WithdrawalCreated>("/api/me/withdrawals", "POST", { amount: preview.amount }), {
      done: (res) => {
        setDone(`已提交 ${formatYuan(res.amount)} 的提现申请（#${res.id}），审核通过后打款到你的${account ? PAYOUT_METHOD_LABEL[account.method] : "收款账户"}。`);
        setAmount("");
        onDone();
      },
    });
    // Sent or refused, the confirmation is over: a refusal shows its reason under the form.
    setPreview(null);
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200" data-testid="withdraw-form" noValidate>
      <div className="relative">
        <Field
          label="提现金额（元）"
          name="amount"
          inputMode="decimal"
          autoComplete="off"
          placeholder={summary ? `最低 ${summary.minWithdrawal}` : "0.00"}
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
          error={fields.amount?.[0]}
        />
        {summary && availableFen !== null && availableFen > 0 && !tooLittle ? (
          <button type="button" onClick={() => setAmount(summary.available)} className="absolute top-0 right-0 text-sm text-amber-700 underline">
            全部提现
          </button>
        ) : null}
      </div>
      {fields.account?.[0] ? <p className="text-xs text-red-600">{fields.account[0]}</p> : null}
      {tooLittle ? <p className="text-xs text-slate-500">可提现余额暂未达到最低提现金额 {formatYuan(summary!.minWithdrawal)}。</p> : null}
      {error && !Object.values(fields).flat().includes(error) ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700" data-testid="withdraw-error">
          {error}
        </p>
      ) : null}
      {done ? (
        <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-700" data-testid="withdraw-success">
          {done}
        </p>
      ) : null}
      <SubmitButton busy={busy && !preview}>申请提现</SubmitButton>
      <p className="text-[11px] leading-relaxed text-slate-400">
        提交前会显示最终金额。申请会占用相应的可提现佣金（显示为「提现中」），审核通常在 1–3 个工作日内完成；被驳回的会退回可提现。
      </p>
      {preview ? (
        <ConfirmDialog title="确认提现" confirmLabel={`确认提现 ${formatYuan(preview.amount)}`} busy={busy} onConfirm={confirm} onCancel={() => setPreview(null)} testId="withdraw-confirm">
          <ConfirmLine label="提现金额" testId="withdraw-confirm-amount">
            {formatYuan(preview.amount)}
          </ConfirmLine>
          {preview.account ? (
            <ConfirmLine label="打款到">
              {PAYOUT_METHOD_LABEL[preview.account.method]} {preview.account.bankName ?? ""} {preview.account.account}（{preview.account.realName}）
            </ConfirmLine>
          ) : null}
          <ConfirmLine label="占用佣金">
            {preview.rows.length} 笔{preview.rows.some((r) => r.split) ? "（最后一笔只占用一部分）" : ""}
          </ConfirmLine>
          <ConfirmLine label="提现后可提现余额" testId="withdraw-confirm-after">
            {formatYuan(preview.balanceAfter)}
          </ConfirmLine>
        </ConfirmDialog>
      ) : null}
    </form>
  );
}

function History({ paged }: { paged: Paged<Withdrawal> }) {
  const { items, error, isLoading, hasMore, loadMore, loadingMore, mutate } = paged;
  if (error) return <ErrorBox error={error} onRetry={() => mutate()} />;
  if (isLoading) return <Loading rows={2} />;
  if (items.length === 0) return <Empty title="还没有提现记录" />;
  return (
    <>
      <ul className="space-y-2" data-testid="withdrawals">
        {items.map((w) => (
          <li key={w.id} data-withdrawal-id={w.id} data-status={w.status} className="rounded-lg bg-white p-3 shadow-sm ring-1 ring-slate-200">
            <div className="flex items-center justify-between gap-3">
              <span className="text-lg font-semibold tabular-nums">{formatYuan(w.amount)}</span>
              <WithdrawalBadge status={w.status} />
            </div>
            <p className="mt-1 text-xs text-slate-600">
              {label(PAYOUT_METHOD_LABEL, w.method)}
              {w.bankName ? ` · ${w.bankName}` : ""} · <span className="font-mono">{w.account}</span>
              {w.realName ? ` · ${w.realName}` : ""}
            </p>
            <p className="mt-1 text-[11px] text-slate-400">
              #{w.id} · 申请 {formatBeijing(w.requestedAt)}
              {w.reviewedAt ? ` · 审核 ${formatBeijing(w.reviewedAt)}` : ""}
              {w.paidAt ? ` · 打款 ${formatBeijing(w.paidAt)}` : ""}
            </p>
            {w.note ? <p className={`mt-1 text-xs ${w.status === "rejected" ? "text-red-600" : "text-slate-600"}`}>{w.status === "rejected" ? `驳回原因：${w.note}` : `备注：${w.note}`}</p> : null}
            <Link href={`/me/earnings?withdrawal=${w.id}`} className="mt-1 inline-block text-[11px] text-amber-700 underline">
              查看这笔提现占用的佣金
            </Link>
          </li>
        ))}
      </ul>
      <LoadMore hasMore={hasMore} loading={loadingMore} onClick={loadMore} />
    </>
  );
}

export function WithdrawView() {
  const summary = useSummary();
  const history = useWithdrawals();
  const s = summary.data;
  return (
    <div className="space-y-4">
      {summary.error ? (
        <ErrorBox error={summary.error} onRetry={() => summary.mutate()} />
      ) : (
        <section className="rounded-xl bg-gradient-to-br from-amber-300 to-amber-400 p-4 text-slate-900 shadow-sm">
          <p className="text-sm opacity-80">可提现余额</p>
          <p className={`mt-1 text-3xl font-bold tabular-nums ${s && isNegativeYuan(s.available) ? "text-red-700" : ""}`} data-testid="summary-available">
            {s ? formatYuan(s.available) : "…"}
          </p>
          {s && isNegativeYuan(s.available) ? <p className="mt-1 text-xs">有佣金被扣回（见收益明细），余额为负，后续收益会先抵扣。</p> : null}
          <div className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs opacity-80">
            <span>最低提现 {s ? formatYuan(s.minWithdrawal) : "…"}</span>
            <span>
              提现中 <span data-testid="summary-in-review">{s ? formatYuan(s.inReview) : "…"}</span>
            </span>
            <span>
              累计已提现 <span data-testid="summary-withdrawn">{s ? formatYuan(s.withdrawn) : "…"}</span>
            </span>
          </div>
        </section>
      )}
      <PayoutAccountCard />
      <WithdrawForm
        summary={s}
        onDone={() => {
          summary.mutate();
          history.mutate();
        }}
      />
      <section>
        <h2 className="mb-2 font-medium">提现记录</h2>
        <History paged={history} />
      </section>
    </div>
  );
}
