import type { ClaimStatus } from "@/lib/contracts/enums";
import { CLAIM_STATUS_TONE } from "@/lib/client/tones";
import { CLAIM_STATUS_LABEL } from "@/lib/labels";

export function ClaimBadge({ status }: { status: string }) {
  const s = status as ClaimStatus;
  return (
    <span
      data-claim-status={status}
      className={`inline-flex shrink-0 items-center rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${CLAIM_STATUS_TONE[s] ?? "bg-purple-50 text-purple-700 ring-purple-200"}`}
    >
      {CLAIM_STATUS_LABEL[s] ?? status}
    </span>
  );
}
