// Members' Web Push subscriptions: one row per browser endpoint (the endpoint's SHA-256 is the delivery target
// key). A browser that re-subscribes under another login moves to that member.
import { createHash } from "node:crypto";
import type { z } from "zod";
import { ApiError } from "../../api/errors";
import { rawDb } from "../../db";
import { exec, q } from "../../db/query";
import type { PushSubscribeBody } from "../../contracts/notify";
import { pushEndpointRefusal } from "./endpoints";

/** Browsers a member may have subscribed at once; the oldest beyond are dropped. */
export const MAX_SUBSCRIPTIONS_PER_MEMBER = 10;

export const endpointHash = (endpoint: string) => createHash("sha256").update(endpoint).digest("hex");

export async function subscribe(userId: string, input: z.infer<typeof PushSubscribeBody>, userAgent: string | null) {
  const refusal = pushEndpointRefusal(input.endpoint);
  if (refusal) throw new ApiError(422, "invalid", refusal, { endpoint: [refusal] });
  const hash = endpointHash(input.endpoint);
  const now = new Date();
  await rawDb().transaction(function* () {
    yield* exec(q.deleteFrom("push_subscriptions").where("endpointHash", "=", hash));
    yield* exec(
      q.insertInto("push_subscriptions").values({ userId, endpointHash: hash, endpoint: input.endpoint, p256dh: input.keys.p256dh, auth: input.keys.auth, userAgent: userAgent?.slice(0, 300) ?? null, createdAt: now }),
    );
    const keep = yield* exec(q.selectFrom("push_subscriptions").select("id").where("userId", "=", userId).orderBy("id", "desc").limit(MAX_SUBSCRIPTIONS_PER_MEMBER));
    yield* exec(q.deleteFrom("push_subscriptions").where("userId", "=", userId).where("id", "not in", keep.map((k) => k.id)));
  });
  return { subscribed: true };
}

export async function unsubscribe(userId: string, endpoint: string) {
  await rawDb().run(() => exec(q.deleteFrom("push_subscriptions").where("endpointHash", "=", endpointHash(endpoint)).where("userId", "=", userId)));
  return { subscribed: false };
}

export const subscriptionCount = async (userId?: string) => {
  let query = q.selectFrom("push_subscriptions").select((eb) => eb.fn.countAll<number>().as("n"));
  if (userId) query = query.where("userId", "=", userId);
  return Number((await rawDb().row(query))?.n ?? 0);
};
