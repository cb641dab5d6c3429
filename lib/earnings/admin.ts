// The admin side of the money: rules, settlement on demand, the withdrawal review queue.
import { z } from "zod";
import { db, rawDb } from "../db";
import { afterCursor, encodeCursor } from "../api/cursor";
import { invalid } from "../api/errors";
import { audit } from "../audit";
import { currentRule, ruleDto, RuleInputSchema, saveRuleVersion } from "./rules";
import { runSettlement } from "./settlement";
import { reviewWithdrawal, type ReviewAction } from "./withdrawals";
import { withdrawalDto } from "./portal";

export async function getCommissionSettings() {
  return ruleDto(await rawDb().run(() => currentRule()));
}

export async function updateCommissionSettings(input: unknown, actorId: string) {
  const parsed = RuleInputSchema.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error);
  const raw = rawDb();
  const saved = raw.transaction(function* () {
    const before = yield* currentRule();
    const after = yield* saveRuleVersion(parsed.data, actorId);
    yield* audit({ actorId, action: "commission_rules.update", targetType: "commission_rules", targetId: String(after.version), before: ruleDto(before), after: ruleDto(after) });
    return after;
  });
  return ruleDto(await saved);
}

export async function settleNow(actorId: string) {
  const raw = rawDb();
  const settled = await runSettlement(raw);
  await raw.transaction(() => audit({ actorId, action: "settlement.run", targetType: "settlement", targetId: new Date().toISOString(), after: { settled } }));
  return { settled };
}

export const AdminWithdrawalQuery = z.object({
  status: z.enum(["pending", "approved", "rejected", "paid"], { error: "状态无效" }).optional(),
  memberId: z.string().max(64).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number({ error: "limit 必须是数字" }).int().min(1).max(100).default(50),
});

export async function listWithdrawals(q: z.infer<typeof AdminWithdrawalQuery>) {
  const rows = await db().withdrawal.findMany({
    where: { AND: [q.status ? { status: q.status } : {}, q.memberId ? { memberId: q.memberId } : {}, afterCursor("requestedAt", q.cursor)] },
    orderBy: [{ requestedAt: "desc" }, { id: "desc" }],
    take: q.limit + 1,
  });
  const items = rows.slice(0, q.limit);
  const members = await db().user.findMany({ where: { id: { in: [...new Set(items.map((w) => w.memberId))] } }, select: { id: true, username: true } });
  const usernames = new Map(members.map((m) => [m.id, m.username]));
  const last = items[items.length - 1];
  return {
    items: items.map((w) => ({ ...withdrawalDto(w, false), memberId: w.memberId, memberUsername: usernames.get(w.memberId) ?? null })),
    nextCursor: rows.length > q.limit && last ? encodeCursor(last.requestedAt, last.id) : null,
  };
}

export const ReviewBody = z.object({ note: z.string().trim().max(500, "备注最多 500 字").optional() });

export async function review(id: number, action: ReviewAction, actorId: string, note: string | undefined) {
  const raw = rawDb();
  await raw.transaction(() => reviewWithdrawal(id, action, actorId, note || null, raw.dialect));
  const w = await db().withdrawal.findUniqueOrThrow({ where: { id } });
  const member = await db().user.findUnique({ where: { id: w.memberId }, select: { username: true } });
  return { ...withdrawalDto(w, false), memberId: w.memberId, memberUsername: member?.username ?? null };
}
