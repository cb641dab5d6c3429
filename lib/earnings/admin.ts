// The admin side of the money: rules, settlement on demand, the withdrawal review queue.
import type { z } from "zod";
import type { AdminWithdrawalQuery, BulkApproveBody, ReviewBody } from "../contracts/earnings";
import type { PreviewBody, RuleInputSchema } from "../contracts/settings";
import type { ExpressionBuilder, Selectable } from "kysely";
import { rawDb } from "../db";
import { q, type DB } from "../db/query";
import { keysetPage, NEWEST_FIRST } from "../api/cursor";
import { ApiError, notFound } from "../api/errors";
import { fenToYuan, parseYuanToFen } from "../money";
import { estimateCommissionFen, shareFen } from "./base";
import { orderMoneyBase } from "./base";
import { audit } from "../audit";
import { currentRule, ratesFor, ruleDto, saveRuleVersion } from "./rules";
import { runSettlement } from "./settlement";
import { changeSinceRequestFen, reviewWithdrawal, type ReviewAction } from "./withdrawals";
import { BALANCE_ROW_STATUSES } from "../rollups/balances";
import { WITHDRAWAL_STATUSES } from "../labels";
import { withdrawalDto } from "./portal";
import { memberRef } from "../accounts/display";
import { LEVELS, storedCode } from "../contracts/enums";

export async function getCommissionSettings() {
  return ruleDto(await rawDb().run(() => currentRule()));
}

export async function updateCommissionSettings(input: z.infer<typeof RuleInputSchema>, actorId: string) {
  const raw = rawDb();
  const saved = raw.transaction(function* () {
    const before = yield* currentRule();
    const after = yield* saveRuleVersion(input, actorId);
    yield* audit({ actorId, action: "commission_rules.update", targetType: "commission_rules", targetId: String(after.version), before: ruleDto(before), after: ruleDto(after) });
    return after;
  });
  return ruleDto(await saved);
}

/** What a settlement run would do now: the due rows, their sum and how many members they belong to. */
export async function settlementPreview(now = new Date()) {
  const r = await rawDb().row(
    q
      .selectFrom("commissions")
      .select((eb) => [eb.fn.countAll<number>().as("rows"), sumFen(eb), eb.fn.count<number>("beneficiaryId").distinct().as("members")])
      .where("status", "=", "pending")
      .where("availableAt", "<=", now),
  );
  return { rows: Number(r?.rows ?? 0), amount: fenToYuan(Number(r?.total ?? 0)), members: Number(r?.members ?? 0) };
}

export async function settleNow(actorId: string) {
  const raw = rawDb();
  const before = await settlementPreview();
  const settled = await runSettlement(raw);
  await raw.transaction(() => audit({ actorId, action: "settlement.run", targetType: "settlement", targetId: new Date().toISOString(), after: { settled, amount: before.amount, members: before.members } }));
  return { settled };
}

/** Refund rates above this and accounts younger than this many days flag a request for a closer look. */
export const HIGH_REFUND_RATE = 0.3;
export const NEW_ACCOUNT_DAYS = 7;

type Risk = { refundRate: number; orders: number; downline: number; accountAgeDays: number };

/** Why a request deserves a closer look, in Chinese; empty when nothing stands out. */
export function riskFlags(r: Risk | undefined): string[] {
  if (!r) return [];
  const flags: string[] = [];
  if (r.refundRate > HIGH_REFUND_RATE) flags.push(`退款率 ${Math.round(r.refundRate * 1000) / 10}%`);
  if (r.accountAgeDays < NEW_ACCOUNT_DAYS) flags.push(`注册仅 ${r.accountAgeDays} 天`);
  return flags;
}

/** Σ amountFen of the rows (0 for none), as "total". */
const sumFen = (eb: ExpressionBuilder<DB, "commissions" | "withdrawals">) => eb.fn.coalesce(eb.fn.sum<number>("amountFen"), eb.lit(0)).as("total");

