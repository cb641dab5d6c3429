// The admin console API's shapes (money as yuan strings, times as ISO-8601 UTC, days as Beijing yyyy-mm-dd) and
// the Chinese labels the console shows for its codes.
import type { CommissionItem, Withdrawal } from "./earnings-api";
import { AUDIT_FIELD_LABEL, CLAIM_STATUS_LABEL, PAYOUT_BATCH_STATUS_LABEL, ROLE_LABEL, WITHDRAWAL_STATUS_LABEL, type CommissionKind } from "@/lib/labels";
import type { OrderDto, PushDto } from "@/lib/orders/dto";

export type DashboardRange = "today" | "7d" | "30d";

export interface Dashboard {
  range: DashboardRange;
  from: string;
  to: string;
  totals: { orders: number; gmv: string; commission: string; memberCommission: string; margin: string };
  daily: { day: string; orders: number; gmv: string; commission: string; memberCommission: string }[];
  byBusinessLine: { businessLine: number | null; label: string; orders: number; gmv: string; commission: string }[];
  pushHealth: { lastPushAt: string | null; pushesLastHour: number; signFailuresLastHour: number; failedWaiting: number; secretConfigured: boolean };
  sync: { lastSuccessAt: string | null; pushGapByDay: { day: string; orders: number }[] };
}

export const PUSH_OUTCOMES = ["applied", "ignored", "duplicate", "rejected", "failed"] as const;
export type PushOutcome = (typeof PUSH_OUTCOMES)[number];


export const PUSH_OUTCOME_TONE: Record<string, string> = {
  applied: "bg-emerald-50 text-emerald-700 ring-emerald-200",
  ignored: "bg-slate-100 text-slate-600 ring-slate-200",
  duplicate: "bg-slate-100 text-slate-500 ring-slate-200",
  rejected: "bg-red-50 text-red-700 ring-red-200",
  failed: "bg-orange-50 text-orange-700 ring-orange-200",
  received: "bg-sky-50 text-sky-700 ring-sky-200",
};


/** A row of GET /api/admin/pushes (lib/inbox/admin.ts). */
export type InboxPush = PushDto & { orderId: string | null };

export interface ReprocessResult {
  pushId: number;
  outcome: string;
  error: string | null;
}

export interface OutcomeCounts {
  applied?: number;
  ignored?: number;
  duplicate?: number;
  failed?: number;
  rejected?: number;
  [k: string]: number | undefined;
}

export interface ReprocessFailedResult {
  processed: number;
  outcomes: OutcomeCounts;
}

export interface RangeChange {
  pushId: number;
  orderId: string | null;
  outcome: string;
  from: string | null;
  to: string | null;
}

/** What an action does to members' money (lib/earnings/effect.ts). */
export interface MoneyChange {
  total: string;
  memberCount: number;
  members: { memberId: string; username: string | null; change: string }[];
}

export interface RangeResult {
  pushes: number;
  outcomes: OutcomeCounts;
  changes: RangeChange[];
  money?: MoneyChange;
}

/** "应用 3 · 忽略 1 · 失败 0": the counts of a batch, in a fixed order, zeros left out except when all are zero. */
export function outcomeSummary(o: OutcomeCounts | undefined): string {
  const order = ["applied", "ignored", "duplicate", "failed", "rejected"];
  const short: Record<string, string> = { applied: "应用", ignored: "忽略", duplicate: "无变化", failed: "失败", rejected: "拒收" };
  const keys = [...order, ...Object.keys(o ?? {}).filter((k) => !order.includes(k))];
  const parts = keys.filter((k) => (o?.[k] ?? 0) > 0).map((k) => `${short[k] ?? k} ${o?.[k]}`);
  return parts.length ? parts.join(" · ") : "无";
}

export type Role = "ADMIN" | "MEMBER";

export interface Member {
  id: string;
  username: string;
  name: string | null;
  role: Role;
  sid: string | null;
  inviteCode: string | null;
  inviterId: string | null;
  disabled: boolean;
  createdAt: string;
}

export interface MemberDetail {
  member: Member;
  inviter: { id: string; username: string } | null;
  downline: { level1: number; level2: number };
  orders: { count: number; last30Days: number };
  balance: { estimated: string; pending: string; available: string; withdrawn: string; inReview: string };
  recentCommissions: CommissionItem[];
  recentWithdrawals: Withdrawal[];
  recentOrders: OrderDto[];
}

