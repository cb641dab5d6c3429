// Accounts as the API returns them: registration, the admin's member search and member page, and the changes an
// admin makes to a member (disable/enable, role, inviter); and what those requests may carry — one place for what a
// username and a password may be.
import { z } from "zod";
import { cursorParam, Instant, limitParam, MemberRef, page, Yuan } from "./common";
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

/** A row of the admin's member list: who, what they can withdraw, how active, how big their team is. */
export const AdminMember = Member.extend({
  label: z.string(),
  inviter: MemberRef.nullable(),
  /** 可提现 now, every request not rejected deducted (negative after a 扣回 larger than the balance). */
  balance: Yuan,
  orders30d: z.number().int(),
  /** Everyone below the member, at any depth. */
  teamSize: z.number().int(),
  /** The latest of their last order, last withdrawal request and registration (logins are not recorded). */
  lastActiveAt: Instant,
  lastActiveKind: z.enum(["order", "withdrawal", "registration"]),
});
export type AdminMember = z.infer<typeof AdminMember>;
/** `capped`: a sort by a computed figure stopped at its cap (lib/accounts/member-list.ts) with members left. */
export const AdminMemberPage = page(AdminMember).extend({ capped: z.boolean() });

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

/** One entry of a member's activity (GET /api/admin/members/{id}/activity), newest first. */
export const MemberActivityEntry = z.object({
  at: Instant,
  kind: z.enum(["registration", "order", "withdrawal", "admin"]),
  title: z.string(),
  detail: z.string().nullable(),
  /** The order an order entry links to. */
  orderId: z.string().nullable(),
});
export type MemberActivityEntry = z.infer<typeof MemberActivityEntry>;
export const MemberActivityPage = page(MemberActivityEntry);

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
  /**
   * The consent checkbox: the form requires it, and it records which versions were accepted, and when. An API
   * client that leaves it out registers without consent, and the portal asks for it before anything else
   * (lib/agreements consentGate); `false` is refused.
   */
  agreed: z.literal(true, { error: "请阅读并同意《用户协议》和《隐私政策》" }).optional(),
  /** The versions the form showed (lib/agreements): a newer one since makes the member read it first. */
  termsVersion: z.number().int().positive().optional(),
  privacyVersion: z.number().int().positive().optional(),
});
export type RegisterInput = z.input<typeof RegisterSchema>;

/** A member accepting the agreements after registering (the portal's consent gate). */
export const ConsentBody = z
  .object({
    agreed: z.literal(true, { error: "请阅读并同意《用户协议》和《隐私政策》" }),
    termsVersion: z.number().int().positive().optional(),
    privacyVersion: z.number().int().positive().optional(),
  })
  .strict();
export const ConsentRecorded = z.object({ consented: z.literal(true) });

export const ReasonBody = z.object({ reason: z.string({ error: "请填写原因" }).trim().min(2, "请填写原因").max(500, "原因最多 500 字") });
export const RoleBody = ReasonBody.extend({ role: z.enum(ROLES, { error: "角色只能是 ADMIN 或 MEMBER" }) });

export const RebindSchema = z.object({
  // null detaches the member from any inviter.
  inviteCode: z.string({ error: "请输入新邀请人的邀请码" }).trim().toUpperCase().max(32).nullable(),
  reason: z.string({ error: "请填写原因" }).trim().min(2, "请填写原因").max(500, "原因最多 500 字"),
});