/** Each member's 可提现 now, as the member sees it (every request not rejected already deducted). */
export async function balancesOf(memberIds: string[]): Promise<Map<string, number>> {
  const out = new Map(memberIds.map((id) => [id, 0]));
  if (!memberIds.length) return out;
  const raw = rawDb();
  const [earned, requested] = await Promise.all([
    raw.rows(
      q
        .selectFrom("commissions")
        .select((eb) => ["beneficiaryId as memberId", sumFen(eb)])
        .where("beneficiaryId", "in", memberIds)
        .where("status", "in", BALANCE_ROW_STATUSES)
        .groupBy("beneficiaryId"),
    ),
    raw.rows(q.selectFrom("withdrawals").select((eb) => ["memberId", sumFen(eb)]).where("memberId", "in", memberIds).where("status", "<>", "rejected").groupBy("memberId")),
  ]);
  for (const r of earned) out.set(r.memberId, Number(r.total));
  for (const r of requested) out.set(r.memberId, (out.get(r.memberId) ?? 0) - Number(r.total));
  return out;
}

/** The balance beside an open request: what the member could withdraw without it, what it leaves, how its orders moved. */
async function coverageOf(w: Pick<Selectable<DB["withdrawals"]>, "id" | "amountFen" | "status" | "requestedAt">, availableFen: number) {
  if (w.status !== "pending" && w.status !== "approved") return null;
  const changedFen = await rawDb().run(() => changeSinceRequestFen(w.id, w.requestedAt));
  return {
    availableWithout: fenToYuan(availableFen + w.amountFen),
    leaves: fenToYuan(availableFen),
    covered: availableFen >= 0,
    changedSinceRequest: fenToYuan(changedFen),
  };
}

export async function listWithdrawals(filter: z.infer<typeof AdminWithdrawalQuery>) {
  const raw = rawDb();
  let query = q.selectFrom("withdrawals").selectAll();
  if (filter.status) query = query.where("status", "=", filter.status);
  if (filter.memberId) query = query.where("memberId", "=", filter.memberId);
  if (filter.batchId) query = query.where("batchId", "=", filter.batchId);
  const { rows: items, nextCursor } = await raw.run(() => keysetPage(query, NEWEST_FIRST("requestedAt"), filter));
  const memberIds = [...new Set(items.map((w) => w.memberId))];
  const [members, risk, balances] = await Promise.all([
    memberIds.length ? raw.rows(q.selectFrom("users").select(["id", "username", "name"]).where("id", "in", memberIds)) : [],
    riskSignals(memberIds),
    balancesOf(memberIds),
  ]);
  const byId = new Map(members.map((m) => [m.id, m]));
  return {
    items: await Promise.all(
      items.map(async (w) => {
        const available = balances.get(w.memberId) ?? 0;
        const r = risk.get(w.memberId);
        return {
          ...withdrawalDto(w),
          memberId: w.memberId,
          memberUsername: byId.get(w.memberId)?.username ?? null,
          memberName: byId.get(w.memberId)?.name ?? null,
          member: byId.has(w.memberId) ? memberRef(byId.get(w.memberId)!) : null,
          memberAvailable: fenToYuan(available),
          coverage: await coverageOf(w, available),
          risk: r ? { ...r, flags: riskFlags(r) } : null,
        };
      }),
    ),
    nextCursor,
  };
}

export async function review(id: number, action: ReviewAction, actorId: string, body: z.infer<typeof ReviewBody>) {
  const raw = rawDb();
  await raw.transaction(() => reviewWithdrawal(id, action, actorId, { note: body.note || null, overrideReason: body.overrideReason || null }));
  const w = await raw.row(q.selectFrom("withdrawals").selectAll().where("id", "=", id));
  if (!w) throw notFound("提现申请");
  const member = await raw.row(q.selectFrom("users").select("username").where("id", "=", w.memberId));
  return { ...withdrawalDto(w), memberId: w.memberId, memberUsername: member?.username ?? null };
}

