// The member's notification center: their notifications newest first, the unread count, marking read, and which
// kinds also go off-site. Every read is the member's own rows (userId), on the (userId, id) index.
import { rawDb } from "../db";
import { changes, exec, first, q, type Rows, type Work } from "../db/query";
import { decodeKey, encodeKey } from "../api/cursor";
import { NOTIFICATION_KINDS, PAYOUT_METHODS, storedCode, type NotificationKind } from "../contracts/enums";
import type { MarkReadBody, NotificationItem, NotificationPage, NotificationPreferences } from "../contracts/notifications";
import { maskedPersonName } from "../accounts/display";
import { fenToYuan } from "../money";
import { renderNotification, type NotificationFacts } from "./messages";

const withFacts = () =>
  q.selectFrom("notifications as n")
    .leftJoin("orders as o", "o.id", "n.orderRef")
    .leftJoin("users as b", "b.id", "o.memberId")
    .leftJoin("withdrawals as w", "w.id", "n.withdrawalId")
    .select([
      "n.id", "n.userId", "n.kind", "n.amountFen", "n.count", "n.level", "n.createdAt", "n.readAt",
      "o.orderId", "o.title as orderTitle", "o.businessLine", "b.name as buyerName", "b.username as buyerUsername", "w.method as payoutMethod",
    ]);

type FactRow = Rows<ReturnType<typeof withFacts>>[number];

export function factsOf(r: FactRow): NotificationFacts {
  const kind = storedCode(NOTIFICATION_KINDS, r.kind);
  return {
    kind,
    amountFen: r.amountFen,
    count: r.count,
    level: r.level,
    orderId: r.orderId,
    orderTitle: r.orderTitle,
    businessLine: r.businessLine,
    buyerMember: kind === "team_order" && r.buyerUsername ? maskedPersonName({ name: r.buyerName, username: r.buyerUsername }) : null,
    payoutMethod: r.payoutMethod ? storedCode(PAYOUT_METHODS, r.payoutMethod) : null,
  };
}

function itemOf(r: FactRow): NotificationItem {
  const facts = factsOf(r);
  const text = renderNotification(facts);
  return {
    id: r.id, kind: facts.kind, ...text, orderId: r.orderId, amount: r.amountFen === null ? null : fenToYuan(r.amountFen),
    createdAt: r.createdAt.toISOString(), read: r.readAt !== null,
  };
}

export function* unreadOf(userId: string): Work<number> {
  const row = yield* first(q.selectFrom("notifications").select((eb) => eb.fn.countAll<number>().as("n")).where("userId", "=", userId).where("readAt", "is", null));
  return Number(row?.n ?? 0);
}

/** One page of the member's notifications, newest first, and how many are unread. */
export async function listNotifications(userId: string, page: { cursor?: string; limit: number }): Promise<NotificationPage> {
  return rawDb().run(function* () {
    const after = page.cursor ? decodeKey(page.cursor).id : null;
    let query = withFacts().where("n.userId", "=", userId).orderBy("n.id", "desc").limit(page.limit + 1);
    if (after !== null) query = query.where("n.id", "<", after);
    const rows = yield* exec(query);
    const items = rows.slice(0, page.limit);
    const last = items[items.length - 1];
    return {
      items: items.map(itemOf),
      unread: yield* unreadOf(userId),
      nextCursor: rows.length > page.limit && last ? encodeKey(last.id, last.id) : null,
    };
  });
}

/** One notification with what it names, for a channel to render (lib/notify/delivery.ts). */
export function* notificationWithFacts(id: number) {
  const row = yield* first(withFacts().where("n.id", "=", id));
  return row ? { id: row.id, userId: row.userId, createdAt: row.createdAt, orderId: row.orderId, amountFen: row.amountFen, facts: factsOf(row) } : undefined;
}

/** The member's notifications after `afterId` (the live stream's catch-up), oldest first. */
export function* notificationsAfter(userId: string, afterId: number, limit: number): Work<NotificationItem[]> {
  const rows = yield* exec(withFacts().where("n.userId", "=", userId).where("n.id", ">", afterId).orderBy("n.id", "asc").limit(limit));
  return rows.map(itemOf);
}

/** The member's newest notification id (where a new stream starts: it shows what comes, not the history). */
export function* newestNotificationId(userId: string): Work<number> {
  const row = yield* first(q.selectFrom("notifications").select("id").where("userId", "=", userId).orderBy("id", "desc").limit(1));
  return row?.id ?? 0;
}

/** Marks the member's notifications read (only theirs: other ids change nothing); returns the unread left. */
export async function markRead(userId: string, body: MarkReadBody, now = new Date()): Promise<{ unread: number }> {
  return rawDb().transaction(function* () {
    let update = q.updateTable("notifications").set({ readAt: now }).where("userId", "=", userId).where("readAt", "is", null);
    if ("ids" in body) update = update.where("id", "in", body.ids);
    yield* changes(update);
    return { unread: yield* unreadOf(userId) };
  });
}

export async function notificationPreferences(userId: string): Promise<NotificationPreferences> {
  const muted = new Set((await rawDb().rows(q.selectFrom("notification_mutes").select("kind").where("userId", "=", userId))).map((r) => r.kind));
  return { kinds: NOTIFICATION_KINDS.map((kind) => ({ kind, offsite: !muted.has(kind) })) };
}

export async function saveNotificationPreferences(userId: string, kinds: { kind: NotificationKind; offsite: boolean }[]): Promise<NotificationPreferences> {
  await rawDb().transaction(function* () {
    for (const k of kinds) {
      if (k.offsite) yield* exec(q.deleteFrom("notification_mutes").where("userId", "=", userId).where("kind", "=", k.kind));
      else yield* exec(q.insertInto("notification_mutes").values({ userId, kind: k.kind }).onConflict((oc) => oc.columns(["userId", "kind"]).doNothing()));
    }
  });
  return notificationPreferences(userId);
}
