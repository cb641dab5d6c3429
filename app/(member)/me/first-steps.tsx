import Link from "next/link";

/** The home's lead for a member with nothing yet: promote first, then invite; the money cards follow below. */
export function FirstSteps() {
  return (
    <section className="rounded-xl bg-white p-4 shadow-sm ring-2 ring-amber-300" data-testid="first-steps">
      <h2 className="font-semibold">三步开始赚佣金</h2>
      <ol className="mt-3 space-y-3 text-sm">
        <li className="flex gap-3">
          <span className="flex h-6 w-6 shrink-0 items-center justify-center rounded-full bg-amber-400 text-xs font-bold">1</span>
          <div className="min-w-0 flex-1">
            <p className="font-medium">生成你的推广链接</p>
            <p className="text-xs text-slate-500">选一个美团活动，复制链接或保存二维码，发到微信群、朋友圈。</p>
            <Link href="/me/links" className="mt-2 inline-block rounded-full bg-amber-400 px-4 py-1.5 text-sm font-medium text-slate-900 hover:bg-amber-300">
              去推广
            </Link>
          </div>
        </li>
        <li className="flex gap-3">
          <span className="flex h-6 w-6 shrink-0 items-center justify-center rounded-full bg-amber-100 text-xs font-bold text-amber-800">2</span>
          <div className="min-w-0 flex-1">
            <p className="font-medium">好友通过链接下单</p>
            <p className="text-xs text-slate-500">订单会自动出现在「我的订单」，佣金先记为预估。</p>
          </div>
        </li>
        <li className="flex gap-3">
          <span className="flex h-6 w-6 shrink-0 items-center justify-center rounded-full bg-amber-100 text-xs font-bold text-amber-800">3</span>
          <div className="min-w-0 flex-1">
            <p className="font-medium">邀请好友一起推广</p>
            <p className="text-xs text-slate-500">他们和他们邀请的人成交，你也有佣金。</p>
            <Link href="/me/invite" className="mt-2 inline-block rounded-full px-4 py-1.5 text-sm font-medium text-amber-800 ring-1 ring-amber-300 hover:bg-amber-50">
              邀请好友
            </Link>
          </div>
        </li>
      </ol>
    </section>
  );
}
