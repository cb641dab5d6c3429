// The append-only audit log of admin actions: who, what, on what, before → after, why.
import { exec, q, type Work } from "./db/query";

export interface AuditEntry {
  actorId: string;
  action: string;
  targetType: string;
  targetId: string;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

export function* audit(e: AuditEntry, at = new Date()): Work<void> {
  yield* exec(
    q.insertInto("audit_logs").values({
      actorId: e.actorId,
      action: e.action,
      targetType: e.targetType,
      targetId: e.targetId,
      before: e.before === undefined ? null : JSON.stringify(e.before),
      after: e.after === undefined ? null : JSON.stringify(e.after),
      reason: e.reason ?? null,
      at,
    }),
  );
}
