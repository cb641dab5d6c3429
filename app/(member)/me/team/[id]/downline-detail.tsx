"use client";
// One member of my team: when they joined, their orders, what they earned me (the sum of my rows from their
// orders), when they were last active, and their orders that earn me money.
import Link from "next/link";
import { useDownline } from "@/lib/client/hooks";
import { formatYuan } from "@/lib/client/format";
import { LevelTag } from "@/components/money-badges";
import { Empty, ErrorBox, Loading } from "@/components/states";
import { beijingDay } from "@/lib/time";
import { TeamOrderList } from "../team-orders";

function Fact({ title, children, testId }: { title: string; children: React.ReactNode; testId?: string }) {
  return (
    <div className="min-w-0">
      <p className="text-xs text-slate-500">{title}</p>
      <p className="mt-0.5 truncate font-semibold tabular-nums" data-testid={testId}>
        {children}
      </p>
    </div>
  );
}

export function DownlineDetail({ id }: { id: string }) {
  const { data, error, mutate } = useDownline(id);
  const back = (
    <Link href="/me/team" className="text-sm text-slate-500">
      ‹ 我的团队
    </Link>
  );
  if (error)
    return (
      <div className="space-y-3">
        {back}
        <ErrorBox error={error} onRetry={() => mutate()} />
      </div>
    );
  if (!data)
    return (
      <div className="space-y-3">
        {back}
        <Loading rows={2} />
      </div>
    );
  return (
    <div className="space-y-3">
      {back}
      <section className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200" data-testid="downline">
        <div className="flex items-center gap-2">
          <h1 className="truncate text-lg font-semibold">{data.name ?? data.label}</h1>
          <LevelTag level={data.level} />
        </div>
        {data.name ? <p className="text-xs text-slate-500">{data.login}</p> : null}
        <div className="mt-3 grid grid-cols-2 gap-3 border-t border-slate-100 pt-3 sm:grid-cols-4">
          <Fact title="为我贡献" testId="downline-earned">
            <span className="text-amber-700">{formatYuan(data.earnedForMe)}</span>
          </Fact>
          <Fact title="订单" testId="downline-orders">
            {data.orders} 单
          </Fact>
          <Fact title="加入时间">{beijingDay(new Date(data.joinedAt))}</Fact>
          <Fact title={data.lastActiveKind === "order" ? "最近下单" : "最近活跃（注册）"}>{beijingDay(new Date(data.lastActiveAt))}</Fact>
        </div>
        <p className="mt-2 text-[11px] text-slate-400">
          {data.level === 1 ? `TA 已邀请 ${data.invited} 人，他们成交你也有佣金（二级）。` : "TA 是你好友邀请的人（二级团队）。"}「为我贡献」是 TA 的订单给你带来的佣金记录之和，已退款的不计。
        </p>
      </section>
      <h2 className="pt-1 text-sm font-medium text-slate-700">TA 带来佣金的订单</h2>
      <TeamOrderList query={new URLSearchParams({ limit: "20", memberId: data.id })} showMember={false} emptyHint={<Empty title="TA 还没有带来佣金的订单" hint="可以把你的推广技巧分享给 TA。" />} />
    </div>
  );
}
