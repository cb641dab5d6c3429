// Every code the platform stores or sends, defined once: an `as const` list (what the labels, filters and tone maps
// are keyed by) and its zod enum (what the contracts parse with). Chinese names for them are in lib/labels.ts.
import { z } from "zod";

/** Our order status, from Meituan's status code and refund type (lib/meituan/status.ts maps them). */
export const ORDER_STATUSES = ["paid", "completed", "refunded", "risk", "unknown"] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export const OrderStatusSchema = z.enum(ORDER_STATUSES);

/** Meituan's refundType: 1 full refund, 2 partial refund, 3 risk. */
export const REFUND_TYPES = ["1", "2", "3"] as const;
export type RefundType = (typeof REFUND_TYPES)[number];

/** How we learned of an order: a push from Meituan or reconciliation (补单). */
export const ORDER_SOURCES = ["push", "sync"] as const;
export type OrderSource = (typeof ORDER_SOURCES)[number];

/** Who moved an order's status: a push, reconciliation or an admin. */
export const EVENT_SOURCES = ["push", "sync", "admin"] as const;
export type EventSource = (typeof EVENT_SOURCES)[number];

/** Why an order event was ignored. */
export const IGNORE_REASONS = ["older_push", "not_newer"] as const;
export type IgnoreReason = (typeof IGNORE_REASONS)[number];

/** Where an order's commission base (美团佣金) comes from. */
export const BASE_SOURCES = ["estimate", "profit", "lost", "none"] as const;
export type BaseSource = (typeof BASE_SOURCES)[number];

/** What storing or processing a push did; `received` is a stored push not yet processed. */
export const PUSH_OUTCOMES = ["applied", "ignored", "duplicate", "rejected", "failed", "received"] as const;
export type PushOutcome = (typeof PUSH_OUTCOMES)[number];
export const PushOutcomeSchema = z.enum(PUSH_OUTCOMES);

/** The empty-value convention a valid sign used. */
export const SIGN_VARIANTS = ["include-empty", "skip-empty"] as const;
export type SignVariant = (typeof SIGN_VARIANTS)[number];

// ---- money -------------------------------------------------------------------------------------------------------

export const COMMISSION_STATUSES = ["estimated", "pending", "available", "reserved", "withdrawn", "void", "clawback"] as const;
export type CommissionStatus = (typeof COMMISSION_STATUSES)[number];
export const CommissionStatusSchema = z.enum(COMMISSION_STATUSES);

/** What a commission row is, from its key: the order's earning, a part a withdrawal split off, an adjustment. */
export const COMMISSION_KINDS = ["earning", "part", "adjustment", "clawback"] as const;
export type CommissionKind = (typeof COMMISSION_KINDS)[number];
export const CommissionKindSchema = z.enum(COMMISSION_KINDS);

export const WITHDRAWAL_STATUSES = ["pending", "approved", "rejected", "paid"] as const;
export type WithdrawalStatus = (typeof WITHDRAWAL_STATUSES)[number];
export const WithdrawalStatusSchema = z.enum(WITHDRAWAL_STATUSES);

export const PAYOUT_METHODS = ["alipay", "wechat", "bank"] as const;
export type PayoutMethod = (typeof PAYOUT_METHODS)[number];
export const PayoutMethodSchema = z.enum(PAYOUT_METHODS);

export const PAYOUT_BATCH_STATUSES = ["exported", "paid"] as const;
export type PayoutBatchStatus = (typeof PAYOUT_BATCH_STATUSES)[number];
export const PayoutBatchStatusSchema = z.enum(PAYOUT_BATCH_STATUSES);

/** 0: the buyer's own member, 1: their inviter, 2: the inviter's inviter. */
export const LEVELS = [0, 1, 2] as const;
export type Level = (typeof LEVELS)[number];
export const LevelSchema = z.union([z.literal(0), z.literal(1), z.literal(2)]);

/** What caused a commission change. */
export const CAUSE_KINDS = ["push", "sync", "admin", "attribution", "claim", "legacy"] as const;
export type CauseKind = (typeof CAUSE_KINDS)[number];

// ---- accounts and the console ------------------------------------------------------------------------------------

export const ROLES = ["ADMIN", "MEMBER"] as const;
export type Role = (typeof ROLES)[number];
export const RoleSchema = z.enum(ROLES);

