// An agreement as a public page shows it: its title, version and date, and its plain-text paragraphs.
import Link from "next/link";
import { paragraphsOf } from "@/lib/agreements/text";
import type { Agreement } from "@/lib/contracts/agreements";
import { AGREEMENT_KIND_LABEL } from "@/lib/labels";
import { formatBeijing } from "@/lib/time";

export function AgreementView({ agreement }: { agreement: Agreement }) {
  return (
    <main className="mx-auto max-w-2xl px-5 py-8">
      <Link href="/register" className="text-sm text-slate-500">
        ‹ 美团联盟推广平台
      </Link>
      <h1 className="mt-3 text-2xl font-semibold">{AGREEMENT_KIND_LABEL[agreement.kind]}</h1>
      <p className="mt-1 text-xs text-slate-500" data-testid="agreement-version">
        第 {agreement.version} 版{agreement.updatedAt ? ` · ${formatBeijing(agreement.updatedAt).slice(0, 10)} 更新` : ""}
      </p>
      <article className="mt-5 space-y-3 rounded-xl bg-white p-5 text-[15px] leading-relaxed text-slate-700 shadow-sm ring-1 ring-slate-200">
        {paragraphsOf(agreement.body).map((p, i) => (
          <p key={i} className="whitespace-pre-line">
            {p}
          </p>
        ))}
      </article>
    </main>
  );
}
