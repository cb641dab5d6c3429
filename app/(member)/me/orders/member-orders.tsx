"use client";
import { StatusBadge } from "@/components/status-badge";
import { Empty, ErrorBox, Loading } from "@/components/states";
import { LoadMore } from "@/components/load-more";
import { usePaged } from "@/components/use-paged";
import type { OrderDto } from "@/lib/orders/dto";
import { formatBeijing } from "@/lib/time";

export function MemberOrders() {
  const { items, error, isLoading, hasMore, loadMore, loadingMore, mutate } = usePaged<OrderDto>("/api/me/orders?limit=20");
  if (error) return <ErrorBox error={error} onRetry={() => mutate()} />;
  if (isLoading) return <Loading />;
  if (items.length === 0) return <Empty title="还没有订单" hint="分享带有你的 sid 的美团链接，好友下单后订单会出现在这里。" />;
  return (
    <>
      <ul className="space-y-2" data-testid="member-orders">
        {items.map((o) => (
          <li key={o.orderId} data-order-id={o.orderId} className="rounded-lg bg-white p-3 shadow-sm ring-1 ring-slate-200">
            <div className="flex items-start justify-between gap-3">
              <p className="line-clamp-2 text-sm font-medium">{o.title ?? "美团订单"}</p>
              <StatusBadge status={o.status} refundType={o.refundType} />
            </div>
            <div className="mt-2 flex items-end justify-between text-xs text-slate-500">
              <span>
                {formatBeijing(o.occurredAt)} · 订单号 {o.orderId}
              </span>
              <span className="text-base font-semibold text-slate-900">{o.payAmount === null ? "—" : `¥${o.payAmount}`}</span>
            </div>
          </li>
        ))}
      </ul>
      <LoadMore hasMore={hasMore} loading={loadingMore} onClick={loadMore} />
    </>
  );
}
