// Chinese names of money states, for server-rendered text (timelines, exports).
export const COMMISSION_STATUS_LABEL: Record<string, string> = {
  estimated: "预估",
  pending: "待结算",
  available: "可提现",
  withdrawn: "已提现",
  void: "已失效",
  clawback: "扣回",
};
