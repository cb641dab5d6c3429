// Badge and text tones (Tailwind classes) for the codes the pages show; their names are in lib/labels.ts.
import type { ClaimAmountCheck, ClaimStatus, CommissionStatus, Level, PushOutcome, SyncStatus, WithdrawalStatus } from "@/lib/contracts/enums";

export const COMMISSION_STATUS_TONE = {
  estimated: "bg-amber-50 text-amber-700 ring-amber-200",
  pending: "bg-sky-50 text-sky-700 ring-sky-200",
  available: "bg-emerald-50 text-emerald-700 ring-emerald-200",
  reserved: "bg-orange-50 text-orange-700 ring-orange-200",
  withdrawn: "bg-slate-100 text-slate-600 ring-slate-200",
  void: "bg-slate-100 text-slate-400 ring-slate-200",
  clawback: "bg-red-50 text-red-700 ring-red-200",
} satisfies Record<CommissionStatus, string>;

export const WITHDRAWAL_STATUS_TONE = {
  pending: "bg-amber-50 text-amber-700 ring-amber-200",
  approved: "bg-sky-50 text-sky-700 ring-sky-200",
  rejected: "bg-red-50 text-red-700 ring-red-200",
  paid: "bg-emerald-50 text-emerald-700 ring-emerald-200",
} satisfies Record<WithdrawalStatus, string>;

export const LEVEL_TONE = {
  0: "bg-amber-100 text-amber-800",
  1: "bg-violet-100 text-violet-800",
  2: "bg-teal-100 text-teal-800",
} satisfies Record<Level, string>;

export const PUSH_OUTCOME_TONE = {
  applied: "bg-emerald-50 text-emerald-700 ring-emerald-200",
  ignored: "bg-slate-100 text-slate-600 ring-slate-200",
  duplicate: "bg-slate-100 text-slate-500 ring-slate-200",
  rejected: "bg-red-50 text-red-700 ring-red-200",
  failed: "bg-orange-50 text-orange-700 ring-orange-200",
  received: "bg-sky-50 text-sky-700 ring-sky-200",
} satisfies Record<PushOutcome, string>;

export const SYNC_STATUS_TONE = {
  running: "bg-sky-50 text-sky-700 ring-sky-200",
  done: "bg-emerald-50 text-emerald-700 ring-emerald-200",
  failed: "bg-red-50 text-red-700 ring-red-200",
} satisfies Record<SyncStatus, string>;

export const CLAIM_STATUS_TONE = {
  review: "bg-amber-50 text-amber-700 ring-amber-200",
  attributed: "bg-emerald-50 text-emerald-700 ring-emerald-200",
  approved: "bg-emerald-50 text-emerald-700 ring-emerald-200",
  rejected: "bg-red-50 text-red-700 ring-red-200",
} satisfies Record<ClaimStatus, string>;

/** The boxed result of a claim just sent: green, amber or red. */
export const CLAIM_RESULT_TONE = {
  review: "bg-amber-50 text-amber-800 ring-amber-300",
  attributed: "bg-emerald-50 text-emerald-800 ring-emerald-300",
  approved: "bg-emerald-50 text-emerald-800 ring-emerald-300",
  rejected: "bg-red-50 text-red-800 ring-red-300",
} satisfies Record<ClaimStatus, string>;

/** The tone of the review queue's amount check. */
export const AMOUNT_CHECK_TONE = {
  match: "text-emerald-700",
  mismatch: "text-red-700 font-medium",
  no_amount: "text-amber-700",
  unknown: "text-slate-500",
} satisfies Record<ClaimAmountCheck, string>;
