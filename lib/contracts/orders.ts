// Orders as the API returns them: the member's list, the admin's list with its money, totals, the order page with
// its events, pushes, commission rows and timeline, and assigning unattributed orders; and the requests: the
// admin's order filter, an order's push pages, assigning.
import { z } from "zod";
import { cursorParam, dayParam, Instant, limitParam, MemberRef, page, PageQuery, Yuan } from "./common";
import { BASE_SOURCES, COMMISSION_KINDS, COMMISSION_STATUSES, ORDER_STATUSES, EVENT_SOURCES, LevelSchema, OrderStatusSchema, ORDER_SOURCES, PushOutcomeSchema, SIGN_VARIANTS, TIMELINE_KINDS } from "./enums";
import { CommissionItem, MemberOrderCommission } from "./earnings";

export const Order = z.object({
  orderId: z.string(),
  sid: z.string().nullable(),
  memberId: z.string().nullable(),
  title: z.string().nullable(),
  status: OrderStatusSchema,
  upstreamStatus: z.string(),
  refundType: z.string().nullable(),
  businessLine: z.number().int().nullable(),
  subBusinessLine: z.number().int().nullable(),
  payAmount: Yuan.nullable(),
  totalAmount: Yuan.nullable(),
  paidAt: Instant.nullable(),
  occurredAt: Instant,
  upstreamUpdatedAt: Instant.nullable(),
  /** Anomalies (lib/labels.ts ORDER_FLAG_LABEL). */
  flags: z.array(z.string()),
  source: z.enum(ORDER_SOURCES),
  createdAt: Instant,
  updatedAt: Instant,
});
export type Order = z.infer<typeof Order>;

/** A member's order with their own share of it (null: none of its rows is theirs). */
export const MemberOrder = Order.extend({ commission: MemberOrderCommission.nullable() });
export type MemberOrder = z.infer<typeof MemberOrder>;
export const MemberOrderPage = page(MemberOrder);

/** 我的订单's tab (an order status) and search: an order number, or words of the title. */
export const MemberOrderQuery = PageQuery.extend({
  status: z.enum(ORDER_STATUSES, { error: "订单状态无效" }).optional(),
  q: z.string().trim().max(64, "搜索词最多 64 个字").optional().transform((v) => v || undefined),
});
export type MemberOrderQuery = z.infer<typeof MemberOrderQuery>;

/** One level's share of an order's base. */
export const LevelShare = z.object({ level: LevelSchema, memberId: z.string(), /** Name and masked login. */ label: z.string().nullable(), amount: Yuan });

/** An order's money as every view counts it, from its stored base. */
export const OrderMoney = z.object({
  gmv: Yuan,
  refund: Yuan.nullable(),
  commission: Yuan,
  commissionSource: z.enum(BASE_SOURCES),
  levels: z.array(LevelShare),
  memberCommission: Yuan,
  margin: Yuan,
});
export type OrderMoney = z.infer<typeof OrderMoney>;

export const AdminOrder = Order.extend({ member: MemberRef.nullable(), money: OrderMoney });
export type AdminOrder = z.infer<typeof AdminOrder>;
export const AdminOrderPage = page(AdminOrder);

export const OrderTotals = z.object({ count: z.number().int(), gmv: Yuan, commission: Yuan, memberCommission: Yuan, margin: Yuan });
export type OrderTotals = z.infer<typeof OrderTotals>;

export const OrderEvent = z.object({
  from: OrderStatusSchema.nullable(),
  to: OrderStatusSchema,
  upstreamStatus: z.string(),
  refundType: z.string().nullable(),
  source: z.enum(EVENT_SOURCES),
  applied: z.boolean(),
  /** older_push / not_newer for an ignored event (lib/labels.ts IGNORE_REASON_LABEL). */
  reason: z.string().nullable(),
  at: Instant,
  upstreamUpdatedAt: Instant.nullable(),
  pushId: z.number().int().nullable(),
});
export type OrderEvent = z.infer<typeof OrderEvent>;

/** A stored callback request; `body` is there where the list shows bodies. */
export const Push = z.object({
  id: z.number().int(),
  receivedAt: Instant,
  signatureValid: z.boolean(),
  signVariant: z.enum(SIGN_VARIANTS).nullable(),
  outcome: PushOutcomeSchema,
  error: z.string().nullable(),
  remoteAddr: z.string().nullable(),
  contentType: z.string().nullable(),
  processingMs: z.number().nullable(),
  body: z.string().optional(),
  bodyTruncated: z.boolean().optional(),
});
export type Push = z.infer<typeof Push>;
export const PushPage = page(Push);

