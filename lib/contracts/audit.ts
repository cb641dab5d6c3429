// The audit log as the API returns it: who did what to which target, before → after as stored JSON text, and why;
// and its search.
import { z } from "zod";
import { cursorParam, dayParam, Instant, limitParam, MemberRef, page } from "./common";
import { AuditActionSchema, AuditTargetTypeSchema } from "./enums";

export const AuditItem = z.object({
  id: z.number().int(),
  actorId: z.string(),
  actorUsername: z.string().nullable(),
  actor: MemberRef.nullable(),
  action: AuditActionSchema,
  targetType: AuditTargetTypeSchema,
  targetId: z.string(),
  /** The member a member action was about. */
  targetMember: MemberRef.nullable(),
  /** JSON text (lib/audit.ts writes it), or null. */
  before: z.string().nullable(),
  after: z.string().nullable(),
  reason: z.string().nullable(),
  /** The members before/after mention (memberId, inviterId), by their label, so the change reads in names. */
  people: z.record(z.string(), z.string()),
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
