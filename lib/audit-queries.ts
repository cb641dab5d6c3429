// Reading the audit log: searchable, newest first, keyset-paginated.
import type { z } from "zod";
import type { AuditQuery } from "./contracts/audit";
import { AUDIT_ACTIONS, AUDIT_TARGET_TYPES, storedCode } from "./contracts/enums";
import { rawDb } from "./db";
import { q } from "./db/query";
import { keysetPage, type KeysetOrder } from "./api/cursor";
import { beijingDayEnd, beijingDayStart } from "./time";

const NEWEST_FIRST: KeysetOrder<"id"> = { column: "id", direction: "desc" };

export async function listAudit(f: z.infer<typeof AuditQuery>) {
  const raw = rawDb();
  let query = q.selectFrom("audit_logs").selectAll();
  if (f.action) query = query.where("action", "=", f.action);
  if (f.targetType) query = query.where("targetType", "=", f.targetType);
  if (f.targetId) query = query.where("targetId", "=", f.targetId);
  if (f.actorId) query = query.where("actorId", "=", f.actorId);
  if (f.from) query = query.where("at", ">=", beijingDayStart(f.from));
  if (f.to) query = query.where("at", "<", beijingDayEnd(f.to));
  const { rows, nextCursor } = await raw.run(() => keysetPage(query, NEWEST_FIRST, f));
  const actorIds = [...new Set(rows.map((a) => a.actorId))];
  const actors = actorIds.length ? await raw.rows(q.selectFrom("users").select(["id", "username"]).where("id", "in", actorIds)) : [];
  const names = new Map(actors.map((a) => [a.id, a.username]));
  return { items: rows.map((a) => ({ ...a, action: storedCode(AUDIT_ACTIONS, a.action), targetType: storedCode(AUDIT_TARGET_TYPES, a.targetType), at: a.at.toISOString(), actorUsername: names.get(a.actorId) ?? null })), nextCursor };
}