/** Signals beside a withdrawal request: how often the member's orders were refunded, team size, account age. */
export async function riskSignals(memberIds: string[]) {
  if (!memberIds.length) return new Map<string, Risk>();
  const raw = rawDb();
  const [orders, downline, users] = await Promise.all([
    raw.rows(
      q
        .selectFrom("orders")
        .select((eb) => [
          "memberId",
          eb.fn.countAll<number>().as("n"),
          eb.fn.sum<number>(eb.case().when("status", "in", ["refunded", "risk"]).then(eb.lit(1)).else(eb.lit(0)).end()).as("lost"),
        ])
        .where("memberId", "in", memberIds)
        .groupBy("memberId"),
    ),
    raw.rows(q.selectFrom("referral_paths").select((eb) => ["ancestorId", eb.fn.countAll<number>().as("n")]).where("ancestorId", "in", memberIds).where("depth", "in", [1, 2]).groupBy("ancestorId")),
    raw.rows(q.selectFrom("users").select(["id", "createdAt"]).where("id", "in", memberIds)),
  ]);
  const now = Date.now();
  return new Map<string, Risk>(
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

/**
 * Approves each request in turn. Requests flagged by risk are skipped and listed (they are approved one by one,
 * after a look); so are requests the balance no longer covers (409 for each, with its message).
 */
export async function bulkApprove(input: z.infer<typeof BulkApproveBody>, actorId: string) {
  const raw = rawDb();
  const ids = [...new Set(input.ids)];
  const rows = await raw.rows(q.selectFrom("withdrawals").select(["id", "memberId", "amountFen"]).where("id", "in", ids));
  const memberIds = [...new Set(rows.map((r) => r.memberId))];
  const risk = await riskSignals(memberIds);
  const members = memberIds.length ? await raw.rows(q.selectFrom("users").select(["id", "username"]).where("id", "in", memberIds)) : [];
  const username = new Map(members.map((m) => [m.id, m.username]));
  const approved: number[] = [];
  const skipped: { id: number; member: string | null; amount: string; flags: string[] }[] = [];
  const failed: { id: number; message: string }[] = [];
  for (const id of ids) {
    const w = rows.find((r) => r.id === id);
    const flags = w ? riskFlags(risk.get(w.memberId)) : [];
    if (w && flags.length) {
      skipped.push({ id, member: username.get(w.memberId) ?? null, amount: fenToYuan(w.amountFen), flags });
      continue;
    }
    try {
      await raw.transaction(() => reviewWithdrawal(id, "approve", actorId, { note: input.note || null }));
      approved.push(id);
    } catch (e) {
      failed.push({ id, message: e instanceof Error ? e.message : String(e) });
    }
  }
  await raw.transaction(() =>
    audit({ actorId, action: "withdrawal.bulk_approve", targetType: "withdrawal", targetId: approved.join(",") || "-", after: { approved, skipped: skipped.map((s) => s.id), failed }, reason: input.note ?? null }),
  );
  return { approved, skipped, failed };
}

/** What each level would get under draft rules, for an existing order or for amounts typed in. */
export async function previewRules(input: z.infer<typeof PreviewBody>) {
  let baseFen: number | null = null;
  let businessLine: number | null = null;
  let baseSource: "order" | "amounts" = "amounts";
  if (input.orderId) {
    const order = await rawDb().row(q.selectFrom("orders").selectAll().where("platform", "=", "union").where("orderId", "=", input.orderId));
    if (!order) throw new ApiError(404, "not_found", "订单不存在");
    baseFen = orderMoneyBase(order).baseFen;
    businessLine = order.businessLine;
    baseSource = "order";
  } else if (input.base) {
    baseFen = parseYuanToFen(input.base);
  } else if (input.payAmount && input.ratio) {
    baseFen = estimateCommissionFen(parseYuanToFen(input.payAmount), input.ratio);
  }
  if (baseFen === null || baseFen < 0) throw new ApiError(422, "invalid", "请选择订单，或填写佣金基数，或填写实付金额和佣金比例");
  const rates = ratesFor({ levels: input.rules.levels, overrides: input.rules.businessLineOverrides }, businessLine);
  const levels = [...rates.entries()].sort(([a], [b]) => a - b).map(([level, rateBps]) => ({ level: storedCode(LEVELS, level), rateBps, amount: fenToYuan(shareFen(baseFen!, rateBps)) }));
  const total = [...rates.values()].reduce((sum, r) => sum + shareFen(baseFen!, r), 0);
  return { base: fenToYuan(baseFen), baseSource, businessLine, levels, total: fenToYuan(total) };
}
