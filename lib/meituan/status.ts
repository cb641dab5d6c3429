// The one place where Meituan's order status codes (1 付款, 8 完成, 9 退款 with refundType 1 全部 / 2 部分 / 3 风控) become our order status (their names: lib/labels.ts).

export { ORDER_STATUSES, type OrderStatus } from "../contracts/enums";
import type { OrderStatus } from "../contracts/enums";

/**
 * Rank orders statuses that share a modTime: a push never moves an order to a lower rank at the same modTime.
 * Unknown codes rank lowest so they can never displace a known status at the same time.
 */
const RANK: Record<OrderStatus, number> = { unknown: 0, paid: 1, completed: 2, refunded: 3, risk: 3 };

export function mapUnionStatus(upstreamStatus: string, refundType: string | null): {
  status: OrderStatus;
  rank: number;
  known: boolean;
} {
  let status: OrderStatus;
  switch (upstreamStatus) {
    case "1":
      status = "paid";
      break;
    case "8":
      status = "completed";
      break;
    case "9":
      status = refundType === "3" ? "risk" : "refunded";
      break;
    default:
      status = "unknown";
  }
  return { status, rank: RANK[status], known: status !== "unknown" };
}
