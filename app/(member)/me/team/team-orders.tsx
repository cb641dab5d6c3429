"use client";
// 团队订单: the orders of my level-1 and level-2 members that earn me money, each with my share (the net of my
// commission rows on it), filtered by level and status; also one downline member's orders on their page.
import Link from "next/link";
import { useTeamOrders } from "@/lib/client/hooks";
import { formatYuan, isNegativeYuan } from "@/lib/client/format";
import type { TeamOrder } from "@/lib/contracts/team";
import { CommissionBadge, LevelTag } from "@/components/money-badges";
import { StatusBadge } from "@/components/status-badge";
import { Empty, ErrorBox, Loading } from "@/components/states";
import { LoadMore } from "@/components/load-more";
import { formatBeijing } from "@/lib/time";

function Row({ o, showMember }: { o: TeamOrder; showMember: boolean }) {
  return (
    <li className="rounded-lg bg-white p-3 shadow-sm ring-1 ring-slate-200" data-team-order={o.id}>
      <div className="flex items-start justify-between gap-3">
        <p className="line-clamp-2 min-w-0 text-sm font-medium">{o.title ?? "美团订单"}</p>
        <StatusBadge status={o.status} refundType={o.refundType} />
      </div>
      <div className="mt-1.5 flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-slate-500">
        <LevelTag level={o.level} />
        {showMember ? (
          <Link href={`/me/team/${encodeURIComponent(o.member.id)}`} className="truncate text-slate-600 underline decoration-slate-300">
            {o.member.label}
          </Link>
        ) : null}
        <span className="whitespace-nowrap tabular-nums">{formatBeijing(o.occurredAt)}</span>
      </div>
      <div className="mt-2 flex items-center justify-between gap-2 rounded-md bg-amber-50/60 px-3 py-1.5 text-sm">
        <span className="text-xs text-slate-500">
          订单金额 <span className="text-slate-800 tabular-nums">{formatYuan(o.payAmount)}</span>
        </span>
        <span className="flex items-center gap-2">
          <span className="text-xs text-slate-500">我的佣金</span>
          <span
            data-testid="team-order-share"
            className={`font-semibold tabular-nums ${isNegativeYuan(o.myShare.amount) ? "text-red-600" : o.myShare.status === "void" ? "text-slate-400 line-through" : "text-amber-700"}`}
          >
            {formatYuan(o.myShare.amount)}
          </span>
          <CommissionBadge status={o.myShare.status} />
        </span>
      </div>
    </li>
  );
}

export function TeamOrderList({ query, showMember = true, emptyHint }: { query: URLSearchParams; showMember?: boolean; emptyHint: React.ReactNode }) {
  const { items, error, isLoading, hasMore, loadMore, loadingMore, mutate } = useTeamOrders(query);
  if (error) return <ErrorBox error={error} onRetry={() => mutate()} />;
  if (isLoading) return <Loading />;
  if (items.length === 0) return <>{emptyHint}</>;
  return (
    <>
      <ul className="space-y-2" data-testid="team-orders">
        {items.map((o) => (
          <Row key={o.id} o={o} showMember={showMember} />
        ))}
      </ul>
      <LoadMore hasMore={hasMore} loading={loadingMore} onClick={loadMore} />
    </>
  );
}

export const NoTeamOrders = ({ filtered }: { filtered: boolean }) =>
  filtered ? (
    <Empty title="没有符合条件的团队订单" hint="换个层级或状态试试。" />
  ) : (
    <div className="rounded-xl border border-dashed border-amber-300 bg-amber-50/50 px-4 py-8 text-center">
      <p className="font-medium text-slate-800">团队还没有带来佣金的订单</p>
      <p className="mt-1 text-sm text-slate-600">你邀请的好友（一级）和他们邀请的人（二级）通过推广成交后，订单和你的佣金会出现在这里。</p>
      <Link href="/me/invite" className="mt-4 inline-block rounded-full bg-amber-400 px-5 py-2 text-sm font-medium text-slate-900 hover:bg-amber-300">
        去邀请好友
      </Link>
    </div>
  );
