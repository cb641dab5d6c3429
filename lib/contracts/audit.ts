// The audit log as the API returns it: who did what to which target, before → after as stored JSON text, and why;
// and its search.
import { z } from "zod";
import { cursorParam, dayParam, Instant, limitParam, page } from "./common";
import { AuditActionSchema, AuditTargetTypeSchema } from "./enums";

export const AuditItem = z.object({
  id: z.number().int(),
  actorId: z.string(),
  actorUsername: z.string().nullable(),
  action: AuditActionSchema,
  targetType: AuditTargetTypeSchema,
  targetId: z.string(),
  /** JSON text (lib/audit.ts writes it), or null. */
  before: z.string().nullable(),
  after: z.string().nullable(),
  reason: z.string().nullable(),
  at: Instant,
});
export type AuditItem = z.infer<typeof AuditItem>;
export const AuditPage = page(AuditItem);

export const AuditQuery = z.object({
  action: z.string().trim().max(64).optional(),
  targetType: z.string().trim().max(32).optional(),
  targetId: z.string().trim().max(100).optional(),
  actorId: z.string().trim().max(64).optional(),
  from: dayParam("开始日期").optional(),
  to: dayParam("结束日期").optional(),
  cursor: cursorParam,
  limit: limitParam(50),
});
