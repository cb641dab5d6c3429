// 订单找回: a member claims an order that was not tracked to them, with the amount they paid as proof.
// An unattributed order (or one Meituan knows with an empty or unknown sid) whose amount matches becomes theirs;
// an order attributed to someone else can never be claimed; what cannot be decided goes to an admin.
import type { Selectable } from "kysely";
import type { z } from "zod";
import type { ClaimBody } from "../contracts/promotion";
import { CLAIM_STATUSES, storedCode, type ClaimAmountCheck, type ClaimStatus } from "../contracts/enums";
import { rawDb } from "../db";
import { exec, first, q, type DB, type Work } from "../db/query";
import { ApiError } from "../api/errors";
import { audit } from "../audit";
import { LockedOut, minutesUntil, reserveAttempts, type Limit } from "../auth/throttle";
import { meituanClientFromEnv } from "../meituan/client";
import type { UpstreamOrder } from "../meituan/client/types";
import { fenToYuan, parseYuanToFen } from "../money";
import { syncOrderCommissions } from "../earnings/ledger";
import { applyUpstreamOrders } from "../reconcile/apply";
import { memberRef } from "../accounts/display";

export const CLAIMS_PER_HOUR = 5;
const CLAIM_LIMIT: Limit = { max: CLAIMS_PER_HOUR, windowSeconds: 3600, lockSeconds: 3600 };

/**
 * What a member is told about an order that is not theirs to claim, whether it belongs to someone else or does
 * not exist at all: claims must not tell who owns an order. The precise reason goes to the audit log.
 */
export const NOT_CLAIMABLE = "没有找到可以找回的订单，请核对订单号";
const AMOUNT_MISMATCH = "实付金额与订单不符";

/** `reason` is what the member sees; `detail`, when it differs, is what the audit log keeps. */
type Decision = { status: Exclude<ClaimStatus, "approved">; reason: string; detail?: string };

const someoneElses = (): Decision => ({ status: "rejected", reason: NOT_CLAIMABLE, detail: "该订单已归属其他推广者" });

function* recordClaim(memberId: string, orderId: string, claimedFen: number, d: Decision, at: Date): Work<{ id: number; status: Decision["status"]; reason: string }> {
  const [row] = yield* exec(
    q.insertInto("order_claims").values({ memberId, orderId, claimedFen, status: d.status, reason: d.reason, createdAt: at }).returning("id"),
  );
  yield* audit({ actorId: memberId, action: "order.claim", targetType: "order", targetId: orderId, after: { status: d.status, claimed: fenToYuan(claimedFen) }, reason: d.detail ?? d.reason }, at);
  return { id: row.id, status: d.status, reason: d.reason };
}

/** Attributes the (unattributed) order to the member and creates their commissions; false if someone got there first. */
function* attribute(memberId: string, orderId: string, at: Date): Work<boolean> {
  const row = yield* first(
    q.updateTable("orders").set({ memberId, updatedAt: at }).where("platform", "=", "union").where("orderId", "=", orderId).where("memberId", "is", null).returning("id"),
  );
  if (!row) return false;
  yield* syncOrderCommissions(row.id, { at, cause: "claim" });
  return true;
}

function* decideLocal(memberId: string, orderId: string, claimedFen: number, at: Date): Work<Decision | null> {
  const o = yield* first(q.selectFrom("orders").select(["memberId", "payFen"]).where("platform", "=", "union").where("orderId", "=", orderId).forUpdate());
  if (!o) return null;
  if (o.memberId === memberId) throw new ApiError(409, "already_yours", "该订单已经归属于你");
  if (o.memberId) return someoneElses();
  if (o.payFen === null) return { status: "review", reason: "订单缺少实付金额，已提交人工审核" };
  if (o.payFen !== claimedFen) return { status: "rejected", reason: AMOUNT_MISMATCH };
  return (yield* attribute(memberId, orderId, at)) ? { status: "attributed", reason: "金额核对一致，订单已归属于你" } : someoneElses();
}

