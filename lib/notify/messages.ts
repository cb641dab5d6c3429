// A notification as people read it, in Chinese: its title, one line of detail and where it leads. The center, the
// live toast, WeChat and Web Push all show this same text.
import type { NotificationKind, PayoutMethod } from "../contracts/enums";
import { BUSINESS_LINE_LABEL, LEVEL_LABEL, PAYOUT_METHOD_LABEL, label } from "../labels";
import { formatMoney } from "../money";

/** A notification row with what it names: the order's title and business line, the downline member, the withdrawal. */
export interface NotificationFacts {
  kind: NotificationKind;
  amountFen: number | null;
  count: number | null;
  level: number | null;
  orderId: string | null;
  orderTitle: string | null;
  businessLine: number | null;
  /** For a team order: the downline member as the inviter may see them (李**). */
  buyerMember: string | null;
  payoutMethod: PayoutMethod | null;
}

const orderName = (f: NotificationFacts) => f.orderTitle?.trim() || (f.businessLine !== null ? label(BUSINESS_LINE_LABEL, f.businessLine, "美团订单") : "美团订单");
const money = (fen: number | null) => (fen === null ? "" : formatMoney(fen));

export interface RenderedNotification {
  title: string;
  body: string;
  href: string;
}

export function renderNotification(f: NotificationFacts): RenderedNotification {
  const order = orderName(f);
  switch (f.kind) {
    case "order_tracked":
      return { title: "新订单已跟踪", body: `${order} · 预估佣金 ${money(f.amountFen)}`, href: "/me/orders" };
    case "order_completed":
      return { title: "订单已完成", body: `${order} · 佣金 ${money(f.amountFen)} 进入结算期`, href: "/me/orders" };
    case "order_refunded":
      return { title: "订单已退款", body: `${order} · 佣金 ${money(f.amountFen)} 已失效`, href: "/me/orders" };
    case "commission_available":
      return { title: "佣金已可提现", body: `${money(f.amountFen)} 已结算，可以提现了${f.count && f.count > 1 ? `（${f.count} 笔）` : ""}`, href: "/me/withdraw" };
    case "commission_clawback":
      return { title: "佣金扣回", body: `${order} 退款或调整，扣回 ${money(f.amountFen)}`, href: "/me/earnings" };
    case "withdrawal_approved":
      return { title: "提现已通过审核", body: `${money(f.amountFen)} · 等待打款`, href: "/me/withdraw" };
    case "withdrawal_paid":
      return { title: "提现已打款", body: `${money(f.amountFen)} 已打款${f.payoutMethod ? `到${PAYOUT_METHOD_LABEL[f.payoutMethod]}` : ""}，请查收`, href: "/me/withdraw" };
    case "withdrawal_rejected":
      return { title: "提现被驳回", body: `${money(f.amountFen)} 已退回可提现余额`, href: "/me/withdraw" };
    case "team_order": {
      const who = [f.level === 1 || f.level === 2 ? LEVEL_LABEL[f.level] : "团队", f.buyerMember].filter(Boolean).join(" ");
      return { title: "团队新订单", body: `${who} · ${order} · 你的佣金 ${money(f.amountFen)}`, href: "/me/team" };
    }
  }
}
