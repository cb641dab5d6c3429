// The audit log as the API returns it: who did what to which target, before → after as stored JSON text, and why.
import { z } from "zod";
import { Instant, MemberRef, page } from "./common";
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
