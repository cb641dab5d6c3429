// 我已阅读并同意《用户协议》和《隐私政策》: the one consent checkbox, at registration and at the portal's consent gate.
import Link from "next/link";

export function ConsentCheckbox({ error, ...input }: { error?: string } & React.InputHTMLAttributes<HTMLInputElement>) {
  return (
    <div>
      <label className="flex items-start gap-2 text-sm text-slate-700">
        <input type="checkbox" {...input} aria-invalid={error ? true : undefined} className="mt-0.5 h-4 w-4 shrink-0 accent-amber-500" />
        <span>
          我已阅读并同意
          <Link href="/terms" target="_blank" className="text-amber-700 underline">
            《用户协议》
          </Link>
          和
          <Link href="/privacy" target="_blank" className="text-amber-700 underline">
            《隐私政策》
          </Link>
        </span>
      </label>
      {error ? <p className="mt-1 text-xs text-red-600">{error}</p> : null}
    </div>
  );
}
