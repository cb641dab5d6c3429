// Cells the admin order lists show alike.
import Link from "next/link";
import type { Order } from "@/lib/contracts/orders";
import { formatBeijing } from "@/lib/time";
import { BUSINESS_LINE_LABEL } from "@/lib/labels";

export function OrderLink({ orderId }: { orderId: string }) {
  return (
    <Link href={`/admin/orders/${encodeURIComponent(orderId)}`} className="text-amber-700 underline">
      {orderId}
    </Link>
  );
}

/** 时间, 订单号, 标题 and 业务线 of an order row. */
export function OrderSummaryCells({ o }: { o: Order }) {
  return (
    <>
      <td className="px-3 py-2 whitespace-nowrap text-slate-600">{formatBeijing(o.occurredAt)}</td>
      <td className="px-3 py-2 font-mono">
        <OrderLink orderId={o.orderId} />
      </td>
      <td className="max-w-xs truncate px-3 py-2">{o.title ?? "—"}</td>
      <td className="px-3 py-2 whitespace-nowrap">{o.businessLine !== null ? (BUSINESS_LINE_LABEL[o.businessLine] ?? `未知(${o.businessLine})`) : "—"}</td>
    </>
  );
}