export async function claimOrder(memberId: string, input: z.infer<typeof ClaimBody>, now = new Date()) {
  const claimedFen = parseYuanToFen(input.payAmount)!;
  const raw = rawDb();
  // The claim is counted before the order is looked up, so claims sent at once cannot pass the limit together;
  // one that is not a claim after all (the order is already theirs, an error) gives it back.
  let reserved;
  try {
    reserved = await reserveAttempts(raw, [{ key: `claim:member:${memberId}`, limit: CLAIM_LIMIT }], now);
  } catch (e) {
    if (e instanceof LockedOut) throw new ApiError(429, "rate_limited", `找回次数过多，请 ${minutesUntil(e.retryAt, now)} 分钟后再试（每小时最多 ${CLAIMS_PER_HOUR} 次）`);
    throw e;
  }
  try {
    return await decideClaim(memberId, input.orderId, claimedFen, now);
  } catch (e) {
    await reserved.release();
    throw e;
  }
}

async function decideClaim(memberId: string, orderId: string, claimedFen: number, now: Date) {
  const raw = rawDb();
  // Known locally: decided in one transaction with the order locked.
  const local = await raw.transaction(function* () {
    const d = yield* decideLocal(memberId, orderId, claimedFen, now);
    return d ? yield* recordClaim(memberId, orderId, claimedFen, d, now) : null;
  });
  if (local) return local;

  // Unknown locally: ask Meituan.
  const client = meituanClientFromEnv();
  let upstream: UpstreamOrder | null = null;
  let lookupFailed = !client;
  if (client) {
    try {
      upstream = await client.getOrder(orderId);
    } catch {
      lookupFailed = true;
    }
  }
  return raw.transaction(function* () {
    let d: Decision;
    if (lookupFailed) d = { status: "review", reason: "暂时无法向美团核实该订单，已提交人工审核" };
    else if (!upstream) d = { status: "rejected", reason: NOT_CLAIMABLE, detail: "美团未查到该订单" };
    else {
      const owner = upstream.sid ? yield* first(q.selectFrom("users").select("id").where("sid", "=", upstream.sid)) : undefined;
      if (owner && owner.id !== memberId) d = someoneElses();
      else if (upstream.payFen === null) d = { status: "review", reason: "订单缺少实付金额，已提交人工审核" };
      else if (upstream.payFen !== claimedFen) d = { status: "rejected", reason: AMOUNT_MISMATCH };
      else {
        yield* applyUpstreamOrders([upstream], now);
        const decided = yield* decideLocal(memberId, orderId, claimedFen, now);
        d = decided ?? { status: "review", reason: "订单暂时无法写入，已提交人工审核" };
      }
    }
    return yield* recordClaim(memberId, orderId, claimedFen, d, now);
  });
}

const CLAIM_COLUMNS = ["id", "memberId", "orderId", "claimedFen", "status", "reason", "reviewedAt", "createdAt"] as const;

const claimDto = (c: Pick<Selectable<DB["order_claims"]>, (typeof CLAIM_COLUMNS)[number]>) => ({
  id: c.id,
  memberId: c.memberId,
  orderId: c.orderId,
  payAmount: fenToYuan(c.claimedFen),
  status: storedCode(CLAIM_STATUSES, c.status),
  reason: c.reason,
  reviewedAt: c.reviewedAt?.toISOString() ?? null,
  createdAt: c.createdAt.toISOString(),
});

export async function memberClaims(memberId: string) {
  const rows = await rawDb().rows(q.selectFrom("order_claims").select(CLAIM_COLUMNS).where("memberId", "=", memberId).orderBy("id", "desc").limit(50));
  return { items: rows.map(claimDto) };
}

/**
 * How a claim's amount compares with the order as we know it: "match", "mismatch", "no_amount" (the order has
 * no pay amount: the admin decides), or "unknown" (the order is not here yet: approving asks Meituan again).
 */
export function amountCheck(claimedFen: number, order: { payFen: number | null } | null): ClaimAmountCheck {
  if (!order) return "unknown";
  if (order.payFen === null) return "no_amount";
  return order.payFen === claimedFen ? "match" : "mismatch";
}

