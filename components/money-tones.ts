// Badge tones for money states (their names are in lib/labels.ts).
import type { CommissionStatus, Level, WithdrawalStatus } from "@/lib/labels";

export const COMMISSION_STATUS_TONE: Record<CommissionStatus, string> = {
  estimated: "bg-amber-50 text-amber-700 ring-amber-200",
  pending: "bg-sky-50 text-sky-700 ring-sky-200",
  available: "bg-emerald-50 text-emerald-700 ring-emerald-200",
  reserved: "bg-orange-50 text-orange-700 ring-orange-200",
  withdrawn: "bg-slate-100 text-slate-600 ring-slate-200",
  void: "bg-slate-100 text-slate-400 ring-slate-200",
  clawback: "bg-red-50 text-red-700 ring-red-200",
};

export const WITHDRAWAL_STATUS_TONE: Record<WithdrawalStatus, string> = {
  pending: "bg-amber-50 text-amber-700 ring-amber-200",
  approved: "bg-sky-50 text-sky-700 ring-sky-200",
  rejected: "bg-red-50 text-red-700 ring-red-200",
  paid: "bg-emerald-50 text-emerald-700 ring-emerald-200",
};

export const LEVEL_TONE: Record<Level, string> = {
  0: "bg-amber-100 text-amber-800",
  1: "bg-violet-100 text-violet-800",
  2: "bg-teal-100 text-teal-800",
};
