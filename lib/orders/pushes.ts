// An order's raw pushes on its admin page, in two lists: the signature-valid ones (Meituan's) first, and the
// refused ones apart. Anyone can send requests naming an order, so forged ones must never crowd Meituan's out:
// each list is paged on its own index range (orderId, signatureValid, id) and counted separately.
import { z } from "zod";
import { db } from "../db";
import { decodeKey, encodeKey } from "../api/cursor";
import { cursorParam, limitParam } from "../api/params";
import { pushDto } from "./dto";

/** How many of an order's signature-valid pushes its timeline shows (an order has a handful). */
export const TIMELINE_PUSHES = 500;

export const OrderPushQuery = z.object({
  signature: z.enum(["valid", "invalid"], { error: "signature 只能是 valid 或 invalid" }).default("valid"),
  cursor: cursorParam,
  limit: limitParam(50),
});

/** One page of the order's pushes with a valid signature, or of the refused ones, oldest first. */
export async function orderPushes(orderId: string, q: z.infer<typeof OrderPushQuery>) {
  const rows = await db().inboxPush.findMany({
    where: { orderId, signatureValid: q.signature === "valid", ...(q.cursor ? { id: { gt: decodeKey(q.cursor).id } } : {}) },
    orderBy: { id: "asc" },
    take: q.limit + 1,
  });
  const items = rows.slice(0, q.limit);
  const last = items[items.length - 1];
  return { items: items.map(pushDto), nextCursor: rows.length > q.limit && last ? encodeKey(last.id, last.id) : null };
}

/** The order's signature-valid pushes for its timeline: forged ones are not among them. */
export function timelinePushes(orderId: string) {
  return db().inboxPush.findMany({ where: { orderId, signatureValid: true }, orderBy: { id: "asc" }, take: TIMELINE_PUSHES });
}

export async function orderPushCounts(orderId: string) {
  const [valid, invalid] = await Promise.all([
    db().inboxPush.count({ where: { orderId, signatureValid: true } }),
    db().inboxPush.count({ where: { orderId, signatureValid: false } }),
  ]);
  return { valid, invalid };
}
