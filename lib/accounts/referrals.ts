// Moving a member (and everyone below them) under another inviter: only while the member has no orders, never
// into their own downline, always with a reason in the audit log.
import { z } from "zod";
import { ApiError } from "../api/errors";
import { audit } from "../audit";
import { one, type Dialect, type Work } from "../db/sql";

export const RebindSchema = z.object({
  // null detaches the member from any inviter.
  inviteCode: z.string({ error: "请输入新邀请人的邀请码" }).trim().toUpperCase().max(32).nullable(),
  reason: z.string({ error: "请填写原因" }).trim().min(2, "请填写原因").max(500, "原因最多 500 字"),
});

export function* rebindInviter(memberId: string, input: z.infer<typeof RebindSchema>, actorId: string, dialect: Dialect, now = new Date()): Work<{ inviterId: string | null }> {
  const [member] = yield* one(`SELECT "id", "inviterId" FROM users WHERE "id" = ?${dialect === "pg" ? " FOR UPDATE" : ""}`, [memberId]);
  if (!member) throw new ApiError(404, "not_found", "会员不存在");
  const [orders] = yield* one(`SELECT COUNT(*) AS "n" FROM orders WHERE "memberId" = ?`, [memberId]);
  if (Number(orders.n) > 0) throw new ApiError(409, "has_orders", "该会员已有订单，不能更换邀请人");
  let inviterId: string | null = null;
  if (input.inviteCode) {
    const [inviter] = yield* one(`SELECT "id" FROM users WHERE "inviteCode" = ?`, [input.inviteCode]);
    if (!inviter) throw new ApiError(422, "invalid_invite_code", "邀请码不存在", { inviteCode: ["邀请码不存在"] });
    inviterId = String(inviter.id);
    const [loop] = yield* one(`SELECT 1 AS "x" FROM referral_paths WHERE "ancestorId" = ? AND "descendantId" = ?`, [memberId, inviterId]);
    if (loop) throw new ApiError(422, "referral_loop", inviterId === memberId ? "不能邀请自己" : "新邀请人在该会员的下级团队中，会形成循环", { inviteCode: ["会形成循环"] });
  }
  // Detach the subtree from its old ancestors, then hang it under the new inviter's chain.
  yield* one(
    `DELETE FROM referral_paths WHERE "descendantId" IN (SELECT "descendantId" FROM referral_paths WHERE "ancestorId" = ?)
     AND "ancestorId" IN (SELECT "ancestorId" FROM referral_paths WHERE "descendantId" = ? AND "depth" > 0)`,
    [memberId, memberId],
  );
  if (inviterId) {
    yield* one(
      `INSERT INTO referral_paths ("ancestorId", "descendantId", "depth")
       SELECT up."ancestorId", down."descendantId", up."depth" + down."depth" + 1
       FROM referral_paths up, referral_paths down WHERE up."descendantId" = ? AND down."ancestorId" = ?`,
      [inviterId, memberId],
    );
  }
  yield* one(`UPDATE users SET "inviterId" = ?, "updatedAt" = ? WHERE "id" = ?`, [inviterId, now, memberId]);
  yield* audit({ actorId, action: "member.rebind_inviter", targetType: "member", targetId: memberId, before: { inviterId: member.inviterId ?? null }, after: { inviterId }, reason: input.reason }, now);
  return { inviterId };
}
