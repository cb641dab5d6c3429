// What the delivery job hands a channel, and what a channel answers. The channels (WeChat, Web Push, group
// robots) know nothing of the outbox; the outbox knows nothing of their formats.
import type { Work } from "../db/query";
import type { AlertKind, MemberChannel, NotificationKind, RobotPlatform } from "../contracts/enums";

/** One member notification, rendered in Chinese, ready for any channel. */
export interface MemberMessage {
  notificationId: number;
  /** users.id (a string id, like every user reference). */
  userId: string;
  kind: NotificationKind;
  /** Short line, e.g. "新订单已跟踪". */
  title: string;
  /** One or two lines, e.g. "美团外卖 · 预估佣金 ¥2.20". */
  body: string;
  /** Absolute URL back into the portal (the order, the withdrawal, the center). */
  url: string;
  /** The order's Meituan id, when the notification is about one. */
  orderId: string | null;
  /** Money the notification is about, in fen, when it has one. */
  amountFen: number | null;
  at: Date;
  /**
   * The delivery's own key (one per notification, channel and target): a channel that can deduplicate sends it
   * along (WeChat's client_msg_id, Web Push's Topic), so a send repeated after a crash reaches the member once.
   */
  deliveryKey?: string;
}

/** Where a member's message goes on one channel: a bound WeChat openid, a Web Push subscription. */
export interface MemberTarget {
  channel: MemberChannel;
  /** Stable per (channel, target): the openid, the subscription endpoint's id. Deliveries are unique on it. */
  targetKey: string;
}

/** One operator alert: an incident opening, or its resolution. */
export interface OperatorAlert {
  /** The incident's id: a robot gets each (incident, state) once. */
  incidentId: number;
  kind: AlertKind;
  state: "open" | "resolved";
  title: string;
  /** Markdown-free Chinese text, a few lines. */
  body: string;
  /** Absolute URL into the console. */
  url: string;
  at: Date;
  deliveryKey?: string;
}

export interface RobotTarget {
  id: number;
  platform: RobotPlatform;
  url: string;
  /** 钉钉 加签 / 飞书 签名校验 secret; null when the robot has none. */
  secret: string | null;
}

/**
 * What one send did. `retry`: a timeout, 5xx or rate limit — try again later. `gone`: the target no longer
 * exists (unsubscribed push endpoint, openid that unfollowed) — the delivery is dropped and the target forgotten.
 */
export type DeliveryResult = { ok: true } | { ok: false; retry: boolean; gone?: boolean; error: string };

/** What the delivery job needs of the channels: where a member's messages go, how to send, whom to alert. */
export interface Channels {
  /** Of these members, those with any off-site target at all (one query for a batch; most members have none). */
  reachable(userIds: string[]): Work<Set<string>>;
  memberTargets(userId: string): Work<MemberTarget[]>;
  sendToMember(target: MemberTarget, message: MemberMessage): Promise<DeliveryResult>;
  /** The target is gone (unsubscribed, unfollowed): stop sending to it. */
  forgetTarget(target: MemberTarget): Work<void>;
  robotsFor(kind: AlertKind): Work<RobotTarget[]>;
  robotById(id: number): Work<RobotTarget | undefined>;
  sendRobot(target: RobotTarget, alert: OperatorAlert): Promise<DeliveryResult>;
  recordRobotResult(robotId: number, result: DeliveryResult, at: Date): Work<void>;
}
