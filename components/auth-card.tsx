import Link from "next/link";

export function AuthCard({ title, children, footer }: { title: string; children: React.ReactNode; footer: { text: string; link: string; label: string } }) {
  return (
    <main className="mx-auto flex min-h-screen max-w-sm flex-col justify-center px-5 py-10">
      <Link href="/" className="text-sm text-slate-500">
        美团联盟推广平台
      </Link>
      <h1 className="mt-2 mb-6 text-2xl font-semibold">{title}</h1>
      <div className="rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200">{children}</div>
      <p className="mt-4 text-center text-sm text-slate-600">
        {footer.text}
        <Link href={footer.link} className="ml-1 font-medium text-amber-700 underline">
          {footer.label}
        </Link>
      </p>
    </main>
  );
}
