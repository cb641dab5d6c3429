// The one map of labels (and badge tones) for commissions, withdrawals, payout methods and team levels.

import { COMMISSION_STATUS_LABEL, COMMISSION_STATUSES, type CommissionStatus } from "@/lib/earnings/labels";

export { COMMISSION_STATUS_LABEL, COMMISSION_STATUSES, type CommissionStatus };

export const COMMISSION_STATUS_TONE: Record<CommissionStatus, string> = {
  estimated: "bg-amber-50 text-amber-700 ring-amber-200",
  pending: "bg-sky-50 text-sky-700 ring-sky-200",
  available: "bg-emerald-50 text-emerald-700 ring-emerald-200",
  withdrawn: "bg-slate-100 text-slate-600 ring-slate-200",
  void: "bg-slate-100 text-slate-400 ring-slate-200",
  clawback: "bg-red-50 text-red-700 ring-red-200",
};

export const WITHDRAWAL_STATUSES = ["pending", "approved", "rejected", "paid"] as const;
export type WithdrawalStatus = (typeof WITHDRAWAL_STATUSES)[number];

export const WITHDRAWAL_STATUS_LABEL: Record<WithdrawalStatus, string> = {
  pending: "待审核",
  approved: "已通过",
  rejected: "已驳回",
  paid: "已打款",
};

export const WITHDRAWAL_STATUS_TONE: Record<WithdrawalStatus, string> = {
  pending: "bg-amber-50 text-amber-700 ring-amber-200",
  approved: "bg-sky-50 text-sky-700 ring-sky-200",
  rejected: "bg-red-50 text-red-700 ring-red-200",
  paid: "bg-emerald-50 text-emerald-700 ring-emerald-200",
};

export const PAYOUT_METHODS = ["alipay", "wechat", "bank"] as const;
export type PayoutMethod = (typeof PAYOUT_METHODS)[number];

export const PAYOUT_METHOD_LABEL: Record<PayoutMethod, string> = {
  alipay: "支付宝",
  wechat: "微信",
  bank: "银行卡",
};

/** What the account field asks for, per method. */
export const PAYOUT_ACCOUNT_LABEL: Record<PayoutMethod, string> = {
  alipay: "支付宝账号（手机号或邮箱）",
  wechat: "微信号",
  bank: "银行卡号",
};

export const LEVELS = [0, 1, 2] as const;
export type Level = (typeof LEVELS)[number];

export const LEVEL_LABEL: Record<Level, string> = {
  0: "自购/自己推广",
  1: "一级团队",
  2: "二级团队",
};

export const LEVEL_TONE: Record<Level, string> = {
  0: "bg-amber-100 text-amber-800",
  1: "bg-violet-100 text-violet-800",
  2: "bg-teal-100 text-teal-800",
};

export const BASE_SOURCE_LABEL: Record<string, string> = {
  estimate: "预估（实付金额 × 佣金比例）",
  profit: "美团对账佣金",
};

export const label = <K extends string | number>(map: Record<K, string>, key: string | number): string =>
  (map as Record<string | number, string>)[key] ?? String(key);
