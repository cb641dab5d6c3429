// Reading the audit log: searchable, newest first, keyset-paginated.
import type { z } from "zod";
import type { AuditQuery } from "./contracts/audit";
import { AUDIT_ACTIONS, AUDIT_TARGET_TYPES, storedCode } from "./contracts/enums";
import { rawDb } from "./db";
import { q } from "./db/query";
import { memberRef } from "./accounts/display";
import { keysetPage, type KeysetOrder } from "./api/cursor";
import { beijingDayEnd, beijingDayStart } from "./time";

const NEWEST_FIRST: KeysetOrder<"id"> = { column: "id", direction: "desc" };

/** Fields of a before/after that hold a member id. */
const MEMBER_FIELDS = ["memberId", "inviterId"];

/** The member ids an entry's before/after JSON names in those fields. */
function mentionedMembers(...texts: (string | null)[]): string[] {
  const ids: string[] = [];
  for (const text of texts) {
    let v: unknown;
    try {
      v = text === null ? null : JSON.parse(text);
    } catch {
      continue;
    }
    if (!v || typeof v !== "object") continue;
    for (const k of MEMBER_FIELDS) {
      const id = Reflect.get(v, k);
      if (typeof id === "string") ids.push(id);
    }
  }
  return ids;
}

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
  // Actors and member targets of the page, named in one query.
  const mentioned = new Map(rows.map((a) => [a.id, mentionedMembers(a.before, a.after)]));
  const ids = [...new Set(rows.flatMap((a) => [a.actorId, ...(a.targetType === "member" ? [a.targetId] : []), ...mentioned.get(a.id)!]))];
  const users = ids.length ? await raw.rows(q.selectFrom("users").select(["id", "name", "username"]).where("id", "in", ids)) : [];
  const usernames = new Map(users.map((u) => [u.id, u.username]));
  const refs = new Map(users.map((u) => [u.id, memberRef(u)]));
  return {
    items: rows.map((a) => ({
      ...a,
      action: storedCode(AUDIT_ACTIONS, a.action),
      targetType: storedCode(AUDIT_TARGET_TYPES, a.targetType),
      at: a.at.toISOString(),
      actorUsername: usernames.get(a.actorId) ?? null,
      actor: refs.get(a.actorId) ?? null,
      targetMember: a.targetType === "member" ? (refs.get(a.targetId) ?? null) : null,
      people: Object.fromEntries(mentioned.get(a.id)!.flatMap((id) => (refs.has(id) ? [[id, refs.get(id)!.label]] : []))),
    })),
    nextCursor,
  };
}
