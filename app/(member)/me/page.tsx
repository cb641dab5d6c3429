import Link from "next/link";
import { currentUser } from "@/lib/auth/session";
import { memberOrderCount } from "@/lib/orders/queries";
import { hasCommissionRows } from "@/lib/earnings/portal";
import { FirstSteps } from "./first-steps";
import { DailyChart } from "./daily-chart";
import { SummaryCards } from "./summary-cards";

export const dynamic = "force-dynamic";

export default async function MemberHome() {
  const user = (await currentUser())!;
  const [orders, earning] = await Promise.all([memberOrderCount(user.id), hasCommissionRows(user.id)]);
  // A member with no order and no commission yet meets the way to their first one, not a wall of ¥0.00.
  const newcomer = orders === 0 && !earning;
  return (
    <div className="space-y-4">
      <section className="rounded-xl bg-gradient-to-br from-amber-300 to-amber-400 p-5 text-slate-900 shadow-sm">
        <p className="text-sm opacity-80">你好，{user.name ?? user.username}</p>
        <div className="mt-3 flex items-end justify-between gap-3">
          <div className="min-w-0">
            <p className="text-xs opacity-80">我的推广位 ID（sid）</p>
            <p className="font-mono text-lg break-all" data-testid="my-sid">
              {user.sid}
            </p>
            <p className="mt-2 text-xs opacity-80">邀请码</p>
            <p className="font-mono" data-testid="my-invite-code">
              {user.inviteCode}
            </p>
          </div>
          <Link href="/me/invite" className="shrink-0 rounded-full bg-slate-900 px-4 py-1.5 text-sm font-medium text-white hover:bg-slate-800">
            邀请好友
          </Link>
        </div>
      </section>

      {newcomer ? <FirstSteps /> : null}
      <SummaryCards newcomer={newcomer} />
      {newcomer ? null : <DailyChart />}

      <div className="grid grid-cols-2 gap-3">
        <Link href="/me/invite" className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
          <p className="font-medium">邀请好友</p>
          <p className="mt-1 text-xs text-slate-500">好友及其邀请的人下单，你也有佣金</p>
        </Link>
        <Link href="/me/withdraw" className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
          <p className="font-medium">提现</p>
          <p className="mt-1 text-xs text-slate-500">支付宝、微信、银行卡</p>
        </Link>
        <Link href="/me/links" className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
          <p className="font-medium">推广链接</p>
          <p className="mt-1 text-xs text-slate-500">生成带你 sid 的美团链接和二维码</p>
        </Link>
        <Link href="/me/claim" className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
          <p className="font-medium">订单找回</p>
          <p className="mt-1 text-xs text-slate-500">好友下单没跟踪到？用订单号找回</p>
        </Link>
      </div>
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
