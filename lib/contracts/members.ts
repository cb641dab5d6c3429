// Accounts as the API returns them: registration, the admin's member search and member page, and the changes an
// admin makes to a member (disable/enable, role, inviter).
import { z } from "zod";
import { Instant, MemberRef, page } from "./common";
import { CommissionItem, Summary, Withdrawal } from "./earnings";
import { RoleSchema } from "./enums";
import { Order } from "./orders";

export const Registered = z.object({ id: z.string(), sid: z.string(), inviteCode: z.string() });
export type Registered = z.infer<typeof Registered>;

export const Member = z.object({
  id: z.string(),
  username: z.string(),
  name: z.string().nullable(),
  role: RoleSchema,
  sid: z.string().nullable(),
  inviteCode: z.string().nullable(),
  inviterId: z.string().nullable(),
  disabled: z.boolean(),
  createdAt: Instant,
});
export type Member = z.infer<typeof Member>;
export const MemberPage = page(Member);

export const MemberDetail = z.object({
  member: Member,
  inviter: MemberRef.nullable(),
  /** The first members of the team, level 1 before level 2, newest first. */
  team: z.array(z.object({ level: z.number().int(), member: MemberRef })),
  downline: z.object({ level1: z.number().int(), level2: z.number().int() }),
  orders: z.object({ count: z.number().int(), last30Days: z.number().int() }),
  balance: Summary,
  recentCommissions: z.array(CommissionItem),
  recentWithdrawals: z.array(Withdrawal),
  recentOrders: z.array(Order),
});
export type MemberDetail = z.infer<typeof MemberDetail>;

/** A member after an admin disabled, enabled or re-roled them. */
export const MemberChanged = z.object({ id: z.string(), disabled: z.boolean(), role: RoleSchema });
export type MemberChanged = z.infer<typeof MemberChanged>;

export const InviterChanged = z.object({ inviterId: z.string().nullable() });
export type InviterChanged = z.infer<typeof InviterChanged>;
