// Managing members: one member's whole picture, disable/enable, grant or revoke admin. Audited.
import { sql, type Selectable } from "kysely";
import type { z } from "zod";
import { ROLES, storedCode, type Role } from "../contracts/enums";
import { rawDb } from "../db";
import { exec, first, q, type DB } from "../db/query";
import { ApiError, notFound } from "../api/errors";
import { audit } from "../audit";
import { commissionDto, memberSummary, withdrawalDto } from "../earnings/portal";
import { orderDto } from "../orders/dto";
import { memberRef } from "./display";
import { forgetMember } from "../links/resolve";

const MEMBER_COLUMNS = ["id", "username", "name", "role", "sid", "inviteCode", "inviterId", "disabled", "createdAt"] as const;
const memberDto = (m: Pick<Selectable<DB["users"]>, (typeof MEMBER_COLUMNS)[number]>) => ({ ...m, role: storedCode(ROLES, m.role), createdAt: m.createdAt.toISOString() });

/** Team members the page names (the counts say how many there are in all). */
const TEAM_SHOWN = 20;

export async function memberDetail(id: string) {
  const raw = rawDb();
  const member = await raw.row(q.selectFrom("users").select(MEMBER_COLUMNS).where("id", "=", id));
  if (!member) throw notFound("会员");
  const since = new Date(Date.now() - 30 * 86_400_000);
  const count = sql<number>`COUNT(*)`.as("n");
  const [inviter, downline, team, orderCount, recentCount, balance, commissions, withdrawals, orders] = await Promise.all([
    member.inviterId ? raw.row(q.selectFrom("users").select(["id", "username", "name"]).where("id", "=", member.inviterId)) : undefined,
    raw.rows(q.selectFrom("referral_paths").select(["depth", count]).where("ancestorId", "=", id).where("depth", "in", [1, 2]).groupBy("depth")),
    raw.rows(
      q.selectFrom("referral_paths as p").innerJoin("users as u", "u.id", "p.descendantId")
        .select(["u.id", "u.name", "u.username", "p.depth"])
        .where("p.ancestorId", "=", id).where("p.depth", "in", [1, 2])
        .orderBy("p.depth").orderBy("u.createdAt", "desc").orderBy("u.id", "desc").limit(TEAM_SHOWN),
    ),
    raw.row(q.selectFrom("orders").select(count).where("memberId", "=", id)),
    raw.row(q.selectFrom("orders").select(count).where("memberId", "=", id).where("occurredAt", ">=", since)),
    memberSummary(id),
    raw.rows(
      q.selectFrom("commissions as c").innerJoin("orders as o", "o.id", "c.orderRef")
        .selectAll("c").select(["o.orderId", "o.title"])
        .where("c.beneficiaryId", "=", id).orderBy("c.createdAt", "desc").orderBy("c.id", "desc").limit(20),
    ),
    raw.rows(q.selectFrom("withdrawals").selectAll().where("memberId", "=", id).orderBy("id", "desc").limit(20)),
    raw.rows(q.selectFrom("orders").selectAll().where("memberId", "=", id).orderBy("occurredAt", "desc").orderBy("id", "desc").limit(20)),
  ]);
  const depth = (d: number) => Number(downline.find((r) => r.depth === d)?.n ?? 0);
  return {
    member: memberDto(member),
    inviter: inviter ? memberRef(inviter) : null,
    team: team.map((t) => ({ level: t.depth, member: memberRef(t) })),
    downline: { level1: depth(1), level2: depth(2) },
    // PostgreSQL's COUNT is a bigint.
    orders: { count: Number(orderCount?.n ?? 0), last30Days: Number(recentCount?.n ?? 0) },
    balance,
    recentCommissions: commissions.map((c) => commissionDto(c, { orderId: c.orderId, title: c.title })),
    recentWithdrawals: withdrawals.map((w) => withdrawalDto(w)),
    recentOrders: orders.map(orderDto),
  };
}

async function changeMember(id: string, actorId: string, action: string, change: { disabled?: boolean; role?: Role }, reason: string) {
  if (id === actorId) throw new ApiError(409, "self", "不能修改自己的账号状态或角色");
  const raw = rawDb();
  return raw.transaction(function* () {
    const before = yield* first(q.selectFrom("users").select(["disabled", "role"]).where("id", "=", id).forUpdate());
    if (!before) throw notFound("会员");
    const disabled = change.disabled ?? before.disabled;
    const role = change.role ?? before.role;
    yield* exec(q.updateTable("users").set({ disabled, role, updatedAt: new Date() }).where("id", "=", id));
    yield* audit({ actorId, action, targetType: "member", targetId: id, before: { disabled: before.disabled, role: before.role }, after: { disabled, role }, reason });
    return { id, disabled, role: storedCode(ROLES, role) };
  });
}

export const setDisabled = (id: string, disabled: boolean, reason: string, actorId: string) =>
  changeMember(id, actorId, disabled ? "member.disable" : "member.enable", { disabled }, reason).finally(() => forgetMember(id));

export const setRole = (id: string, role: Role, reason: string, actorId: string) => changeMember(id, actorId, "member.role", { role }, reason);