export interface AssignResult {
  assigned: string[];
  skipped: { orderId: string; message: string }[];
}

export interface OrderCommissionRow {
  id: number;
  level: number;
  beneficiaryId: string;
  beneficiaryUsername: string | null;
  kind: CommissionKind;
  withdrawalId: number | null;
  base: string;
  rateBps: number;
  amount: string;
  status: string;
  ruleVersion: number;
  availableAt: string | null;
  reason: string | null;
  createdAt: string;
}

export type TimelineKind = "push" | "status" | "commission" | "audit";

export interface TimelineEntry {
  at: string;
  kind: TimelineKind;
  title: string;
  detail: string | null;
  pushId: number | null;
  commissionId: number | null;
  applied: boolean | null;
}


export interface WithdrawalRisk {
  /** A fraction 0–1. */
  refundRate: number;
  orders: number;
  downline: number;
  accountAgeDays: number;
  /** Why the request deserves a closer look (the server's thresholds), in Chinese; empty when nothing stands out. */
  flags: string[];
}

export interface BulkApproveResult {
  approved: number[];
  /** Flagged by risk: approved one by one, after a look. */
  skipped: { id: number; member: string | null; amount: string; flags: string[] }[];
  failed: { id: number; message: string }[];
}

export interface PayoutBatch {
  id: number;
  status: string;
  count: number;
  total: string;
  createdAt: string;
  paidAt: string | null;
}

export interface PayoutBatches {
  items: PayoutBatch[];
  unexported: { count: number; total: string };
}

export interface SettlementPreview {
  rows: number;
  amount: string;
  members: number;
}

export interface AssignPreview {
  member: { id: string; username: string };
  assigned: string[];
  skipped: { orderId: string; message: string }[];
  money: MoneyChange;
}

export interface CommissionPreview {
  base: string;
  businessLine?: number | null;
  baseSource: "order" | "amounts";
  levels: { level: number; rateBps: number; amount: string }[];
  total: string;
}

export interface AuditItem {
  id: number;
  actorId: string;
  actorUsername: string | null;
  action: string;
  targetType: string;
  targetId: string;
  before: string | null;
  after: string | null;
  reason: string | null;
  at: string;
}



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

/** How a value reads in the change summary: statuses and roles by name, yes/no, money as is, objects folded. */
function showValue(key: string, v: unknown, targetType: string): string {
  if (v === undefined || v === null) return "—";
  if (typeof v === "boolean") return v ? "是" : "否";
  if (typeof v === "object") return "{…}";
  const text = String(v);
  if (key === "status") return STATUS_LABELS[targetType]?.[text] ?? text;
  if (key === "role") return ROLE_LABEL[text] ?? text;
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
export function changedFields(before: string | null, after: string | null, targetType = ""): string[] {
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
      return before === null ? `${name}：${showValue(k, b[k], targetType)}` : `${name}：${showValue(k, a[k], targetType)} → ${showValue(k, b[k], targetType)}`;
    });
}

/** Every top-level field of an audit entry's before/after, named and shown in Chinese, for the expanded view. */
export function fieldRows(before: string | null, after: string | null, targetType = ""): { name: string; before: string; after: string; changed: boolean }[] {
  const a = auditObject(before);
  const b = auditObject(after);
  if (!a || !b) return [];
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].map((k) => ({
    name: AUDIT_FIELD_LABEL[k] ?? k,
    before: k in a ? showValue(k, a[k], targetType) : "—",
    after: k in b ? showValue(k, b[k], targetType) : "—",
    changed: JSON.stringify(a[k] ?? null) !== JSON.stringify(b[k] ?? null),
  }));
}

/** Pretty-prints a JSON string; anything that is not JSON is shown as it is. */
export function prettyJson(text: string | null): string {
  if (text === null) return "";
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** "12.5%" for 0.125, "30%" for 0.3. */
export function formatRate(fraction: number): string {
  const percent = Math.round(fraction * 1000) / 10;
  return `${Number.isInteger(percent) ? percent : percent.toFixed(1)}%`;
}
