// Commission statuses and their Chinese names: the one definition, shared by the server and the pages
// (this module imports nothing, so client components can use it).
export const COMMISSION_STATUSES = ["estimated", "pending", "available", "withdrawn", "void", "clawback"] as const;
export type CommissionStatus = (typeof COMMISSION_STATUSES)[number];

export const COMMISSION_STATUS_LABEL: Record<CommissionStatus, string> = {
  estimated: "预估",
  pending: "待结算",
  available: "可提现",
  withdrawn: "已提现",
  void: "已失效",
  clawback: "扣回",
};
