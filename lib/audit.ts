// The append-only audit log of admin actions: who, what, on what, before → after, why.
import { one, type Work } from "./db/sql";

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
  yield* one(
    `INSERT INTO audit_logs ("actorId", "action", "targetType", "targetId", "before", "after", "reason", "at") VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      e.actorId,
      e.action,
      e.targetType,
      e.targetId,
      e.before === undefined ? null : JSON.stringify(e.before),
      e.after === undefined ? null : JSON.stringify(e.after),
      e.reason ?? null,
      at,
    ],
  );
}
