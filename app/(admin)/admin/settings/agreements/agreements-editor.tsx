"use client";
// 用户协议 / 隐私政策: the operator edits the plain text members accept at registration. Each save is a new version;
// members who registered earlier keep the version they accepted (recorded on their consent).
import Link from "next/link";
import { useState } from "react";
import { AGREEMENTS_KEY, useAgreements } from "@/lib/client/hooks";
import { sendJson } from "@/lib/client/api";
import { useMutation } from "@/lib/client/use-mutation";
import { AGREEMENT_MAX_CHARS, AgreementBody, type Agreement, type Agreements } from "@/lib/contracts/agreements";
import { invalidInput } from "@/lib/contracts/common";
import { AGREEMENT_KINDS } from "@/lib/contracts/enums";
import { paragraphsOf } from "@/lib/agreements/text";
import { AGREEMENT_KIND_LABEL } from "@/lib/labels";
import { formatBeijing } from "@/lib/time";
import { ErrorBox, Loading } from "@/components/states";
import { mutate } from "swr";

const PUBLIC_PATH = { terms: "/terms", privacy: "/privacy" } as const;

function Editor({ agreement }: { agreement: Agreement }) {
  const [body, setBody] = useState(agreement.body);
  const { busy, error, fields, result, run, fail, clearField } = useMutation("保存失败，请稍后再试");
  const dirty = body.trim() !== agreement.body;
  const name = AGREEMENT_KIND_LABEL[agreement.kind];

  async function save(e: React.FormEvent) {
    e.preventDefault();
    const input = { kind: agreement.kind, body, baseVersion: agreement.version };
    const checked = AgreementBody.safeParse(input);
    if (!checked.success) {
      const bad = invalidInput(checked.error);
      return fail(bad.message, bad.fields);
    }
    await run(() => sendJson<Agreements>(AGREEMENTS_KEY, "PUT", input), {
      done: (saved) => {
        void mutate(AGREEMENTS_KEY, saved, { revalidate: false });
        return `已保存为第 ${saved[agreement.kind].version} 版，新注册的会员将看到并同意这一版`;
      },
    });
  }

  return (
    <form onSubmit={save} className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200" data-testid={`agreement-${agreement.kind}`}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="text-base font-semibold">{name}</h2>
        <p className="text-xs text-slate-500">
          当前第 <b className="tabular-nums">{agreement.version}</b> 版 ·{" "}
          {agreement.updatedAt ? `${formatBeijing(agreement.updatedAt)} 由 ${agreement.updatedBy ?? "管理员"} 保存` : "平台默认文本，尚未修改"} ·{" "}
          <Link href={PUBLIC_PATH[agreement.kind]} target="_blank" className="text-amber-700 underline">
            查看公开页面
          </Link>
        </p>
      </div>
      <div className="mt-3 grid gap-4 lg:grid-cols-2">
        <label className="block text-sm text-slate-600">
          正文（纯文本，空一行分段）
          <textarea
            name="body"
            value={body}
            onChange={(e) => {
              setBody(e.target.value);
              clearField("body");
            }}
            rows={16}
            maxLength={AGREEMENT_MAX_CHARS}
            aria-invalid={fields.body ? true : undefined}
            className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 font-sans text-sm leading-relaxed text-slate-900 focus:border-amber-500 focus:ring-2 focus:ring-amber-200 focus:outline-none"
          />
          <span className="mt-1 flex justify-between text-xs text-slate-400">
            <span>{fields.body?.[0] ? <span className="text-red-600">{fields.body[0]}</span> : "不支持链接、加粗等格式，会员看到的就是这里的文字。"}</span>
            <span className="tabular-nums">
              {body.length} / {AGREEMENT_MAX_CHARS}
            </span>
          </span>
        </label>
        <div className="text-sm">
          <p className="text-slate-600">预览</p>
          <div className="mt-1 max-h-96 space-y-2 overflow-y-auto rounded-md border border-slate-200 bg-slate-50 px-3 py-2 leading-relaxed text-slate-700">
            {paragraphsOf(body).map((p, i) => (
              <p key={i} className="whitespace-pre-line">
                {p}
              </p>
            ))}
          </div>
        </div>
      </div>
      <div className="mt-3 flex flex-wrap items-center gap-3">
        <button type="submit" disabled={busy || !dirty} className="rounded-md bg-amber-400 px-4 py-2 text-sm font-medium text-slate-900 hover:bg-amber-300 disabled:opacity-50">
          {busy ? "保存中…" : `保存为第 ${agreement.version + 1} 版`}
        </button>
        {dirty ? (
          <button type="button" onClick={() => setBody(agreement.body)} className="text-sm text-slate-600 underline">
            放弃修改
          </button>
        ) : null}
        {error && !fields.body ? (
          <p role="alert" className="text-sm text-red-600">
            {error}
          </p>
        ) : null}
        {result?.ok ? (
          <p role="status" className="text-sm text-emerald-700">
            {result.text}
          </p>
        ) : null}
      </div>
    </form>
  );
}

export function AgreementsEditor() {
  const { data, error, mutate: reload } = useAgreements();
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold">用户协议与隐私政策</h1>
        <p className="mt-1 text-sm text-slate-500">会员注册时须勾选同意；每次保存都是新的版本，系统记录每位会员同意的版本和时间，已注册会员不受新版本影响。</p>
      </div>
      {error ? <ErrorBox error={error} onRetry={() => reload()} /> : !data ? <Loading rows={2} /> : AGREEMENT_KINDS.map((k) => <Editor key={k} agreement={data[k]} />)}
    </div>
  );
}
