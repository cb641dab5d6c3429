// Managing members: search, one member's whole picture, disable/enable, grant or revoke admin. Audited.
import { z } from "zod";
import { cursorParam, limitParam } from "../api/params";
import { db, rawDb } from "../db";
import { exec, first, q } from "../db/query";
import { ApiError, notFound } from "../api/errors";
import { audit } from "../audit";
import { commissionDto, memberSummary, withdrawalDto } from "../earnings/portal";
import { orderDto } from "../orders/dto";

export const MemberSearchQuery = z.object({
  q: z.string().trim().max(100).optional(),
  cursor: cursorParam,
  limit: limitParam(50),
});

const MEMBER_SELECT = { id: true, username: true, name: true, role: true, sid: true, inviteCode: true, inviterId: true, disabled: true, createdAt: true } as const;
const memberDto = <M extends { createdAt: Date }>(m: M) => ({ ...m, createdAt: m.createdAt.toISOString() });

/** Members are listed newest first; their ids are UUIDs, so the cursor is (createdAt, id) as text. */
function afterMember(cursor: string | undefined) {
  if (!cursor) return {};
  const m = /^(\d{1,15}):([0-9a-f-]{36})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  if (!m || Number(m[1]) > Date.UTC(9999, 11, 31)) throw new ApiError(422, "invalid_cursor", "分页参数无效，请刷新后重试");
  const at = new Date(Number(m[1]));
  return { OR: [{ createdAt: { lt: at } }, { createdAt: at, id: { lt: m[2] } }] };
}

export async function searchMembers(q: z.infer<typeof MemberSearchQuery>) {
  const term = q.q?.trim();
  const rows = await db().user.findMany({
    where: {
      AND: [
        term ? { OR: [{ username: { startsWith: term.toLowerCase() } }, { sid: term.toLowerCase() }, { inviteCode: term.toUpperCase() }, { id: term }] } : {},
        afterMember(q.cursor),
      ],
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: q.limit + 1,
    select: MEMBER_SELECT,
  });
  const items = rows.slice(0, q.limit);
  const last = items[items.length - 1];
  const nextCursor = rows.length > q.limit && last ? Buffer.from(`${last.createdAt.getTime()}:${last.id}`).toString("base64url") : null;
  return { items: items.map(memberDto), nextCursor };
}

export async function memberDetail(id: string) {
  const member = await db().user.findUnique({ where: { id }, select: MEMBER_SELECT });
  if (!member) throw notFound("会员");
  const since = new Date(Date.now() - 30 * 86_400_000);
  const [inviter, downline, orderCount, recentCount, balance, commissions, withdrawals, orders] = await Promise.all([
    member.inviterId ? db().user.findUnique({ where: { id: member.inviterId }, select: { id: true, username: true } }) : null,
    rawDb().query(`SELECT "depth", COUNT(*) AS "n" FROM referral_paths WHERE "ancestorId" = ? AND "depth" IN (1, 2) GROUP BY "depth"`, [id]),
    db().order.count({ where: { memberId: id } }),
    db().order.count({ where: { memberId: id, occurredAt: { gte: since } } }),
    memberSummary(id),
    db().commission.findMany({ where: { beneficiaryId: id }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: 20, include: { order: { select: { orderId: true, title: true } } } }),
    db().withdrawal.findMany({ where: { memberId: id }, orderBy: { id: "desc" }, take: 20 }),
    db().order.findMany({ where: { memberId: id }, orderBy: [{ occurredAt: "desc" }, { id: "desc" }], take: 20 }),
  ]);
  const depth = (d: number) => Number(downline.find((r) => Number(r.depth) === d)?.n ?? 0);
  return {
    member: memberDto(member),
    inviter,
    downline: { level1: depth(1), level2: depth(2) },
    orders: { count: orderCount, last30Days: recentCount },
    balance,
    recentCommissions: commissions.map((c) => commissionDto(c, c.order)),
    recentWithdrawals: withdrawals.map((w) => withdrawalDto(w)),
    recentOrders: orders.map(orderDto),
  };
}

export const ReasonBody = z.object({ reason: z.string({ error: "请填写原因" }).trim().min(2, "请填写原因").max(500, "原因最多 500 字") });
export const RoleBody = ReasonBody.extend({ role: z.enum(["ADMIN", "MEMBER"], { error: "角色只能是 ADMIN 或 MEMBER" }) });

async function changeMember(id: string, actorId: string, action: string, change: { disabled?: boolean; role?: string }, reason: string) {
  if (id === actorId) throw new ApiError(409, "self", "不能修改自己的账号状态或角色");
  const raw = rawDb();
  return raw.transaction(function* () {
    const before = yield* first(q.selectFrom("users").select(["disabled", "role"]).where("id", "=", id).forUpdate());
    if (!before) throw notFound("会员");
    const disabled = change.disabled ?? before.disabled;
    const role = change.role ?? before.role;
    yield* exec(q.updateTable("users").set({ disabled, role, updatedAt: new Date() }).where("id", "=", id));
    yield* audit({ actorId, action, targetType: "member", targetId: id, before: { disabled: before.disabled, role: before.role }, after: { disabled, role }, reason });
    return { id, disabled, role };
  });
}

export const setDisabled = (id: string, disabled: boolean, reason: string, actorId: string) =>
  changeMember(id, actorId, disabled ? "member.disable" : "member.enable", { disabled }, reason);

export const setRole = (id: string, role: "ADMIN" | "MEMBER", reason: string, actorId: string) => changeMember(id, actorId, "member.role", { role }, reason);
