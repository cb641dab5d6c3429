// The one place where Meituan's order status codes (spec §2.4) become our order status.

export const ORDER_STATUSES = ["paid", "completed", "refunded", "risk", "unknown"] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const ORDER_STATUS_LABEL: Record<OrderStatus, string> = {
  paid: "已付款",
  completed: "已完成",
  refunded: "已退款",
  risk: "风控",
  unknown: "未知状态",
};

export const REFUND_TYPE_LABEL: Record<string, string> = { "1": "全部退款", "2": "部分退款", "3": "风控" };

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

/** Business lines of the union API (spec §2.3). 9 and 10 appear in one SDK for 到餐/到综. */
export const BUSINESS_LINE_LABEL: Record<number, string> = {
  1: "平台",
  2: "到家",
  3: "酒店",
  4: "优选",
  5: "地推",
  6: "到餐",
  7: "到综",
  9: "到餐",
  10: "到综",
};

export const SUB_BUSINESS_LINE_LABEL: Record<number, string> = {
  1: "外卖",
  2: "闪购",
  3: "美团电商",
  4: "拼好饭",
  5: "虚拟券包",
};
