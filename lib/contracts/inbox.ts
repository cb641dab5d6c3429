// The raw push log (推送日志) and reprocessing pushes, as the API returns them.
import { z } from "zod";
import { page } from "./common";
import { OrderStatusSchema, PUSH_OUTCOMES, PushOutcomeSchema } from "./enums";
import { MoneyChange, Push } from "./orders";

export const InboxPush = Push.extend({ orderId: z.string().nullable() });
export type InboxPush = z.infer<typeof InboxPush>;
export const InboxPushPage = page(InboxPush);

export const ReprocessResult = z.object({ pushId: z.number().int(), outcome: PushOutcomeSchema, error: z.string().nullable() });
export type ReprocessResult = z.infer<typeof ReprocessResult>;

/** How many pushes of a batch ended each way. */
export const OutcomeCounts = z.partialRecord(z.enum(PUSH_OUTCOMES), z.number().int());
export type OutcomeCounts = z.infer<typeof OutcomeCounts>;

export const ReprocessFailedResult = z.object({ processed: z.number().int(), outcomes: OutcomeCounts });
export type ReprocessFailedResult = z.infer<typeof ReprocessFailedResult>;

export const RangeChange = z.object({
  pushId: z.number().int(),
  orderId: z.string().nullable(),
  outcome: PushOutcomeSchema,
  from: OrderStatusSchema.nullable(),
  to: OrderStatusSchema.nullable(),
});
export type RangeChange = z.infer<typeof RangeChange>;

/** Reprocessing a range, or its dry run (everything rolled back). */
export const RangeResult = z.object({ pushes: z.number().int(), outcomes: OutcomeCounts, changes: z.array(RangeChange), money: MoneyChange });
export type RangeResult = z.infer<typeof RangeResult>;
