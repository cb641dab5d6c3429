import Link from "next/link";
import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/session";
import { ready } from "@/lib/db";
import { SignOutButton } from "@/components/sign-out-button";

export const dynamic = "force-dynamic";

export default async function MemberLayout({ children }: { children: React.ReactNode }) {
  await ready();
  const user = await currentUser();
  if (!user) redirect("/login?callbackUrl=/me");
  return (
    <div className="mx-auto min-h-screen max-w-xl pb-20">
      <header className="flex items-center justify-between px-4 pt-4 pb-2">
        <Link href="/me" className="font-semibold">
          美团联盟推广
        </Link>
        <div className="flex items-center gap-3 text-sm text-slate-600">
          {user.role === "ADMIN" ? (
            <Link href="/admin/orders" className="underline">
              管理后台
            </Link>
          ) : null}
          <SignOutButton />
        </div>
      </header>
      <main className="px-4">{children}</main>
      <nav className="fixed inset-x-0 bottom-0 border-t border-slate-200 bg-white">
        <div className="mx-auto flex max-w-xl justify-around py-2 text-sm">
          <Link href="/me" className="px-4 py-1">
            首页
          </Link>
          <Link href="/me/orders" className="px-4 py-1">
            我的订单
          </Link>
        </div>
      </nav>
    </div>
  );
}
