import Link from "next/link";
import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/session";
import { ready } from "@/lib/db";
import { callbackSecrets } from "@/lib/meituan/secrets";
import { SignOutButton } from "@/components/sign-out-button";
import { AdminNav } from "@/components/admin-nav";
import { AdminSearch } from "@/components/admin-search";

export const dynamic = "force-dynamic";

export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  await ready();
  const user = await currentUser();
  if (!user) redirect("/login?callbackUrl=/admin");
  if (user.role !== "ADMIN") redirect("/me");
  const secretMissing = callbackSecrets().length === 0;
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        {/* On a phone: the title and the account on one line, the sections as a row that scrolls sideways. */}
        <div className="mx-auto flex max-w-7xl flex-wrap items-center justify-between gap-x-5 gap-y-2 px-4 py-3 xl:flex-nowrap">
          <Link href="/admin" className="font-semibold whitespace-nowrap">
            推广平台 · 管理后台
          </Link>
          <AdminSearch />
          <div className="flex min-w-0 items-center gap-3 text-sm text-slate-600 xl:order-last">
            <span className="truncate">{user.username}</span>
            <SignOutButton />
          </div>
          <AdminNav />
        </div>
      </header>
      {secretMissing ? (
        <div role="alert" className="border-b border-red-200 bg-red-50 px-4 py-2 text-center text-sm text-red-700">
          未配置回调密钥 MEITUAN_CALLBACK_SECRET：美团的订单回推将全部被拒收。请在环境变量中设置后重启服务。
        </div>
      ) : null}
      <main className="mx-auto max-w-7xl px-4 py-6">{children}</main>
    </div>
  );
}
