"use client";
// 订单找回: a member claims an order that was not tracked to them with its Meituan order number and the amount
// actually paid; the answer is immediate (归属 / 未通过) or the claim waits for an admin.
import { CLAIMS_KEY as KEY, useClaims } from "@/lib/client/hooks";
import { useMutation } from "@/lib/client/use-mutation";
import { formatYuan } from "@/lib/client/format";
import type { ClaimStatus } from "@/lib/contracts/enums";
import type { ClaimResult } from "@/lib/contracts/promotion";
import { CLAIM_RESULT_TONE } from "@/lib/client/tones";
import { type FieldErrors, sendJson } from "@/lib/client/api";
import Link from "next/link";
import { useState } from "react";
import { Field, SubmitButton } from "@/components/form";
import { Empty, ErrorBox, Loading } from "@/components/states";
import { ClaimBadge } from "@/components/promo-badges";
import { parseYuanToFen } from "@/lib/money";
import { formatBeijing } from "@/lib/time";

const ORDER_ID = /^\d{6,32}$/;
const AMOUNT = /^\d+(\.\d{1,2})?$/;

const RESULT_TITLE: Record<ClaimStatus, string> = {
  attributed: "找回成功：已归属",
  approved: "找回成功：已归属",
  review: "已提交人工审核",
  rejected: "未能找回",
};

function Result({ result, orderId }: { result: ClaimResult; orderId: string }) {
  const mine = result.status === "attributed" || result.status === "approved";
  return (
    <div role="status" className={`rounded-lg px-3 py-3 text-sm ring-1 ${CLAIM_RESULT_TONE[result.status] ?? CLAIM_RESULT_TONE.review}`} data-testid="claim-result" data-status={result.status}>
      <p className="font-medium">{RESULT_TITLE[result.status] ?? result.status}</p>
      <p className="mt-0.5 text-xs text-slate-500">订单号 {orderId}</p>
      <p className="mt-1" data-testid="claim-reason">
        {result.reason}
      </p>
      {mine ? (
        <Link href="/me/orders" className="mt-2 inline-block font-medium underline">
          去「我的订单」查看 ›
        </Link>
      ) : result.status === "review" ? (
        <p className="mt-1 text-xs">审核结果会显示在下方的找回记录中，一般 1–3 个工作日内处理。</p>
      ) : null}
    </div>
  );
}

function ClaimForm({ onDone }: { onDone: () => void }) {
  const [orderId, setOrderId] = useState("");
  const [payAmount, setPayAmount] = useState("");
  const { busy, error, fields, run, fail, clear } = useMutation("提交失败，请稍后再试");
  const [result, setResult] = useState<{ orderId: string; result: ClaimResult } | null>(null);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    clear();
    setResult(null);
    const id = orderId.replace(/\s+/g, "");
    const amount = payAmount.replace(/[\s¥￥元]/g, "");
    const bad: FieldErrors = {};
    if (!ORDER_ID.test(id)) bad.orderId = ["订单号应为 6–32 位数字，可在美团 App「订单详情」中复制"];
    if (!AMOUNT.test(amount) || !parseYuanToFen(amount)) bad.payAmount = ["请填写实付金额，最多两位小数，例如 28.80"];
    if (Object.keys(bad).length) return fail(null, bad);
    await run(() => sendJson<ClaimResult>(KEY, "POST", { orderId: id, payAmount: amount }), {
      done: (res) => {
        setResult({ orderId: id, result: res });
        if (res.status !== "rejected") {
          setOrderId("");
          setPayAmount("");
        }
        onDone();
      },
    });
  }

  const fieldMessages = Object.values(fields).flat();
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200" data-testid="claim-form">
      <Field
        label="美团订单号"
        name="orderId"
        inputMode="numeric"
        autoComplete="off"
        placeholder="如 601234567890123456"
        value={orderId}
        onChange={(e) => setOrderId(e.target.value)}
        error={fields.orderId?.[0]}
      />
      <Field
        label="实付金额（元）"
        name="payAmount"
        inputMode="decimal"
        autoComplete="off"
        placeholder="订单详情里的「实付」金额，如 28.80"
        value={payAmount}
        onChange={(e) => setPayAmount(e.target.value)}
        error={fields.payAmount?.[0]}
      />
      {error && !fieldMessages.includes(error) ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700" data-testid="claim-error">
          {error}
        </p>
      ) : null}
      {result ? <Result result={result.result} orderId={result.orderId} /> : null}
      <SubmitButton busy={busy}>提交找回</SubmitButton>
    </form>
  );
}

function History() {
  const { data, error, isLoading, mutate } = useClaims();
  if (error) return <ErrorBox error={error} onRetry={() => mutate()} />;
  if (isLoading || !data) return <Loading rows={2} />;
  if (data.items.length === 0) return <Empty title="还没有找回记录" />;
  return (
    <ul className="space-y-2" data-testid="claims">
      {data.items.map((c) => (
        <li key={c.id} data-claim-id={c.id} data-order-id={c.orderId} data-status={c.status} className="rounded-lg bg-white p-3 shadow-sm ring-1 ring-slate-200">
          <div className="flex items-center justify-between gap-3">
            <span className="min-w-0 font-mono text-xs break-all text-slate-700">{c.orderId}</span>
            <ClaimBadge status={c.status} />
          </div>
          <div className="mt-1 flex items-end justify-between gap-3">
            <p className={`text-xs ${c.status === "rejected" ? "text-red-600" : c.status === "review" ? "text-amber-700" : "text-emerald-700"}`}>{c.reason}</p>
            <span className="shrink-0 text-sm font-semibold tabular-nums">{formatYuan(c.payAmount)}</span>
          </div>
          <p className="mt-1 text-[11px] text-slate-400">
            提交 {formatBeijing(c.createdAt)}
            {c.reviewedAt ? ` · 审核 ${formatBeijing(c.reviewedAt)}` : ""}
          </p>
        </li>
      ))}
    </ul>
  );
}

export function ClaimView() {
  const { mutate } = useClaims();
  return (
    <div className="space-y-4">
      <section className="rounded-xl bg-gradient-to-br from-amber-300 to-amber-400 p-4 text-sm text-slate-900 shadow-sm">
        <p className="font-medium">好友通过你的链接下单，订单却没有出现？</p>
        <ul className="mt-2 list-disc space-y-1 pl-5 text-xs leading-relaxed opacity-90">
          <li>在美团 App 的订单详情中复制订单号，填写订单的实付金额（不是原价），提交后立即核对。</li>
          <li>订单号和金额都与美团一致、且订单没有归属任何推广者时，订单会归属于你，并按规则计算佣金。</li>
          <li>已跟踪到其他推广者的订单不能找回；暂时无法核实的订单会转人工审核。</li>
          <li>为防止滥用，每小时最多提交 5 次。</li>
        </ul>
      </section>
      <ClaimForm onDone={() => void mutate()} />
      <section>
        <h2 className="mb-2 text-sm font-medium text-slate-700">找回记录</h2>
        <History />
      </section>
    </div>
  );
}
