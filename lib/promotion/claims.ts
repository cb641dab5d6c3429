// 订单找回: a member claims an order that was not tracked to them, with the amount they paid as proof.
// An unattributed order (or one Meituan knows with an empty or unknown sid) whose amount matches becomes theirs;
// an order attributed to someone else can never be claimed; what cannot be decided goes to an admin.
import { z } from "zod";
import { db, rawDb } from "../db";
import { one, type Dialect, type Work } from "../db/sql";
import { ApiError } from "../api/errors";
import { audit } from "../audit";
import { meituanClientFromEnv } from "../meituan/client";
import type { UpstreamOrder } from "../meituan/client/types";
import { fenToYuan, parseYuanToFen } from "../money";
import { syncOrderCommissions } from "../earnings/ledger";
import { applyUpstreamOrders } from "../reconcile/apply";

export const CLAIMS_PER_HOUR = 5;

export const ClaimBody = z.object({
  orderId: z.string({ error: "请填写订单号" }).trim().regex(/^\d{6,32}$/, "订单号应为 6–32 位数字"),
  payAmount: z.string({ error: "请填写实付金额" }).refine((v) => {
    const fen = parseYuanToFen(v) ?? 0;
    return fen > 0 && fen <= 100_000_000;
  }, "请填写有效的实付金额（¥0.01–¥1,000,000.00），例如 28.80"),
});

type Decision = { status: "attributed" | "rejected" | "review"; reason: string };

function* recordClaim(memberId: string, orderId: string, claimedFen: number, d: Decision, at: Date): Work<number> {
  const [row] = yield* one(
    `INSERT INTO order_claims ("memberId", "orderId", "claimedFen", "status", "reason", "createdAt") VALUES (?, ?, ?, ?, ?, ?) RETURNING "id"`,
    [memberId, orderId, claimedFen, d.status, d.reason, at],
  );
  yield* audit({ actorId: memberId, action: "order.claim", targetType: "order", targetId: orderId, after: { status: d.status, claimed: fenToYuan(claimedFen) }, reason: d.reason }, at);
  return Number(row.id);
}

/** Attributes the (unattributed) order to the member and creates their commissions; false if someone got there first. */
function* attribute(memberId: string, orderId: string, dialect: Dialect, at: Date): Work<boolean> {
  const [row] = yield* one(
    `UPDATE orders SET "memberId" = ?, "updatedAt" = ? WHERE "platform" = 'union' AND "orderId" = ? AND "memberId" IS NULL RETURNING "id"`,
    [memberId, at, orderId],
  );
  if (!row) return false;
  yield* syncOrderCommissions(Number(row.id), { dialect, at, cause: "claim" });
  return true;
}

function* decideLocal(memberId: string, orderId: string, claimedFen: number, dialect: Dialect, at: Date): Work<Decision | null> {
  const [o] = yield* one(`SELECT "memberId", "payFen" FROM orders WHERE "platform" = 'union' AND "orderId" = ?${dialect === "pg" ? " FOR UPDATE" : ""}`, [orderId]);
  if (!o) return null;
  if (o.memberId === memberId) throw new ApiError(409, "already_yours", "该订单已经归属于你");
  if (o.memberId) return { status: "rejected", reason: "该订单已归属其他推广者，不能找回" };
  if (o.payFen === null) return { status: "review", reason: "订单缺少实付金额，已提交人工审核" };
  if (Number(o.payFen) !== claimedFen) return { status: "rejected", reason: "实付金额与订单不符" };
  return (yield* attribute(memberId, orderId, dialect, at)) ? { status: "attributed", reason: "金额核对一致，订单已归属于你" } : { status: "rejected", reason: "该订单已归属其他推广者，不能找回" };
}

