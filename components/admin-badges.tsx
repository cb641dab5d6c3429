// Small badges of the admin console: member role and state, push outcome.
import { PUSH_OUTCOME_TONE } from "@/lib/client/tones";
import { label, PUSH_OUTCOME_LABEL, ROLE_LABEL } from "@/lib/labels";

export function RoleBadge({ role }: { role: string }) {
  return role === "ADMIN" ? (
    <span data-role={role} className="rounded bg-slate-900 px-1.5 py-0.5 text-[11px] font-medium text-white">
      {ROLE_LABEL.ADMIN}
    </span>
  ) : (
    <span data-role={role} className="rounded bg-slate-100 px-1.5 py-0.5 text-[11px] text-slate-600">
      {label(ROLE_LABEL, role)}
    </span>
  );
}

export function DisabledBadge() {
  return <span className="rounded bg-red-50 px-1.5 py-0.5 text-[11px] font-medium whitespace-nowrap text-red-700 ring-1 ring-red-200">已停用</span>;
}

export function OutcomeBadge({ outcome }: { outcome: string }) {
  return (
    <span
      data-push-outcome={outcome}
      className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${(PUSH_OUTCOME_TONE as Record<string, string>)[outcome] ?? "bg-purple-50 text-purple-700 ring-purple-200"}`}
    >
      {label(PUSH_OUTCOME_LABEL, outcome)}
    </span>
  );
}
