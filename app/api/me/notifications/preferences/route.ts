import { memberRoute } from "@/lib/api/handler";
import { NotificationPreferences, PreferencesBody } from "@/lib/contracts/notifications";
import { notificationPreferences, saveNotificationPreferences } from "@/lib/notify/center";

export const GET = memberRoute(async ({ user }) => notificationPreferences(user.id), { response: NotificationPreferences });

export const PUT = memberRoute(async ({ user, body }) => saveNotificationPreferences(user.id, (await body(PreferencesBody)).kinds), { response: NotificationPreferences });
