import Link from "next/link";
import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/session";
import { ready } from "@/lib/db";
import { callbackSecrets } from "@/lib/meituan/secrets";
import { SignOutButton } from "@/components/sign-out-button";
import { AdminNav } from "@/components/admin-nav";

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
        <div className="mx-auto flex max-w-7xl items-center justify-between px-4 py-3">
          <div className="flex items-center gap-5">
            <Link href="/admin" className="font-semibold whitespace-nowrap">
              推广平台 · 管理后台
            </Link>
            <AdminNav />
          </div>
          <div className="flex items-center gap-3 text-sm text-slate-600">
            <span>{user.username}</span>
            <SignOutButton />
          </div>
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
