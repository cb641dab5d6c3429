// The counts on the console's navigation: what waits for an operator.
import { z } from "zod";

export const ConsoleBadges = z.object({
  /** Withdrawal requests waiting for review (待审核). */
  withdrawals: z.number().int(),
  /** Order claims waiting for review. */
  claims: z.number().int(),
  /** Pushes whose processing failed, waiting for a retry. */
  failedPushes: z.number().int(),
  /** Operator alerts open (not yet resolved). */
  alerts: z.number().int(),
});
export type ConsoleBadges = z.infer<typeof ConsoleBadges>;
