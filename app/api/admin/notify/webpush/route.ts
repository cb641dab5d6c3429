import { adminRoute } from "@/lib/api/handler";
import { WebPushStatus } from "@/lib/contracts/notify";
import { subscriptionCount } from "@/lib/notify/webpush/store";
import { vapid } from "@/lib/notify/webpush/vapid";

export const GET = adminRoute(async () => {
  const keys = vapid();
  return { publicKey: keys.publicKey, source: keys.source, subject: keys.subject, subscriptions: await subscriptionCount() };
}, { response: WebPushStatus });
