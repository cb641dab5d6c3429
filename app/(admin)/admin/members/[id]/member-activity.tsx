"use client";
// 动态: the member's registration, orders, withdrawal requests and admin actions, newest first, paged.
import { useMemberActivity } from "@/lib/client/hooks";
import type { MemberActivityEntry } from "@/lib/contracts/members";
import { OrderLink } from "@/components/order-cells";
import { PagedList } from "@/components/paged-list";
import { formatBeijing } from "@/lib/time";

const KIND: Record<MemberActivityEntry["kind"], [string, string]> = {
  registration: ["注册", "bg-sky-100 text-sky-800"],
  order: ["订单", "bg-amber-100 text-amber-800"],
  withdrawal: ["提现", "bg-emerald-100 text-emerald-800"],
  admin: ["管理", "bg-purple-100 text-purple-800"],
};

export function MemberActivity({ memberId }: { memberId: string }) {
  const list = useMemberActivity(memberId);
  return (
    <section className="rounded-lg bg-white p-4 ring-1 ring-slate-200" data-testid="member-activity">
      <h2 className="mb-3 font-medium">动态</h2>
      <PagedList list={list} loadingRows={4} emptyTitle="还没有动态">
        <ol className="space-y-2 text-sm">
          {list.items.map((e) => (
            <li key={`${e.kind}-${e.at}-${e.title}`} data-kind={e.kind} className="flex gap-3">
              <span className="w-32 shrink-0 text-xs whitespace-nowrap text-slate-500 tabular-nums">{formatBeijing(e.at)}</span>
              <span className={`h-fit shrink-0 rounded px-1.5 py-0.5 text-[11px] ${KIND[e.kind][1]}`}>{KIND[e.kind][0]}</span>
              <span className="min-w-0">
                <span className="break-words">{e.title}</span>
                {e.orderId ? (
                  <span className="ml-1 font-mono text-xs">
                    <OrderLink orderId={e.orderId} />
                  </span>
                ) : null}
                {e.detail ? <span className="block text-xs text-slate-500">{e.detail}</span> : null}
              </span>
            </li>
          ))}
        </ol>
      </PagedList>
    </section>
  );
}
