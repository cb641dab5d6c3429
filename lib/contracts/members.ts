// Accounts as the API returns them: registration, the admin's member search and member page, and the changes an
// admin makes to a member (disable/enable, role, inviter); and what those requests may carry — one place for what a
// username and a password may be.
import { z } from "zod";
import { cursorParam, Instant, limitParam, page } from "./common";
import { CommissionItem, Summary, Withdrawal } from "./earnings";
import { ROLES, RoleSchema } from "./enums";
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
  inviter: z.object({ id: z.string(), username: z.string() }).nullable(),
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

// ---- requests ----------------------------------------------------------------------------------------------------

const PHONE = /^1[3-9]\d{9}$/;

export const UsernameSchema = z
  .string({ error: "请输入手机号或邮箱" })
  .trim()
  .toLowerCase()
  .refine((v) => PHONE.test(v) || z.email().safeParse(v).success, "请输入有效的手机号或邮箱")
  .refine((v) => v.length <= 100, "用户名过长");

export const PasswordSchema = z
  .string({ error: "请输入密码" })
  .min(8, "密码至少 8 位")
  .max(128, "密码最多 128 位");

export const RegisterSchema = z.object({
  username: UsernameSchema,
  password: PasswordSchema,
  name: z.string({ error: "昵称必须是文字" }).trim().max(50, "昵称最多 50 个字").nullish().transform((v) => v || undefined),
  inviteCode: z.string({ error: "邀请码必须是文字" }).trim().toUpperCase().max(32, "邀请码无效").nullish().transform((v) => v || undefined),
});
export type RegisterInput = z.input<typeof RegisterSchema>;

export const MemberSearchQuery = z.object({
  q: z.string().trim().max(100).optional(),
  cursor: cursorParam,
  limit: limitParam(50),
});

export const ReasonBody = z.object({ reason: z.string({ error: "请填写原因" }).trim().min(2, "请填写原因").max(500, "原因最多 500 字") });
export const RoleBody = ReasonBody.extend({ role: z.enum(ROLES, { error: "角色只能是 ADMIN 或 MEMBER" }) });

export const RebindSchema = z.object({
  // null detaches the member from any inviter.
  inviteCode: z.string({ error: "请输入新邀请人的邀请码" }).trim().toUpperCase().max(32).nullable(),
  reason: z.string({ error: "请填写原因" }).trim().min(2, "请填写原因").max(500, "原因最多 500 字"),
});
