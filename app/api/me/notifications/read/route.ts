import { memberRoute } from "@/lib/api/handler";
import { MarkReadBody, Unread } from "@/lib/contracts/notifications";
import { markRead } from "@/lib/notify/center";

export const POST = memberRoute(async ({ user, body }) => markRead(user.id, await body(MarkReadBody)), { response: Unread });
