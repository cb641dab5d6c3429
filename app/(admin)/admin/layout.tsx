import Link from "next/link";
import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/session";
import { ready } from "@/lib/db";
import { callbackSecrets } from "@/lib/meituan/secrets";
import { SignOutButton } from "@/components/sign-out-button";
import { AdminNav } from "@/components/admin-nav";
import { MAIN_ID, SkipLink } from "@/components/skip-link";
import { AdminSearch } from "@/components/admin-search";
import { AdminLive } from "@/components/admin-live";

export const dynamic = "force-dynamic";

export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  await ready();
  const user = await currentUser();
  if (!user) redirect("/login?callbackUrl=/admin");
  if (user.role !== "ADMIN") redirect("/me");
  const secretMissing = callbackSecrets().length === 0;
  return (
    <div className="min-h-screen">
      <SkipLink />
      <AdminLive />
      <header className="border-b border-slate-200 bg-white">
        {/* Below lg: the menu button, the title and the account on one line, the sections folded into the menu. */}
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3 xl:flex-nowrap">
          <AdminNav />
          <Link href="/admin" className="min-w-0 truncate font-semibold">
            <span className="hidden sm:inline">推广平台 · </span>管理后台
          </Link>
          <AdminSearch />
          <div className="ml-auto flex min-w-0 items-center gap-3 text-sm text-slate-600 xl:order-2">
            <span className="max-w-32 truncate sm:max-w-60" title={user.username}>
              {user.username}
            </span>
            <SignOutButton />
          </div>
        </div>
      </header>
      {secretMissing ? (
        <div role="alert" className="border-b border-red-200 bg-red-50 px-4 py-2 text-center text-sm text-red-700">
          未配置回调密钥 MEITUAN_CALLBACK_SECRET：美团的订单回推将全部被拒收。请在环境变量中设置后重启服务。
        </div>
      ) : null}
      <main id={MAIN_ID} tabIndex={-1} className="mx-auto max-w-7xl px-4 py-6 outline-none">{children}</main>
    </div>
  );
}