/** A commission row of the order, whoever's it is. */
export const OrderCommissionRow = CommissionItem.omit({ orderId: true, orderTitle: true }).extend({
  beneficiaryId: z.string(),
  beneficiaryUsername: z.string().nullable(),
  /** Name and masked login. */
  beneficiaryLabel: z.string().nullable(),
  kind: z.enum(COMMISSION_KINDS),
});
export type OrderCommissionRow = z.infer<typeof OrderCommissionRow>;

export const TimelineEntry = z.object({
  at: Instant,
  kind: z.enum(TIMELINE_KINDS),
  title: z.string(),
  detail: z.string().nullable(),
  pushId: z.number().int().nullable(),
  commissionId: z.number().int().nullable(),
  applied: z.boolean().nullable(),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

export const AdminOrderDetail = z.object({
  order: Order.extend({
    ratio: z.string().nullable(),
    actId: z.string().nullable(),
    quantity: z.number().int().nullable(),
    member: z.object({ id: z.string(), name: z.string().nullable(), username: z.string(), label: z.string() }).nullable(),
    rawPayload: z.string(),
    /** Meituan's commission as stored (the estimate or reconciliation's profit). */
    commissionBase: Yuan.nullable(),
    commissionSource: z.string().nullable(),
  }),
  money: OrderMoney.extend({
    payAmount: Yuan.nullable(),
    ratio: z.string().nullable(),
    meituanCommission: Yuan.nullable(),
    meituanCommissionSource: z.string().nullable(),
  }),
  events: z.array(OrderEvent),
  /** The signature-valid pushes, oldest first, then the newest refused ones (each list paged through /pushes). */
  pushes: z.array(Push),
  pushCounts: z.object({ valid: z.number().int(), invalid: z.number().int() }),
  commissions: z.array(OrderCommissionRow),
  timeline: z.array(TimelineEntry),
});
export type AdminOrderDetail = z.infer<typeof AdminOrderDetail>;

/** What an action does to members' money (lib/earnings/effect.ts). */
export const MoneyChange = z.object({
  total: Yuan,
  memberCount: z.number().int(),
  members: z.array(z.object({ memberId: z.string(), username: z.string().nullable(), change: Yuan })),
});
export type MoneyChange = z.infer<typeof MoneyChange>;

const Skipped = z.array(z.object({ orderId: z.string(), message: z.string() }));

export const AssignResult = z.object({ assigned: z.array(z.string()), skipped: Skipped });
export type AssignResult = z.infer<typeof AssignResult>;

export const AssignPreview = z.object({
  member: z.object({ id: z.string(), username: z.string() }),
  assigned: z.array(z.string()),
  skipped: Skipped,
  money: MoneyChange,
});
export type AssignPreview = z.infer<typeof AssignPreview>;

// ---- requests ----------------------------------------------------------------------------------------------------

export const AdminOrderQuery = PageQuery.extend({
  orderId: z.string().trim().max(64).optional(),
  sid: z.string().trim().max(64).optional(),
  status: z.enum(ORDER_STATUSES, { error: "状态无效" }).optional(),
  memberId: z.string().trim().max(64).optional(),
  /** Who the operator typed: a phone or email (prefix), a name (prefix) or a sid. */
  member: z.string().trim().max(100).optional(),
  attributed: z.enum(["yes", "no"], { error: "attributed 应为 yes 或 no" }).optional(),
  from: dayParam("开始日期").optional(),
  to: dayParam("结束日期").optional(),
  businessLine: z.coerce.number({ error: "业务线必须是整数" }).int("业务线必须是整数").min(0).max(100000).optional(),
  moneyStatus: z.enum(COMMISSION_STATUSES, { error: "佣金状态无效" }).optional(),
  sort: z.enum(["time_desc", "time_asc", "amount_desc"], { error: "排序方式无效" }).default("time_desc"),
});
export type AdminOrderFilter = z.infer<typeof AdminOrderQuery>;
export type OrderSort = AdminOrderFilter["sort"];

export const OrderPushQuery = z.object({
  signature: z.enum(["valid", "invalid"], { error: "signature 只能是 valid 或 invalid" }).default("valid"),
  cursor: cursorParam,
  limit: limitParam(50),
});

export const AssignBody = z.object({
  orderIds: z.array(z.string().trim().min(1).max(64), { error: "请选择订单" }).min(1, "请选择订单").max(500, "一次最多 500 个订单"),
  member: z.string({ error: "请填写会员（sid、用户名或会员 ID）" }).trim().min(1, "请填写会员（sid、用户名或会员 ID）").max(100),
  reason: z.string({ error: "请填写原因" }).trim().min(2, "请填写原因").max(500, "原因最多 500 字"),
});
export const AssignPreviewBody = AssignBody.omit({ reason: true });
