// Attributing unattributed orders to a member by hand: commissions are then created exactly as if the order had
// carried the member's sid from the start (the ledger follows the order's current state). Audited per order.
import type { z } from "zod";
import type { AssignBody, AssignPreviewBody } from "../contracts/orders";
import { rawDb } from "../db";
import { first, q, type Work } from "../db/query";
import { dryRun } from "../db/dry-run";
import { memberMoneyOn, moneyChange } from "../earnings/effect";
import { ApiError } from "../api/errors";
import { audit } from "../audit";
import { syncOrderCommissions } from "../earnings/ledger";

export function* findMember(ref: string): Work<{ id: string; username: string } | null> {
  const m = yield* first(
    q.selectFrom("users").select(["id", "username"]).where((eb) => eb.or([eb("sid", "=", ref), eb("username", "=", ref.toLowerCase()), eb("id", "=", ref)])).limit(1),
  );
  return m ?? null;
}

function* assign(input: z.infer<typeof AssignBody>, actorId: string) {
  const member = yield* findMember(input.member);
  if (!member) throw new ApiError(422, "member_not_found", "找不到该会员", { member: ["找不到该会员"] });
  const at = new Date();
  const assigned: string[] = [];
  const skipped: { orderId: string; message: string }[] = [];
  for (const orderId of [...new Set(input.orderIds)]) {
    const row = yield* first(
      q.updateTable("orders").set({ memberId: member.id, updatedAt: at }).where("platform", "=", "union").where("orderId", "=", orderId).where("memberId", "is", null).returning(["id", "sid"]),
    );
    if (!row) {
      const exists = yield* first(q.selectFrom("orders").select("memberId").where("platform", "=", "union").where("orderId", "=", orderId));
      skipped.push({ orderId, message: exists ? "订单已归属其他会员" : "订单不存在" });
      continue;
    }
    yield* syncOrderCommissions(row.id, { at, cause: "admin" });
    yield* audit({ actorId, action: "order.assign", targetType: "order", targetId: orderId, before: { memberId: null, sid: row.sid }, after: { memberId: member.id }, reason: input.reason }, at);
    assigned.push(orderId);
  }
  return { assigned, skipped, member };
}

export async function assignOrders(input: z.infer<typeof AssignBody>, actorId: string) {
  return rawDb().transaction(() => assign(input, actorId));
}

/** What assigning would do, for the confirmation: which orders, which member, and the commission it creates per member. */
export async function previewAssign(input: z.infer<typeof AssignPreviewBody>, actorId: string) {
  return dryRun(rawDb(), function* () {
    const before = yield* memberMoneyOn(input.orderIds);
    const r = yield* assign({ ...input, reason: "preview" }, actorId);
    const money = moneyChange(before, yield* memberMoneyOn(r.assigned));
    return { member: r.member, assigned: r.assigned, skipped: r.skipped, money };
  });
}
