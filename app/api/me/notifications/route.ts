import { memberRoute } from "@/lib/api/handler";
import { NotificationListQuery, NotificationPage } from "@/lib/contracts/notifications";
import { listNotifications } from "@/lib/notify/center";

export const GET = memberRoute(async ({ user, query }) => listNotifications(user.id, query(NotificationListQuery)), { response: NotificationPage });
