import type { OrderStatus } from "@/lib/contracts/enums";
import { ORDER_STATUS_LABEL, REFUND_TYPE_LABEL } from "@/lib/labels";

const TONE: Record<OrderStatus, string> = {
  paid: "bg-amber-50 text-amber-700 ring-amber-200",
  completed: "bg-emerald-50 text-emerald-700 ring-emerald-200",
  refunded: "bg-slate-100 text-slate-600 ring-slate-200",
  risk: "bg-red-50 text-red-700 ring-red-200",
  unknown: "bg-purple-50 text-purple-700 ring-purple-200",
};

export function StatusBadge({ status, refundType }: { status: string; refundType?: string | null }) {
  const s = (status in ORDER_STATUS_LABEL ? status : "unknown") as OrderStatus;
  const label = s === "refunded" && refundType === "2" ? REFUND_TYPE_LABEL["2"] : ORDER_STATUS_LABEL[s];
  return (
    <span data-status={s} className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${TONE[s]}`}>
      {label}
    </span>
  );
}
