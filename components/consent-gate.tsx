"use client";
// Shown instead of the portal to a member who registered without accepting the agreements (an API client that
// left the consent out): nothing else of the portal until they accept.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { sendJson } from "@/lib/client/api";
import { useMutation } from "@/lib/client/use-mutation";
import { ConsentCheckbox } from "./consent-checkbox";

export function ConsentGate({ versions }: { versions: { terms: number; privacy: number } }) {
  const router = useRouter();
  const [agreed, setAgreed] = useState(false);
  const save = useMutation("提交失败，请稍后再试");
  return (
    <section aria-labelledby="consent-title" className="mt-4 rounded-xl bg-white p-5 ring-1 ring-slate-200" data-testid="consent-gate">
      <h1 id="consent-title" className="text-lg font-semibold">继续使用前，请阅读并同意协议</h1>
      <p className="mt-2 text-sm text-slate-600">为保障你的佣金和账户安全，使用推广平台需要同意《用户协议》和《隐私政策》。</p>
      <form
        className="mt-4 space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          void save.run(() => sendJson("/api/me/consent", "POST", { agreed, termsVersion: versions.terms, privacyVersion: versions.privacy }), { done: () => router.refresh() });
        }}
      >
        <ConsentCheckbox checked={agreed} onChange={(e) => (setAgreed(e.target.checked), save.clear())} />
        {save.error ? <p className="text-sm text-red-600">{save.error}</p> : null}
        <button type="submit" disabled={save.busy} className="w-full rounded-md bg-amber-400 px-4 py-2.5 font-medium text-slate-900 hover:bg-amber-300 disabled:opacity-60">
          {save.busy ? "请稍候…" : "同意并继续"}
        </button>
      </form>
    </section>
  );
}
