// An order's raw pushes on its admin page, in two lists: the signature-valid ones (Meituan's) first, and the
// refused ones apart. Anyone can send requests naming an order, so forged ones must never crowd Meituan's out:
// each list is paged on its own index range (orderId, signatureValid, id) and counted separately.
import type { z } from "zod";
import { rawDb } from "../db";
import { q } from "../db/query";
import { keysetPage, type KeysetOrder } from "../api/cursor";
import type { OrderPushQuery } from "../contracts/orders";
import { PUSH_COLUMNS, pushDto } from "./dto";

/** How many of an order's signature-valid pushes its timeline shows (an order has a handful). */
export const TIMELINE_PUSHES = 500;

const OLDEST_FIRST: KeysetOrder<"id"> = { column: "id", direction: "asc" };
const pushesOf = (orderId: string, signatureValid: boolean) =>
  q.selectFrom("inbox_pushes").select([...PUSH_COLUMNS, "body", "bodyTruncated"]).where("orderId", "=", orderId).where("signatureValid", "=", signatureValid);

/** One page of the order's pushes with a valid signature, or of the refused ones, oldest first. */
export async function orderPushes(orderId: string, page: z.infer<typeof OrderPushQuery>) {
  const { rows, nextCursor } = await rawDb().run(() => keysetPage(pushesOf(orderId, page.signature === "valid"), OLDEST_FIRST, page));
  return { items: rows.map(pushDto), nextCursor };
}

/** How many of the refused pushes naming an order its detail lists beside Meituan's (the rest through the pages). */
export const DETAIL_REFUSED_PUSHES = 20;

/** The newest refused pushes naming the order, oldest first, bounded so forged ones never crowd Meituan's out. */
export async function latestRefusedPushes(orderId: string) {
  const rows = await rawDb().rows(pushesOf(orderId, false).orderBy("id", "desc").limit(DETAIL_REFUSED_PUSHES));
  return rows.reverse();
}

/** The order's signature-valid pushes for its timeline: forged ones are not among them. */
export function timelinePushes(orderId: string) {
  return rawDb().rows(pushesOf(orderId, true).orderBy("id", "asc").limit(TIMELINE_PUSHES));
}

export async function orderPushCounts(orderId: string) {
  const count = (signatureValid: boolean) =>
    rawDb().row(q.selectFrom("inbox_pushes").select((eb) => eb.fn.countAll<number>().as("n")).where("orderId", "=", orderId).where("signatureValid", "=", signatureValid));
  const [valid, invalid] = await Promise.all([count(true), count(false)]);
  return { valid: Number(valid?.n ?? 0), invalid: Number(invalid?.n ?? 0) };
}
