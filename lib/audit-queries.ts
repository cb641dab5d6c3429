// Reading the audit log: searchable, newest first, keyset-paginated.
import { z } from "zod";
import { cursorParam, limitParam } from "./api/params";
import { db } from "./db";
import { decodeKey, encodeKey } from "./api/cursor";
import { beijingDayEnd, beijingDayStart, isValidDay } from "./time";

const day = (label: string) => z.string().refine(isValidDay, `${label}格式应为 YYYY-MM-DD`);

export const AuditQuery = z.object({
  action: z.string().trim().max(64).optional(),
  targetType: z.string().trim().max(32).optional(),
  targetId: z.string().trim().max(100).optional(),
  actorId: z.string().trim().max(64).optional(),
  from: day("开始日期").optional(),
  to: day("结束日期").optional(),
  cursor: cursorParam,
  limit: limitParam(50),
});

export async function listAudit(q: z.infer<typeof AuditQuery>) {
  const at: Record<string, Date> = {};
  if (q.from) at.gte = beijingDayStart(q.from);
  if (q.to) at.lt = beijingDayEnd(q.to);
  const rows = await db().auditLog.findMany({
    where: {
      ...(q.action ? { action: q.action } : {}),
      ...(q.targetType ? { targetType: q.targetType } : {}),
      ...(q.targetId ? { targetId: q.targetId } : {}),
      ...(q.actorId ? { actorId: q.actorId } : {}),
      ...(Object.keys(at).length ? { at } : {}),
      ...(q.cursor ? { id: { lt: decodeKey(q.cursor).id } } : {}),
    },
    orderBy: { id: "desc" },
    take: q.limit + 1,
  });
  const items = rows.slice(0, q.limit);
  const actors = await db().user.findMany({ where: { id: { in: [...new Set(items.map((a) => a.actorId))] } }, select: { id: true, username: true } });
  const names = new Map(actors.map((a) => [a.id, a.username]));
  const last = items[items.length - 1];
  return {
    items: items.map((a) => ({ ...a, at: a.at.toISOString(), actorUsername: names.get(a.actorId) ?? null })),
    nextCursor: rows.length > q.limit && last ? encodeKey(last.id, last.id) : null,
  };
}
