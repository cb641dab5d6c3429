import { memberRoute, SMALL_BODY_LIMIT } from "@/lib/api/handler";
import { MemberPush, PushSubscribeBody, PushSubscribed, PushUnsubscribeBody } from "@/lib/contracts/notify";
import { subscribe, subscriptionCount, unsubscribe } from "@/lib/notify/webpush/store";
import { vapid } from "@/lib/notify/webpush/vapid";

// A PushSubscription is a few hundred bytes: the small limit.
export const GET = memberRoute(async ({ user }) => ({ publicKey: vapid().publicKey, subscriptions: await subscriptionCount(user.id) }), { response: MemberPush });
export const POST = memberRoute(async ({ user, body, req }) => subscribe(user.id, await body(PushSubscribeBody), req.headers.get("user-agent")), { response: PushSubscribed, maxBody: SMALL_BODY_LIMIT });
export const DELETE = memberRoute(async ({ user, body }) => unsubscribe(user.id, (await body(PushUnsubscribeBody)).endpoint), { response: PushSubscribed, maxBody: SMALL_BODY_LIMIT });
