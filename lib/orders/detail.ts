// One order, everything that happened to it: raw pushes, status changes (applied or ignored, and why),
// commission rows and each of their changes, admin actions — also merged into one timeline.
import { db } from "../db";
import { notFound } from "../api/errors";
import { fenToYuan } from "../money";
import { type OrderStatus } from "../meituan/status";
import { eventDto, orderDto, pushDto } from "./dto";
import { type IgnoreReason } from "./ordering";
import { ORDER_STATUS_LABEL, COMMISSION_STATUS_LABEL, type CommissionStatus, AUDIT_ACTION_LABEL, commissionReasonLabel, IGNORE_REASON_LABEL } from "../labels";

const statusLabel = (s: string | null) => (s ? (ORDER_STATUS_LABEL[s as OrderStatus] ?? s) : "新订单");
const OUTCOME_LABEL: Record<string, string> = { applied: "已应用", ignored: "已忽略", duplicate: "重复", rejected: "已拒收", failed: "处理失败", received: "已接收" };
const LEVEL_LABEL = ["L0 自己", "L1 一级", "L2 二级"];

export interface TimelineEntry {
  at: string;
  kind: "push" | "status" | "commission" | "audit";
  title: string;
  detail: string | null;
  pushId: number | null;
  commissionId: number | null;
  applied: boolean | null;
}

export async function adminOrderDetail(orderId: string) {
  const order = await db().order.findUnique({
    where: { platform_orderId: { platform: "union", orderId } },
    include: { member: { select: { id: true, username: true, name: true } } },
  });
  if (!order) throw notFound("订单");
  const [events, pushes, commissions, commissionEvents] = await Promise.all([
    db().orderEvent.findMany({ where: { orderRef: order.id }, orderBy: { id: "asc" }, take: 500 }),
    db().inboxPush.findMany({ where: { orderId }, orderBy: { id: "asc" }, take: 500 }),
    db().commission.findMany({ where: { orderRef: order.id }, orderBy: [{ level: "asc" }, { id: "asc" }] }),
    db().commissionEvent.findMany({ where: { orderRef: order.id }, orderBy: { id: "asc" }, take: 1000 }),
  ]);
  const audits = await db().auditLog.findMany({
    where: { OR: [{ targetType: "order", targetId: orderId }, { targetType: "push", targetId: { in: pushes.map((p) => String(p.id)) } }] },
    orderBy: { id: "asc" },
    take: 500,
  });
  const people = await db().user.findMany({
    where: { id: { in: [...new Set([...commissions.map((c) => c.beneficiaryId), ...audits.map((a) => a.actorId)])] } },
    select: { id: true, username: true },
  });
  const username = new Map(people.map((p) => [p.id, p.username]));
  const byCommission = new Map(commissions.map((c) => [c.id, c]));

  const timeline: TimelineEntry[] = [
    ...pushes.map((p) => ({
      at: p.receivedAt.toISOString(),
      kind: "push" as const,
      title: `收到推送 #${p.id}：${p.signatureValid ? "签名正确" : "签名错误"}，${OUTCOME_LABEL[p.outcome] ?? p.outcome}`,
      detail: p.error,
      pushId: p.id,
      commissionId: null,
      applied: null,
    })),
    ...events.map((e) => ({
      at: e.at.toISOString(),
      kind: "status" as const,
      title: `${e.applied ? "状态变更" : "忽略"}：${statusLabel(e.fromStatus)} → ${statusLabel(e.toStatus)}（美团状态 ${e.upstreamStatus}${e.refundType ? `，退款类型 ${e.refundType}` : ""}）`,
      detail: e.reason ? (IGNORE_REASON_LABEL[e.reason as IgnoreReason] ?? e.reason) : null,
      pushId: e.pushId,
      commissionId: null,
      applied: e.applied,
    })),
    ...commissionEvents.map((ce) => {
      const c = byCommission.get(ce.commissionId);
      const who = c ? `${LEVEL_LABEL[c.level] ?? `L${c.level}`} ${username.get(c.beneficiaryId) ?? c.beneficiaryId}` : `#${ce.commissionId}`;
      const from = ce.fromStatus ? `${COMMISSION_STATUS_LABEL[ce.fromStatus as CommissionStatus] ?? ce.fromStatus} ¥${fenToYuan(ce.fromAmountFen ?? 0)}` : "新建";
      return {
        at: ce.at.toISOString(),
        kind: "commission" as const,
        title: `佣金 ${who}：${from} → ${COMMISSION_STATUS_LABEL[ce.toStatus as CommissionStatus] ?? ce.toStatus} ¥${fenToYuan(ce.toAmountFen)}`,
        detail: commissionReasonLabel(ce.reason),
        pushId: null,
        commissionId: ce.commissionId,
        applied: null,
      };
    }),
    ...audits.map((a) => ({
      at: a.at.toISOString(),
      kind: "audit" as const,
      title: `${a.actorId === order.memberId && a.action === "order.claim" ? "会员" : "管理员"} ${username.get(a.actorId) ?? a.actorId}：${AUDIT_ACTION_LABEL[a.action] ?? a.action}`,
      detail: a.reason,
      pushId: a.targetType === "push" ? Number(a.targetId) : null,
      commissionId: null,
      applied: null,
    })),
  ].sort((x, y) => x.at.localeCompare(y.at));

  return {
    order: { ...orderDto(order), ratio: order.ratio, actId: order.actId, quantity: order.quantity, member: order.member, rawPayload: order.rawPayload,
      commissionBase: order.commissionFen === null ? null : fenToYuan(order.commissionFen), commissionSource: order.commissionSource },
    events: events.map(eventDto),
    pushes: pushes.map(pushDto),
    commissions: commissions.map((c) => ({
      id: c.id,
      level: c.level,
      beneficiaryId: c.beneficiaryId,
      beneficiaryUsername: username.get(c.beneficiaryId) ?? null,
      key: c.key,
      base: fenToYuan(c.baseFen),
      rateBps: c.rateBps,
      amount: fenToYuan(c.amountFen),
      status: c.status,
      ruleVersion: c.ruleVersion,
      availableAt: c.availableAt?.toISOString() ?? null,
      reason: c.reason,
      createdAt: c.createdAt.toISOString(),
    })),
    timeline,
  };
}
