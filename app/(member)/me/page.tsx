import Link from "next/link";
import { currentUser } from "@/lib/auth/session";
import { db } from "@/lib/db";

export const dynamic = "force-dynamic";

export default async function MemberHome() {
  const user = (await currentUser())!;
  const orders = await db().order.count({ where: { memberId: user.id } });
  return (
    <div className="space-y-4">
      <section className="rounded-xl bg-gradient-to-br from-amber-300 to-amber-400 p-5 text-slate-900 shadow-sm">
        <p className="text-sm opacity-80">你好，{user.name ?? user.username}</p>
        <p className="mt-3 text-xs opacity-80">我的推广位 ID（sid）</p>
        <p className="font-mono text-lg" data-testid="my-sid">
          {user.sid}
        </p>
        <p className="mt-2 text-xs opacity-80">邀请码</p>
        <p className="font-mono">{user.inviteCode}</p>
      </section>
      <Link href="/me/orders" className="flex items-center justify-between rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
        <span>我的订单</span>
        <span className="text-slate-500">{orders} 单 ›</span>
      </Link>
      <p className="text-xs leading-relaxed text-slate-500">
        通过带有你的 sid 的美团链接下单的订单会自动归属于你。订单状态跟随美团联盟实时更新。
      </p>
    </div>
  );
}