export async function listClaims(status?: string) {
  const raw = rawDb();
  const rows = await raw.rows(
    q.selectFrom("order_claims").select(CLAIM_COLUMNS).$if(status !== undefined, (w) => w.where("status", "=", status!)).orderBy("id", "desc").limit(200),
  );
  const memberIds = [...new Set(rows.map((r) => r.memberId))];
  const orderIds = [...new Set(rows.map((r) => r.orderId))];
  const users = memberIds.length ? await raw.rows(q.selectFrom("users").select(["id", "username", "name"]).where("id", "in", memberIds)) : [];
  const byMember = new Map(users.map((u) => [u.id, u]));
  const orders = orderIds.length
    ? await raw.rows(q.selectFrom("orders").select(["orderId", "payFen", "memberId"]).where("platform", "=", "union").where("orderId", "in", orderIds))
    : [];
  const byId = new Map(orders.map((o) => [o.orderId, o]));
  return {
    items: rows.map((r) => {
      const o = byId.get(r.orderId) ?? null;
      return {
        ...claimDto(r),
        memberUsername: byMember.get(r.memberId)?.username ?? null,
        member: byMember.has(r.memberId) ? memberRef(byMember.get(r.memberId)!) : null,
        order: o ? { payAmount: o.payFen === null ? null : fenToYuan(o.payFen), attributed: o.memberId !== null } : null,
        amountCheck: amountCheck(r.claimedFen, o),
      };
    }),
  };
}

/** An admin settles a claim that needed review: approve attributes the order (if it is still unattributed). */
export async function reviewClaim(id: number, action: "approve" | "reject", actorId: string, note?: string) {
  const raw = rawDb();
  // A claim held for review because Meituan could not be asked: ask again now, so it can be approved.
  let upstream: UpstreamOrder | null = null;
  const claim = await raw.row(q.selectFrom("order_claims").select("orderId").where("id", "=", id));
  if (action === "approve" && claim && !(await raw.row(q.selectFrom("orders").select("id").where("platform", "=", "union").where("orderId", "=", claim.orderId)))) {
    upstream = (await meituanClientFromEnv()?.getOrder(claim.orderId).catch(() => null)) ?? null;
  }
  return raw.transaction(function* () {
    const c = yield* first(q.selectFrom("order_claims").select(["orderId", "memberId", "claimedFen", "status"]).where("id", "=", id).forUpdate());
    if (!c) throw new ApiError(404, "not_found", "找回申请不存在");
    if (c.status !== "review") throw new ApiError(409, "invalid_state", "该申请不在待审核状态");
    const at = new Date();
    let status: ClaimStatus = "rejected";
    let reason = note || "人工审核未通过";
    if (action === "approve") {
      if (upstream) yield* applyUpstreamOrders([upstream], at);
      // The amount is the member's proof: a claim queued without it being checked is checked now.
      const o = yield* first(q.selectFrom("orders").select("payFen").where("platform", "=", "union").where("orderId", "=", c.orderId));
      const claimedFen = c.claimedFen;
      if (o && amountCheck(claimedFen, o) === "mismatch") {
        throw new ApiError(409, "amount_mismatch", `实付金额不符：申请 ¥${fenToYuan(claimedFen)}，订单 ¥${fenToYuan(o.payFen ?? 0)}，不能通过`);
      }
      if (!(yield* attribute(c.memberId, c.orderId, at))) throw new ApiError(409, "cannot_attribute", "订单不存在或已归属其他推广者，不能通过");
      status = "approved";
      reason = note || "人工审核通过，订单已归属";
    }
    yield* exec(q.updateTable("order_claims").set({ status, reason, reviewedById: actorId, reviewedAt: at }).where("id", "=", id));
    yield* audit({ actorId, action: `claim.${action}`, targetType: "order", targetId: c.orderId, before: { status: "review" }, after: { status }, reason }, at);
    return { id, status, reason };
  });
}
