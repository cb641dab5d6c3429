// How the audit log reads in the console: where an entry's target has a page, and its before/after JSON as
// named fields in Chinese (statuses and roles by name).
import { AUDIT_FIELD_LABEL, CLAIM_STATUS_LABEL, label, PAYOUT_BATCH_STATUS_LABEL, ROLE_LABEL, WITHDRAWAL_STATUS_LABEL } from "@/lib/labels";

/** Where the console shows the target of an audit entry, if it has a page for it. */
export function auditTargetHref(targetType: string, targetId: string): string | null {
  switch (targetType) {
    case "member":
      return `/admin/members/${encodeURIComponent(targetId)}`;
    case "order":
      return `/admin/orders/${encodeURIComponent(targetId)}`;
    case "commission_rules":
      return "/admin/settings/commission";
    case "withdrawal":
      return "/admin/withdrawals?status=all";
    default:
      return null;
  }
}

const STATUS_LABELS: Record<string, Record<string, string>> = { withdrawal: WITHDRAWAL_STATUS_LABEL, claim: CLAIM_STATUS_LABEL, payout_batch: PAYOUT_BATCH_STATUS_LABEL };

/** Member ids an entry mentions, by their label (AuditItem.people). */
type People = Record<string, string>;

/** How a value reads in the change summary: members and statuses and roles by name, yes/no, money as is, objects folded. */
function showValue(key: string, v: unknown, targetType: string, people: People): string {
  if (v === undefined || v === null) return "—";
  if (typeof v === "string" && people[v]) return people[v];
  if (typeof v === "boolean") return v ? "是" : "否";
  if (typeof v === "object") return "{…}";
  const text = String(v);
  if (key === "status") return STATUS_LABELS[targetType]?.[text] ?? text;
  if (key === "role") return label(ROLE_LABEL, text);
  return typeof v === "string" ? `“${text}”` : text;
}

/** An audit before/after as an object ({} for none); null when it is not a JSON object. */
function auditObject(text: string | null): Record<string, unknown> | null {
  try {
    const v = text === null ? {} : JSON.parse(text);
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The top-level fields that differ between two JSON objects, as "状态：待审核 → 已通过"; [] if not both objects. */
export function changedFields(before: string | null, after: string | null, targetType = "", people: People = {}): string[] {
  const a = auditObject(before);
  const b = auditObject(after);
  if (!a || !b) return [];
  // Keys only "before" has are context (e.g. the sid an order had), not changes; null and absent are the same.
  const keys = after === null ? Object.keys(a) : Object.keys(b);
  const same = (x: unknown, y: unknown) => (x ?? null) === (y ?? null) || JSON.stringify(x ?? null) === JSON.stringify(y ?? null);
  return keys
    .filter((k) => !same(a[k], b[k]))
    .map((k) => {
      const name = AUDIT_FIELD_LABEL[k] ?? k;
      return before === null ? `${name}：${showValue(k, b[k], targetType, people)}` : `${name}：${showValue(k, a[k], targetType, people)} → ${showValue(k, b[k], targetType, people)}`;
    });
}

/** Every top-level field of an audit entry's before/after, named and shown in Chinese, for the expanded view. */
export function fieldRows(before: string | null, after: string | null, targetType = "", people: People = {}): { name: string; before: string; after: string; changed: boolean }[] {
  const a = auditObject(before);
  const b = auditObject(after);
  if (!a || !b) return [];
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].map((k) => ({
    name: AUDIT_FIELD_LABEL[k] ?? k,
    before: k in a ? showValue(k, a[k], targetType, people) : "—",
    after: k in b ? showValue(k, b[k], targetType, people) : "—",
    changed: JSON.stringify(a[k] ?? null) !== JSON.stringify(b[k] ?? null),
  }));
}
