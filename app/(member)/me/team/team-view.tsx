"use client";
import { formatYuan } from "@/lib/client/format";
import { useTeam } from "@/lib/client/hooks";
import Link from "next/link";
import { LevelTag } from "@/components/money-badges";
import { ErrorBox, Loading } from "@/components/states";
import { beijingDay } from "@/lib/time";

export function TeamView() {
  const { data, error, isLoading, mutate } = useTeam();
  if (error) return <ErrorBox error={error} onRetry={() => mutate()} />;
  if (isLoading || !data) return <Loading />;
  return (
    <div className="space-y-3">
      <div className="grid grid-cols-2 gap-3">
        <div className="rounded-xl bg-white p-3 shadow-sm ring-1 ring-slate-200">
          <p className="text-xs text-slate-500">一级团队</p>
          <p className="mt-1 text-2xl font-semibold tabular-nums" data-testid="team-level1">
            {data.level1Count}
            <span className="ml-1 text-sm font-normal text-slate-500">人</span>
          </p>
          <p className="mt-1 text-[11px] text-slate-400">用你的邀请码注册的好友</p>
        </div>
        <div className="rounded-xl bg-white p-3 shadow-sm ring-1 ring-slate-200">
          <p className="text-xs text-slate-500">二级团队</p>
          <p className="mt-1 text-2xl font-semibold tabular-nums" data-testid="team-level2">
            {data.level2Count}
            <span className="ml-1 text-sm font-normal text-slate-500">人</span>
          </p>
          <p className="mt-1 text-[11px] text-slate-400">你的好友邀请的人</p>
        </div>
      </div>

      {data.members.length === 0 ? (
        <div className="rounded-xl border border-dashed border-amber-300 bg-amber-50/50 px-4 py-8 text-center">
          <p className="font-medium text-slate-800">团队还是空的</p>
          <p className="mt-1 text-sm text-slate-600">邀请好友注册，他们和他们邀请的人下单，你都能获得佣金。</p>
          <Link href="/me/invite" className="mt-4 inline-block rounded-full bg-amber-400 px-5 py-2 text-sm font-medium text-slate-900 hover:bg-amber-300">
            去邀请好友
          </Link>
        </div>
      ) : (
        <>
          <ul className="divide-y divide-slate-100 rounded-xl bg-white shadow-sm ring-1 ring-slate-200" data-testid="team-members">
            {data.members.map((m) => (
              <li key={m.id} data-level={m.level}>
                <Link href={`/me/team/${encodeURIComponent(m.id)}`} className="flex items-center gap-3 px-3 py-3 hover:bg-slate-50">
                  <div className="min-w-0 flex-1">
                    <div className="flex items-center gap-1.5">
                      <span className="truncate text-sm font-medium">{m.name ?? m.username}</span>
                      <LevelTag level={m.level} />
                    </div>
                    <p className="mt-0.5 truncate text-xs text-slate-500">
                      {m.name ? `${m.username} · ` : ""}
                      {beijingDay(new Date(m.joinedAt))} 加入 · {m.orders} 单
                    </p>
                  </div>
                  <div className="shrink-0 text-right">
                    <p className="text-[11px] text-slate-400">为我贡献</p>
                    <p className="font-semibold text-amber-700 tabular-nums">{formatYuan(m.earnedForMe)}</p>
                  </div>
                  <span aria-hidden="true" className="text-slate-300">
                    ›
                  </span>
                </Link>
              </li>
            ))}
          </ul>
          <p className="text-center">
            <Link href="/me/invite" className="text-sm font-medium text-amber-700 underline">
              继续邀请好友
            </Link>
          </p>
        </>
      )}
    </div>
  );
}
