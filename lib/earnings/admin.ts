// The admin side of the money: rules, settlement on demand, the withdrawal review queue.
import { z } from "zod";
import { cursorParam, limitParam } from "../api/params";
import { db, rawDb } from "../db";
import { afterCursor, encodeCursor } from "../api/cursor";
import { ApiError, invalid } from "../api/errors";
import { fenToYuan, parseYuanToFen } from "../money";
import { estimateCommissionFen, shareFen } from "./base";
import { orderBaseFen } from "./ledger";
import { audit } from "../audit";
import { currentRule, ratesFor, ruleDto, RuleInputSchema, saveRuleVersion } from "./rules";
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
  cursor: cursorParam,
  limit: limitParam(50),
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
  const risk = await riskSignals([...usernames.keys()]);
  const last = items[items.length - 1];
  return {
    items: items.map((w) => ({ ...withdrawalDto(w, false), memberId: w.memberId, memberUsername: usernames.get(w.memberId) ?? null, risk: risk.get(w.memberId) ?? null })),
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

/** Signals beside a withdrawal request: how often the member's orders were refunded, team size, account age. */
export async function riskSignals(memberIds: string[]) {
  if (!memberIds.length) return new Map<string, { refundRate: number; orders: number; downline: number; accountAgeDays: number }>();
  const raw = rawDb();
  const marks = memberIds.map(() => "?").join(", ");
  const [orders, downline, users] = await Promise.all([
    raw.query(
      `SELECT "memberId", COUNT(*) AS "n", SUM(CASE WHEN "status" IN ('refunded', 'risk') THEN 1 ELSE 0 END) AS "lost" FROM orders WHERE "memberId" IN (${marks}) GROUP BY "memberId"`,
      memberIds,
    ),
    raw.query(`SELECT "ancestorId", COUNT(*) AS "n" FROM referral_paths WHERE "ancestorId" IN (${marks}) AND "depth" IN (1, 2) GROUP BY "ancestorId"`, memberIds),
    db().user.findMany({ where: { id: { in: memberIds } }, select: { id: true, createdAt: true } }),
  ]);
  const now = Date.now();
  return new Map(
    users.map((u) => {
      const o = orders.find((r) => r.memberId === u.id);
      const n = Number(o?.n ?? 0);
      return [
        u.id,
        {
          refundRate: n ? Math.round((Number(o?.lost ?? 0) / n) * 1000) / 1000 : 0,
          orders: n,
          downline: Number(downline.find((r) => r.ancestorId === u.id)?.n ?? 0),
          accountAgeDays: Math.floor((now - u.createdAt.getTime()) / 86_400_000),
        },
      ];
    }),
  );
}

export const BulkApproveBody = z.object({
  ids: z.array(z.number().int().positive().max(2_147_483_647), { error: "请选择提现申请" }).min(1, "请选择提现申请").max(200, "一次最多 200 条"),
  note: z.string().trim().max(500, "备注最多 500 字").optional(),
});

export async function bulkApprove(input: z.infer<typeof BulkApproveBody>, actorId: string) {
  const raw = rawDb();
  const approved: number[] = [];
  const failed: { id: number; message: string }[] = [];
  for (const id of [...new Set(input.ids)]) {
    try {
      await raw.transaction(() => reviewWithdrawal(id, "approve", actorId, input.note || null, raw.dialect));
      approved.push(id);
    } catch (e) {
      failed.push({ id, message: e instanceof Error ? e.message : String(e) });
    }
  }
  await raw.transaction(() => audit({ actorId, action: "withdrawal.bulk_approve", targetType: "withdrawal", targetId: approved.join(",") || "-", after: { approved, failed }, reason: input.note ?? null }));
  return { approved, failed };
}

export const PreviewBody = z.object({
  rules: RuleInputSchema,
  orderId: z.string().trim().max(64).optional(),
  payAmount: z.string().max(20).optional(),
  ratio: z.string().max(20).optional(),
  base: z.string().max(20).optional(),
});

/** What each level would get under draft rules, for an existing order or for amounts typed in. */
export async function previewRules(input: z.infer<typeof PreviewBody>) {
  let baseFen: number | null = null;
  let businessLine: number | null = null;
  let baseSource: "order" | "amounts" = "amounts";
  if (input.orderId) {
    const order = await db().order.findUnique({ where: { platform_orderId: { platform: "union", orderId: input.orderId } } });
    if (!order) throw new ApiError(404, "not_found", "订单不存在");
    baseFen = orderBaseFen(order);
    businessLine = order.businessLine;
    baseSource = "order";
  } else if (input.base) {
    baseFen = parseYuanToFen(input.base);
  } else if (input.payAmount && input.ratio) {
    baseFen = estimateCommissionFen(parseYuanToFen(input.payAmount), input.ratio);
  }
  if (baseFen === null || baseFen < 0) throw new ApiError(422, "invalid", "请选择订单，或填写佣金基数，或填写实付金额和佣金比例");
  const draft = { version: 0, levels: input.rules.levels, overrides: input.rules.businessLineOverrides, holdDays: input.rules.holdDays, minWithdrawalFen: 0 };
  const rates = ratesFor(draft, businessLine);
  const levels = [...rates.entries()].sort(([a], [b]) => a - b).map(([level, rateBps]) => ({ level, rateBps, amount: fenToYuan(shareFen(baseFen!, rateBps)) }));
  const total = [...rates.values()].reduce((sum, r) => sum + shareFen(baseFen!, r), 0);
  return { base: fenToYuan(baseFen), baseSource, businessLine, levels, total: fenToYuan(total) };
}
