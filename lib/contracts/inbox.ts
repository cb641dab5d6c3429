// The raw push log (推送日志) and reprocessing pushes, as the API returns them.
import { z } from "zod";
import { cursorParam, dayParam, limitParam, page } from "./common";
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

// ---- requests ----------------------------------------------------------------------------------------------------

export const PushListQuery = z.object({
  signFailed: z.enum(["1"], { error: "signFailed 只能是 1" }).optional(),
  failed: z.enum(["1"], { error: "failed 只能是 1" }).optional(),
  outcome: z.enum(PUSH_OUTCOMES, { error: "结果类型无效" }).optional(),
  orderId: z.string().trim().max(64).optional(),
  from: dayParam("开始日期").optional(),
  to: dayParam("结束日期").optional(),
  cursor: cursorParam,
  limit: limitParam(50),
});

export const RangeBody = z
  .object({ from: dayParam("开始日期"), to: dayParam("结束日期") })
  .refine((r) => r.from <= r.to, { message: "开始日期不能晚于结束日期", path: ["to"] });
