"use client";
// 收款账户: saved once (支付宝 account and real name, 微信号 and real name, or bank, card number and holder) and used by
// every withdrawal; shown masked.
import { PAYOUT_ACCOUNT_KEY, usePayoutAccount } from "@/lib/client/hooks";
import { useMutation } from "@/lib/client/use-mutation";
import { PayoutAccountSchema, type PayoutAccount } from "@/lib/contracts/earnings";
import { invalidInput } from "@/lib/contracts/common";
import { sendJson } from "@/lib/client/api";
import { useState } from "react";
import { Field, SubmitButton } from "@/components/form";
import { PAYOUT_METHODS, type PayoutMethod } from "@/lib/contracts/enums";
import { PAYOUT_ACCOUNT_LABEL, PAYOUT_METHOD_LABEL, PAYOUT_NAME_LABEL } from "@/lib/labels";

const BANKS = ["工商银行", "建设银行", "农业银行", "中国银行", "交通银行", "招商银行", "邮储银行", "兴业银行", "浦发银行", "中信银行", "民生银行", "光大银行", "平安银行", "广发银行"];

function AccountForm({ current, onSaved, onCancel }: { current: PayoutAccount | null; onSaved: () => void; onCancel?: () => void }) {
  const [method, setMethod] = useState<PayoutMethod>(current?.method ?? "alipay");
  const [account, setAccount] = useState("");
  const [realName, setRealName] = useState(current?.realName ?? "");
  const [bankName, setBankName] = useState(current?.bankName ?? "");
  const { busy, error, fields, run, fail } = useMutation("保存失败，请稍后再试");

  async function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const body = { method, account: account.trim(), realName: realName.trim(), ...(method === "bank" ? { bankName: bankName.trim() } : {}) };
    // The API's own check, so a mistyped card number is caught without a round trip.
    const checked = PayoutAccountSchema.safeParse(body);
    if (!checked.success) {
      const bad = invalidInput(checked.error);
      return fail(bad.message, bad.fields);
    }
    await run(() => sendJson(PAYOUT_ACCOUNT_KEY, "PUT", body), { done: onSaved });
  }

  return (
    <form onSubmit={submit} className="space-y-3" data-testid="payout-form" noValidate>
      <fieldset>
        <legend className="text-sm font-medium text-slate-700">收款方式</legend>
        <div className="mt-1 grid grid-cols-3 gap-2">
          {PAYOUT_METHODS.map((m) => (
            <label
              key={m}
              className={`flex cursor-pointer items-center justify-center rounded-md border px-2 py-2 text-sm ${method === m ? "border-amber-400 bg-amber-50 font-medium text-amber-800" : "border-slate-300 text-slate-600"}`}
            >
              <input type="radio" name="method" value={m} checked={method === m} onChange={() => setMethod(m)} className="sr-only" />
              {PAYOUT_METHOD_LABEL[m]}
            </label>
          ))}
        </div>
      </fieldset>
      {method === "bank" ? (
        <div>
          <Field label="开户银行" name="bankName" list="banks" autoComplete="off" value={bankName} onChange={(e) => setBankName(e.target.value)} error={fields.bankName?.[0]} placeholder="如 招商银行" />
          <datalist id="banks">
            {BANKS.map((b) => (
              <option key={b} value={b} />
            ))}
          </datalist>
        </div>
      ) : null}
      <Field
        label={PAYOUT_ACCOUNT_LABEL[method]}
        name="account"
        autoComplete="off"
        inputMode={method === "bank" ? "numeric" : undefined}
        value={account}
        onChange={(e) => setAccount(e.target.value)}
        error={fields.account?.[0]}
        placeholder={current ? `当前 ${current.account}，如需更换请重新填写` : undefined}
      />
      <Field label={PAYOUT_NAME_LABEL[method]} name="realName" autoComplete="name" value={realName} onChange={(e) => setRealName(e.target.value)} error={fields.realName?.[0]} />
      {error && !Object.values(fields).flat().includes(error) ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </p>
      ) : null}
      <SubmitButton busy={busy}>保存收款账户</SubmitButton>
      {onCancel ? (
        <button type="button" onClick={onCancel} className="w-full text-sm text-slate-500 underline">
          取消
        </button>
      ) : null}
      <p className="text-[11px] leading-relaxed text-slate-400">姓名须与收款账户的实名一致，否则打款会失败。账户只用于给你打款，列表里只显示部分号码。</p>
    </form>
  );
}

export function PayoutAccountCard() {
  const { data, mutate } = usePayoutAccount();
  const [editing, setEditing] = useState(false);
  const account = data?.account ?? null;
  return (
    <section className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200" data-testid="payout-account">
      <div className="mb-2 flex items-center justify-between">
        <h2 className="font-medium">收款账户</h2>
        {account && !editing ? (
          <button type="button" onClick={() => setEditing(true)} className="text-sm text-amber-700 underline">
            修改
          </button>
        ) : null}
      </div>
      {!data ? (
        <div className="h-10 animate-pulse rounded bg-slate-100" />
      ) : account && !editing ? (
        <p className="text-sm" data-testid="payout-saved">
          <span className="font-medium">{PAYOUT_METHOD_LABEL[account.method]}</span>
          {account.bankName ? ` · ${account.bankName}` : ""} · <span className="font-mono">{account.account}</span> · {account.realName}
        </p>
      ) : (
        <AccountForm
          current={account}
          onSaved={() => {
            setEditing(false);
            mutate();
          }}
          onCancel={account ? () => setEditing(false) : undefined}
        />
      )}
    </section>
  );
}