/** Every action the audit log records (lib/audit.ts callers). */
export const AUDIT_ACTIONS = [
  "withdrawal.approve",
  "withdrawal.reject",
  "withdrawal.pay",
  "withdrawal.override",
  "withdrawal.bulk_approve",
  "payout_batch.export",
  "payout_batch.pay",
  "commission_rules.update",
  "settlement.run",
  "member.rebind_inviter",
  "member.disable",
  "member.enable",
  "member.role",
  "order.assign",
  "order.claim",
  "claim.approve",
  "claim.reject",
  "push.reprocess",
  "push.reprocess_failed",
  "push.reprocess_range",
  "sync.run",
  "activity.create",
  "activity.update",
  "alerts.settings",
  "notify_robot.create",
  "notify_robot.update",
  "notify_robot.delete",
  "wechat_config.update",
  "agreement.update",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
export const AuditActionSchema = z.enum(AUDIT_ACTIONS);

export const AUDIT_TARGET_TYPES = ["withdrawal", "payout_batch", "commission_rules", "settlement", "member", "order", "push", "inbox", "sync", "claim", "activity", "alerts", "notify_robot", "wechat_config", "agreement"] as const;
export type AuditTargetType = (typeof AUDIT_TARGET_TYPES)[number];
export const AuditTargetTypeSchema = z.enum(AUDIT_TARGET_TYPES);

/** The entries of an order's timeline. */
export const TIMELINE_KINDS = ["push", "status", "commission", "audit"] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export const DASHBOARD_RANGES = ["today", "7d", "30d"] as const;
export type DashboardRange = (typeof DASHBOARD_RANGES)[number];
export const DashboardRangeSchema = z.enum(DASHBOARD_RANGES);

export const SYNC_STATUSES = ["running", "done", "failed"] as const;
export type SyncStatus = (typeof SYNC_STATUSES)[number];
export const SyncStatusSchema = z.enum(SYNC_STATUSES);

export const SYNC_TRIGGERS = ["admin", "schedule", "cli"] as const;
export type SyncTrigger = (typeof SYNC_TRIGGERS)[number];
export const SyncTriggerSchema = z.enum(SYNC_TRIGGERS);

// ---- promotion ---------------------------------------------------------------------------------------------------

export const LINK_TYPES = ["h5_short", "h5_long", "deeplink", "miniprogram", "kouling"] as const;
export type LinkType = (typeof LINK_TYPES)[number];
export const LinkTypeSchema = z.enum(LINK_TYPES);

/** Share poster layouts (lib/posters/templates.tsx): 简约, 活动大图, 邀请. An activity names one; a member may pick another. */
export const POSTER_TEMPLATES = ["simple", "photo", "invite"] as const;
export type PosterTemplate = (typeof POSTER_TEMPLATES)[number];
export const PosterTemplateSchema = z.enum(POSTER_TEMPLATES);
/** The kind of client a short-link click came from (lib/links/classify.ts); bot covers crawlers and prefetches. */
export const UA_CLASSES = ["wechat", "alipay", "ios", "android", "desktop", "other", "bot"] as const;
export type UaClass = (typeof UA_CLASSES)[number];
export const UaClassSchema = z.enum(UA_CLASSES);

/** attributed and approved end with the order being the member's; review waits for an admin. */
export const CLAIM_STATUSES = ["review", "attributed", "approved", "rejected"] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];
export const ClaimStatusSchema = z.enum(CLAIM_STATUSES);

/** The review queue's check of the claimed amount against the order's. */
export const CLAIM_AMOUNT_CHECKS = ["match", "mismatch", "no_amount", "unknown"] as const;
export type ClaimAmountCheck = (typeof CLAIM_AMOUNT_CHECKS)[number];
export const ClaimAmountCheckSchema = z.enum(CLAIM_AMOUNT_CHECKS);

/**
 * A code read from a text column, as its enum type. Checked, not assumed: the column cannot say which codes it
 * holds, and a code outside its enum is a bug that should fail here rather than in a browser.
 */
export function storedCode<const T extends readonly (string | number)[]>(codes: T, value: string | number): T[number] {
  if (!(codes as readonly (string | number)[]).includes(value)) throw new Error(`unknown code ${JSON.stringify(value)}, expected one of ${codes.join(", ")}`);
  return value as T[number];
}

// ---- notifications -----------------------------------------------------------------------------------------------

/** What a member is told about (one notification row each, written with the change that caused it). */
export const NOTIFICATION_KINDS = [
  "order_tracked", "order_completed", "order_refunded", "commission_available", "commission_clawback",
  "withdrawal_approved", "withdrawal_paid", "withdrawal_rejected", "team_order",
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
export const NotificationKindSchema = z.enum(NOTIFICATION_KINDS);

/** Off-site channels a member's notifications go out on, besides the in-app center. */
export const MEMBER_CHANNELS = ["wechat", "webpush"] as const;
export type MemberChannel = (typeof MEMBER_CHANNELS)[number];

/** Group robots an operator can send alerts to. */
export const ROBOT_PLATFORMS = ["wecom", "dingtalk", "feishu"] as const;
export type RobotPlatform = (typeof ROBOT_PLATFORMS)[number];
export const RobotPlatformSchema = z.enum(ROBOT_PLATFORMS);

/** What operators are alerted about; each is an incident that opens once and resolves once. */
export const ALERT_KINDS = ["signature_failures", "failed_pushes", "push_silence", "push_gap", "withdrawals_waiting", "job_failing", "database_down"] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
export const AlertKindSchema = z.enum(ALERT_KINDS);

/** The agreements a member accepts at registration (lib/agreements.ts). */
export const AGREEMENT_KINDS = ["terms", "privacy"] as const;
export type AgreementKind = (typeof AGREEMENT_KINDS)[number];
export const AgreementKindSchema = z.enum(AGREEMENT_KINDS, { error: "协议类型只能是 terms 或 privacy" });
