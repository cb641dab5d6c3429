import Link from "next/link";
import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/session";
import { ready } from "@/lib/db";
import { SetupNotice } from "@/components/setup-notice";

export const dynamic = "force-dynamic";

export default async function Home() {
  await ready();
  const user = await currentUser();
  if (user) redirect(user.role === "ADMIN" ? "/admin" : "/me");
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col justify-center px-6">
      <h1 className="text-2xl font-semibold">美团联盟推广平台</h1>
      <p className="mt-2 text-slate-600">分享美团外卖、闪购、酒店、优选链接，订单实时跟踪，佣金明明白白。</p>
      <div className="mt-6 empty:hidden"><SetupNotice /></div>
      <div className="mt-8 flex gap-3">
        <Link href="/login" className="flex-1 rounded-md bg-amber-400 px-4 py-2.5 text-center font-medium text-slate-900 hover:bg-amber-300">
          登录
        </Link>
        <Link href="/register" className="flex-1 rounded-md border border-slate-300 bg-white px-4 py-2.5 text-center font-medium hover:bg-slate-50">
          注册成为推广者
        </Link>
      </div>
    </main>
  );
}
