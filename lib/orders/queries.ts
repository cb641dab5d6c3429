// Reading orders for the member and admin pages. Every list is keyset-paginated on an index.
import { z } from "zod";
import { db } from "../db";
import { afterCursor, encodeCursor } from "../api/cursor";
import { notFound } from "../api/errors";
import { ORDER_STATUSES } from "../meituan/status";
import { beijingDayEnd, beijingDayStart, isValidDay } from "../time";
import { eventDto, orderDto, pushDto } from "./dto";
import { ownCommissionsFor } from "../earnings/portal";

const day = (label: string) => z.string().refine(isValidDay, `${label}格式应为 YYYY-MM-DD`);

export const PageQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number({ error: "limit 必须是数字" }).int().min(1, "limit 至少为 1").max(100, "limit 最多为 100").default(20),
});

export const AdminOrderQuery = PageQuery.extend({
  orderId: z.string().trim().max(64).optional(),
  sid: z.string().trim().max(64).optional(),
  status: z.enum(ORDER_STATUSES, { error: "状态无效" }).optional(),
  memberId: z.string().trim().max(64).optional(),
  attributed: z.enum(["yes", "no"], { error: "attributed 应为 yes 或 no" }).optional(),
  from: day("开始日期").optional(),
  to: day("结束日期").optional(),
});
export type AdminOrderFilter = z.infer<typeof AdminOrderQuery>;

const ORDER_SELECT = {
  id: true, commissionSource: true, orderId: true, sid: true, memberId: true, title: true, status: true, upstreamStatus: true, refundType: true,
  businessLine: true, subBusinessLine: true, payFen: true, totalFen: true, paidAt: true, upstreamUpdatedAt: true,
  occurredAt: true, flags: true, source: true, createdAt: true, updatedAt: true,
} as const;

async function fetchPage(where: Record<string, unknown>, q: { cursor?: string; limit: number }) {
  const rows = await db().order.findMany({
    where: { AND: [where, afterCursor("occurredAt", q.cursor)] },
    orderBy: [{ occurredAt: "desc" }, { id: "desc" }],
    take: q.limit + 1,
    select: ORDER_SELECT,
  });
  const more = rows.length > q.limit;
  const items = rows.slice(0, q.limit);
  const last = items[items.length - 1];
  return { rows: items, nextCursor: more && last ? encodeCursor(last.occurredAt, last.id) : null };
}

async function page(where: Record<string, unknown>, q: { cursor?: string; limit: number }) {
  const { rows, nextCursor } = await fetchPage(where, q);
  return { items: rows.map(orderDto), nextCursor };
}

/** The member's orders, each with their own share of it and where that share stands. */
export async function listMemberOrders(memberId: string, q: z.infer<typeof PageQuery>) {
  const { rows, nextCursor } = await fetchPage({ memberId }, q);
  const own = await ownCommissionsFor(memberId, rows.map((r) => r.id));
  return {
    items: rows.map((o) => {
      const c = own.get(o.id);
      return { ...orderDto(o), commission: c ? { ...c, baseSource: o.commissionSource ?? "estimate" } : null };
    }),
    nextCursor,
  };
}

export function adminOrderWhere(f: AdminOrderFilter): Record<string, unknown> {
  const occurredAt: Record<string, Date> = {};
  if (f.from) occurredAt.gte = beijingDayStart(f.from);
  if (f.to) occurredAt.lt = beijingDayEnd(f.to);
  return {
    ...(f.orderId ? { orderId: f.orderId } : {}),
    ...(f.sid ? { sid: f.sid } : {}),
    ...(f.status ? { status: f.status } : {}),
    ...(f.memberId ? { memberId: f.memberId } : {}),
    ...(f.attributed === "yes" ? { memberId: { not: null } } : f.attributed === "no" ? { memberId: null } : {}),
    ...(Object.keys(occurredAt).length ? { occurredAt } : {}),
  };
}

export function listAdminOrders(f: AdminOrderFilter) {
  return page(adminOrderWhere(f), f);
}

export async function adminOrderDetail(orderId: string) {
  const order = await db().order.findUnique({
    where: { platform_orderId: { platform: "union", orderId } },
    select: { ...ORDER_SELECT, ratio: true, actId: true, quantity: true, rawPayload: true, member: { select: { id: true, username: true, name: true } } },
  });
  if (!order) throw notFound("订单");
  const [events, pushes] = await Promise.all([
    db().orderEvent.findMany({ where: { orderRef: order.id }, orderBy: { id: "asc" }, take: 500 }),
    db().inboxPush.findMany({ where: { orderId }, orderBy: { id: "asc" }, take: 500 }),
  ]);
  return {
    order: {
      ...orderDto(order),
      ratio: order.ratio,
      actId: order.actId,
      quantity: order.quantity,
      member: order.member,
      rawPayload: order.rawPayload,
    },
    events: events.map(eventDto),
    pushes: pushes.map(pushDto),
  };
}