export async function claimOrder(memberId: string, input: z.infer<typeof ClaimBody>, now = new Date()) {
  const claimedFen = parseYuanToFen(input.payAmount)!;
  const raw = rawDb();
  const recent = await db().orderClaim.count({ where: { memberId, createdAt: { gte: new Date(now.getTime() - 3600_000) } } });
  if (recent >= CLAIMS_PER_HOUR) {
    const oldest = await db().orderClaim.findFirst({ where: { memberId, createdAt: { gte: new Date(now.getTime() - 3600_000) } }, orderBy: { createdAt: "asc" } });
    const minutes = Math.max(1, Math.ceil(((oldest?.createdAt.getTime() ?? now.getTime()) + 3600_000 - now.getTime()) / 60_000));
    throw new ApiError(429, "rate_limited", `找回次数过多，请 ${minutes} 分钟后再试（每小时最多 ${CLAIMS_PER_HOUR} 次）`);
  }
  // Known locally: decided in one transaction with the order locked.
  const local = await raw.transaction(function* () {
    const d = yield* decideLocal(memberId, input.orderId, claimedFen, raw.dialect, now);
    if (!d) return null;
    const id = yield* recordClaim(memberId, input.orderId, claimedFen, d, now);
    return { id, ...d };
  });
  if (local) return local;

  // Unknown locally: ask Meituan.
  const client = meituanClientFromEnv();
  let upstream: UpstreamOrder | null = null;
  let lookupFailed = !client;
  if (client) {
    try {
      upstream = await client.getOrder(input.orderId);
    } catch {
      lookupFailed = true;
    }
  }
  return raw.transaction(function* () {
    let d: Decision;
    if (lookupFailed) d = { status: "review", reason: "暂时无法向美团核实该订单，已提交人工审核" };
    else if (!upstream) d = { status: "rejected", reason: "美团未查到该订单" };
    else {
      const [owner] = upstream.sid ? yield* one(`SELECT "id" FROM users WHERE "sid" = ?`, [upstream.sid]) : [];
      if (owner && owner.id !== memberId) d = { status: "rejected", reason: "该订单已归属其他推广者，不能找回" };
      else if (upstream.payFen === null) d = { status: "review", reason: "订单缺少实付金额，已提交人工审核" };
      else if (upstream.payFen !== claimedFen) d = { status: "rejected", reason: "实付金额与订单不符" };
      else {
        yield* applyUpstreamOrders([upstream], raw.dialect, now);
        const decided = yield* decideLocal(memberId, input.orderId, claimedFen, raw.dialect, now);
        d = decided ?? { status: "review", reason: "订单暂时无法写入，已提交人工审核" };
      }
    }
    const id = yield* recordClaim(memberId, input.orderId, claimedFen, d, now);
    return { id, ...d };
  });
}

const claimDto = (c: { id: number; memberId: string; orderId: string; claimedFen: number; status: string; reason: string; reviewedAt: Date | null; createdAt: Date }) => ({
  id: c.id,
  memberId: c.memberId,
  orderId: c.orderId,
  payAmount: fenToYuan(c.claimedFen),
  status: c.status,
  reason: c.reason,
  reviewedAt: c.reviewedAt?.toISOString() ?? null,
  createdAt: c.createdAt.toISOString(),
});

export async function memberClaims(memberId: string) {
  const rows = await db().orderClaim.findMany({ where: { memberId }, orderBy: { id: "desc" }, take: 50 });
  return { items: rows.map(claimDto) };
}

export const ClaimsQuery = z.object({ status: z.enum(["attributed", "rejected", "review", "approved"], { error: "状态无效" }).optional() });

export async function listClaims(status?: string) {
  const rows = await db().orderClaim.findMany({ where: status ? { status } : {}, orderBy: { id: "desc" }, take: 200 });
  const users = await db().user.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.memberId))] } }, select: { id: true, username: true } });
  const names = new Map(users.map((u) => [u.id, u.username]));
  return { items: rows.map((r) => ({ ...claimDto(r), memberUsername: names.get(r.memberId) ?? null })) };
}

export const ClaimReviewBody = z.object({ note: z.string().trim().max(500, "备注最多 500 字").optional() });

/** An admin settles a claim that needed review: approve attributes the order (if it is still unattributed). */
export async function reviewClaim(id: number, action: "approve" | "reject", actorId: string, note?: string) {
  const raw = rawDb();
  // A claim held for review because Meituan could not be asked: ask again now, so it can be approved.
  let upstream: UpstreamOrder | null = null;
  const claim = await db().orderClaim.findUnique({ where: { id } });
  if (action === "approve" && claim && !(await db().order.findUnique({ where: { platform_orderId: { platform: "union", orderId: claim.orderId } } }))) {
    upstream = (await meituanClientFromEnv()?.getOrder(claim.orderId).catch(() => null)) ?? null;
  }
  return raw.transaction(function* () {
    const [c] = yield* one(`SELECT * FROM order_claims WHERE "id" = ?`, [id]);
    if (!c) throw new ApiError(404, "not_found", "找回申请不存在");
    if (c.status !== "review") throw new ApiError(409, "invalid_state", "该申请不在待审核状态");
    const at = new Date();
    let status = "rejected";
    let reason = note || "人工审核未通过";
    if (action === "approve") {
      if (upstream) yield* applyUpstreamOrders([upstream], raw.dialect, at);
      if (!(yield* attribute(String(c.memberId), String(c.orderId), raw.dialect, at))) throw new ApiError(409, "cannot_attribute", "订单不存在或已归属其他推广者，不能通过");
      status = "approved";
      reason = note || "人工审核通过，订单已归属";
    }
    yield* one(`UPDATE order_claims SET "status" = ?, "reason" = ?, "reviewedById" = ?, "reviewedAt" = ? WHERE "id" = ?`, [status, reason, actorId, at, id]);
    yield* audit({ actorId, action: `claim.${action}`, targetType: "order", targetId: String(c.orderId), before: { status: "review" }, after: { status }, reason }, at);
    return { id, status, reason };
  });
}
