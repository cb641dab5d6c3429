import { COMMISSION_STATUS_TONE, LEVEL_TONE, WITHDRAWAL_STATUS_TONE } from "@/lib/client/tones";
import { COMMISSION_STATUS_LABEL, LEVEL_LABEL, WITHDRAWAL_STATUS_LABEL, type CommissionStatus, type Level, type WithdrawalStatus } from "@/lib/labels";

const BADGE = "inline-flex shrink-0 items-center rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset";
const FALLBACK = "bg-purple-50 text-purple-700 ring-purple-200";

export function CommissionBadge({ status }: { status: string }) {
  const s = status as CommissionStatus;
  return (
    <span data-commission-status={status} className={`${BADGE} ${COMMISSION_STATUS_TONE[s] ?? FALLBACK}`}>
      {COMMISSION_STATUS_LABEL[s] ?? status}
    </span>
  );
}

export function WithdrawalBadge({ status }: { status: string }) {
  const s = status as WithdrawalStatus;
  return (
    <span data-withdrawal-status={status} className={`${BADGE} ${WITHDRAWAL_STATUS_TONE[s] ?? FALLBACK}`}>
      {WITHDRAWAL_STATUS_LABEL[s] ?? status}
    </span>
  );
}

export function LevelTag({ level }: { level: number }) {
  const l = level as Level;
  return (
    <span data-level-tag={level} className={`inline-flex shrink-0 items-center rounded px-1.5 py-0.5 text-[11px] font-medium whitespace-nowrap ${LEVEL_TONE[l] ?? "bg-slate-100 text-slate-600"}`}>
      {LEVEL_LABEL[l] ?? `第 ${level} 级`}
    </span>
  );
}
