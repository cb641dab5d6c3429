import Link from "next/link";
import { Suspense } from "react";
import { inviteLanding } from "@/lib/accounts/invite";
import { ready } from "@/lib/db";
import { formatBps, formatYuan } from "@/lib/client/format";
import { LEVEL_LABEL } from "@/lib/labels";
import { RegisterForm } from "./register-form";

export const dynamic = "force-dynamic";
export const metadata = { title: "注册 · 美团联盟推广平台" };

/** Each level's share in plain words: whose order, and what part of its commission. */
const HOW = {
  0: "好友通过你的专属链接在美团下单",
  1: "你邀请的人推广成交",
  2: "他们再邀请的人推广成交",
} as const;

export default async function RegisterPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await ready();
  const invite = (await searchParams).invite;
  const landing = await inviteLanding(typeof invite === "string" ? invite : undefined);
  const state = landing.invite;
  return (
    <main className="mx-auto min-h-screen max-w-md px-5 py-8">
      <Link href="/" className="text-sm text-slate-500">
        美团联盟推广平台
      </Link>
      {state && "inviterName" in state ? (
        <section className="mt-3 rounded-xl bg-gradient-to-br from-amber-300 to-amber-400 p-5 text-slate-900 shadow-sm" data-testid="invite-hero">
          <h1 className="text-2xl font-bold">{state.inviterName ?? "你的好友"}邀请你加入</h1>
          <p className="mt-1 text-sm opacity-80">美团联盟推广平台：分享美团外卖、到店优惠，好友下单你就有佣金。</p>
        </section>
      ) : (
        <h1 className="mt-2 text-2xl font-semibold">注册成为推广者</h1>
      )}
      {state && "unknown" in state ? (
        <p role="alert" className="mt-3 rounded-lg border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="invite-unknown">
          邀请码「{state.code}」不存在或已失效。你仍可以直接注册（注册后没有邀请人）；如果有人邀请了你，请向他确认邀请码后填在下方。
        </p>
      ) : null}

      <section className="mt-4 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200" aria-labelledby="how-earn">
        <h2 id="how-earn" className="font-medium">
          推广者怎么赚钱
        </h2>
        <ul className="mt-2 space-y-2 text-sm" data-testid="invite-rates">
          {landing.rates
            .filter((r) => r.rateBps > 0)
            .map((r) => (
              <li key={r.level} className="flex items-start justify-between gap-3">
                <span className="min-w-0 text-slate-700">
                  <span className="mr-1 rounded bg-amber-100 px-1.5 py-0.5 text-[11px] text-amber-800">{LEVEL_LABEL[r.level]}</span>
                  {HOW[r.level]}
                </span>
                <span className="shrink-0 font-semibold text-amber-700 tabular-nums">得佣金的 {formatBps(r.rateBps)}</span>
              </li>
            ))}
        </ul>
        <p className="mt-3 text-xs leading-relaxed text-slate-500">
          佣金指美团联盟为这笔订单支付的推广佣金{landing.hasBusinessLineRates ? "，部分业务的比例不同，以订单页显示为准" : ""}。订单完成后 {landing.holdDays}{" "}
          天结算，可提现满 {formatYuan(landing.minWithdrawal)} 即可提现到支付宝、微信或银行卡；订单退款不计佣金。
        </p>
      </section>

      <div className="mt-4 rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
        <Suspense>
          <RegisterForm inviteCode={state && "inviterName" in state ? state.code : ""} versions={landing.versions} />
        </Suspense>
      </div>
      <p className="mt-4 text-center text-sm text-slate-600">
        已有账号？
        <Link href="/login" className="ml-1 font-medium text-amber-700 underline">
          去登录
        </Link>
      </p>
    </main>
  );
}
