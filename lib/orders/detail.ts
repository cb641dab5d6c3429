// One order, everything that happened to it: raw pushes, status changes (applied or ignored, and why),
// commission rows and each of their changes, admin actions — also merged into one timeline.
import { rawDb } from "../db";
import { q } from "../db/query";
import { notFound } from "../api/errors";
import { fenToYuan } from "../money";
import { type OrderStatus } from "../meituan/status";
import { COMMISSION_STATUSES, LEVELS, storedCode, type TimelineKind } from "../contracts/enums";
import { eventDto, orderDto, pushDto } from "./dto";
import { latestRefusedPushes, orderPushCounts, timelinePushes } from "./pushes";
import {
  AUDIT_ACTION_LABEL, COMMISSION_STATUS_LABEL, EVENT_SOURCE_LABEL, IGNORE_REASON_LABEL, LEVEL_SHORT_LABEL, ORDER_STATUS_LABEL, PUSH_OUTCOME_LABEL, REFUND_TYPE_LABEL,
  commissionKind, commissionReasonLabel, commissionRowReason, label, type CommissionStatus,
} from "../labels";
import { orderMoneyView } from "./money";
import { memberLabel } from "../accounts/display";

const statusLabel = (s: string | null) => (s ? (ORDER_STATUS_LABEL[s as OrderStatus] ?? s) : "新订单");

export interface TimelineEntry {
  at: string;
  kind: TimelineKind;
  title: string;
  detail: string | null;
  pushId: number | null;
  commissionId: number | null;
  applied: boolean | null;
}

export async function adminOrderDetail(orderId: string) {
  const raw = rawDb();
  const order = await raw.row(q.selectFrom("orders").selectAll().where("platform", "=", "union").where("orderId", "=", orderId));
  if (!order) throw notFound("订单");
  const [member, events, pushes, refused, commissions, commissionEvents] = await Promise.all([
    order.memberId ? raw.row(q.selectFrom("users").select(["id", "username", "name"]).where("id", "=", order.memberId)) : undefined,
    raw.rows(q.selectFrom("order_events").selectAll().where("orderRef", "=", order.id).orderBy("id", "asc").limit(500)),
    timelinePushes(orderId),
    latestRefusedPushes(orderId),
    raw.rows(q.selectFrom("commissions").selectAll().where("orderRef", "=", order.id).orderBy("level", "asc").orderBy("id", "asc")),
    raw.rows(q.selectFrom("commission_events").selectAll().where("orderRef", "=", order.id).orderBy("id", "asc").limit(1000)),
  ]);
  // Withdrawals that took (or released) this order's rows: their reviews, with any reason given for paying although
  // the balance no longer covered them, belong on the order's timeline too.
  const withdrawalIds = [...new Set(commissionEvents.map((ce) => /:w(\d+)$/.exec(ce.reason)?.[1]).filter((id): id is string => id !== undefined))];
  const pushIds = pushes.map((p) => String(p.id));
  const audits = await raw.rows(
    q
      .selectFrom("audit_logs")
      .selectAll()
      .where((eb) =>
        eb.or([
          eb.and([eb("targetType", "=", "order"), eb("targetId", "=", orderId)]),
          ...(pushIds.length ? [eb.and([eb("targetType", "=", "push"), eb("targetId", "in", pushIds)])] : []),
          ...(withdrawalIds.length ? [eb.and([eb("targetType", "=", "withdrawal"), eb("targetId", "in", withdrawalIds)])] : []),
        ]),
      )
      .orderBy("id", "asc")
      .limit(500),
  );
  const peopleIds = [...new Set([...commissions.map((c) => c.beneficiaryId), ...audits.map((a) => a.actorId)])];
  const people = peopleIds.length ? await raw.rows(q.selectFrom("users").select(["id", "username", "name"]).where("id", "in", peopleIds)) : [];
  const username = new Map(people.map((p) => [p.id, p.username]));
  const labelOf = new Map(people.map((p) => [p.id, memberLabel(p)]));
  const byCommission = new Map(commissions.map((c) => [c.id, c]));

  const timeline: TimelineEntry[] = [
    ...pushes.map((p) => ({
      at: p.receivedAt.toISOString(),
      kind: "push" as const,
      title: `收到推送 #${p.id}：${p.signatureValid ? "签名正确" : "签名错误"}，${label(PUSH_OUTCOME_LABEL, p.outcome)}`,
      detail: p.error,
      pushId: p.id,
      commissionId: null,
      applied: null,
    })),
    ...events.map((e) => ({
      at: e.at.toISOString(),
      kind: "status" as const,
      title: `${e.applied ? "状态变更" : "忽略"}：${statusLabel(e.fromStatus)} → ${statusLabel(e.toStatus)}（美团状态 ${e.upstreamStatus}${e.refundType ? `，退款类型 ${e.refundType}` : ""}）`,
      detail: e.reason ? label(IGNORE_REASON_LABEL, e.reason) : null,
      pushId: e.pushId,
      commissionId: null,
      applied: e.applied,
    })),
    ...commissionEvents.map((ce) => {
      const c = byCommission.get(ce.commissionId);
      const who = c ? `${label(LEVEL_SHORT_LABEL, c.level)} ${labelOf.get(c.beneficiaryId) ?? ""}` : `#${ce.commissionId}`;
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
      title: `${a.actorId === order.memberId && a.action === "order.claim" ? "会员" : "管理员"} ${labelOf.get(a.actorId) ?? ""}：${label(AUDIT_ACTION_LABEL, a.action)}${a.targetType === "withdrawal" ? `（提现 #${a.targetId}）` : ""}`,
      detail: a.reason,
      pushId: a.targetType === "push" ? Number(a.targetId) : null,
      commissionId: null,
      applied: null,
    })),
  ].sort((x, y) => x.at.localeCompare(y.at));

  return {
    order: { ...orderDto(order), ratio: order.ratio, actId: order.actId, quantity: order.quantity, member: member ? { ...member, label: memberLabel(member) } : null, rawPayload: order.rawPayload,
      commissionBase: order.commissionFen === null ? null : fenToYuan(order.commissionFen), commissionSource: order.commissionSource },
    money: await orderMoneyView(order),
    events: events.map(eventDto),
    pushes: [...pushes, ...refused].map(pushDto),
    pushCounts: await orderPushCounts(orderId),
    commissions: commissions.map((c) => ({
      id: c.id,
      level: storedCode(LEVELS, c.level),
      beneficiaryId: c.beneficiaryId,
      beneficiaryUsername: username.get(c.beneficiaryId) ?? null,
      beneficiaryLabel: labelOf.get(c.beneficiaryId) ?? null,
      kind: commissionKind(c.key, c.amountFen),
      withdrawalId: c.withdrawalId,
      base: fenToYuan(c.baseFen),
      rateBps: c.rateBps,
      amount: fenToYuan(c.amountFen),
      status: storedCode(COMMISSION_STATUSES, c.status),
      ruleVersion: c.ruleVersion,
      availableAt: c.availableAt?.toISOString() ?? null,
      reason: commissionRowReason(c, order.orderId),
      createdAt: c.createdAt.toISOString(),
    })),
    timeline,
  };
}
