// Moving a member (and everyone below them) under another inviter: only while the member has no orders, never
// into their own downline, always with a reason in the audit log.
import type { z } from "zod";
import type { RebindSchema } from "../contracts/members";
import { ApiError } from "../api/errors";
import { audit } from "../audit";
import { sql } from "kysely";
import { exec, first, q, type Work } from "../db/query";

export function* rebindInviter(memberId: string, input: z.infer<typeof RebindSchema>, actorId: string, now = new Date()): Work<{ inviterId: string | null }> {
  const member = yield* first(q.selectFrom("users").select(["id", "inviterId"]).where("id", "=", memberId).forUpdate());
  if (!member) throw new ApiError(404, "not_found", "会员不存在");
  const hasOrders = yield* first(q.selectFrom("orders").select("id").where("memberId", "=", memberId).limit(1));
  if (hasOrders) throw new ApiError(409, "has_orders", "该会员已有订单，不能更换邀请人");
  let inviterId: string | null = null;
  if (input.inviteCode) {
    const inviter = yield* first(q.selectFrom("users").select("id").where("inviteCode", "=", input.inviteCode));
    if (!inviter) throw new ApiError(422, "invalid_invite_code", "邀请码不存在", { inviteCode: ["邀请码不存在"] });
    inviterId = inviter.id;
    const loop = yield* first(q.selectFrom("referral_paths").select("depth").where("ancestorId", "=", memberId).where("descendantId", "=", inviterId));
    if (loop) throw new ApiError(422, "referral_loop", inviterId === memberId ? "不能邀请自己" : "新邀请人在该会员的下级团队中，会形成循环", { inviteCode: ["会形成循环"] });
  }
  // Detach the subtree from its old ancestors, then hang it under the new inviter's chain.
  yield* exec(
    q.deleteFrom("referral_paths")
      .where("descendantId", "in", (eb) => eb.selectFrom("referral_paths").select("descendantId").where("ancestorId", "=", memberId))
      .where("ancestorId", "in", (eb) => eb.selectFrom("referral_paths").select("ancestorId").where("descendantId", "=", memberId).where("depth", ">", 0)),
  );
  if (inviterId) {
    yield* exec(
      q.insertInto("referral_paths")
        .columns(["ancestorId", "descendantId", "depth"])
        .expression((eb) =>
          eb.selectFrom(["referral_paths as up", "referral_paths as down"])
            .select(["up.ancestorId", "down.descendantId", sql<number>`up."depth" + down."depth" + 1`.as("depth")])
            .where("up.descendantId", "=", inviterId)
            .where("down.ancestorId", "=", memberId),
        ),
    );
  }
  yield* exec(q.updateTable("users").set({ inviterId, updatedAt: now }).where("id", "=", memberId));
  yield* audit({ actorId, action: "member.rebind_inviter", targetType: "member", targetId: memberId, before: { inviterId: member.inviterId }, after: { inviterId }, reason: input.reason }, now);
  return { inviterId };
}
