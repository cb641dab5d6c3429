// The member's notification center and live stream, as the API returns them, and what a member sends.
import { z } from "zod";
import { cursorParam, Instant, limitParam, MAX_INT4, Yuan } from "./common";
import { NotificationKindSchema } from "./enums";

export const NotificationItem = z.object({
  id: z.number().int(),
  kind: NotificationKindSchema,
  title: z.string(),
  body: z.string(),
  /** Where the notification leads in the portal. */
  href: z.string(),
  /** The Meituan order it is about, when it is about one. */
  orderId: z.string().nullable(),
  amount: Yuan.nullable(),
  createdAt: Instant,
  read: z.boolean(),
});
export type NotificationItem = z.infer<typeof NotificationItem>;

export const NotificationPage = z.object({ items: z.array(NotificationItem), unread: z.number().int(), nextCursor: z.string().nullable() });
export type NotificationPage = z.infer<typeof NotificationPage>;

export const NotificationListQuery = z.object({ cursor: cursorParam, limit: limitParam(20, 50) });

export const MarkReadBody = z.union([
  z.object({ all: z.literal(true) }).strict(),
  z.object({ ids: z.array(z.number().int().min(1).max(MAX_INT4)).min(1, "请选择通知").max(200, "一次最多 200 条") }).strict(),
], { error: "请提供要标记已读的通知（ids）或 all: true" });
export type MarkReadBody = z.infer<typeof MarkReadBody>;

export const Unread = z.object({ unread: z.number().int() });

/** Per kind: whether it also goes to the member's WeChat / phone (the center lists every kind). */
export const NotificationPreferences = z.object({ kinds: z.array(z.object({ kind: NotificationKindSchema, offsite: z.boolean() })) });
export type NotificationPreferences = z.infer<typeof NotificationPreferences>;

export const PreferencesBody = z.object({ kinds: z.array(z.object({ kind: NotificationKindSchema, offsite: z.boolean() }).strict()).min(1).max(20) }).strict();

/** One event of the live stream (GET /api/me/stream, event "notification"). */
export const LiveNotification = NotificationItem;
