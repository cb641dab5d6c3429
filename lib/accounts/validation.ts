// Input schemas for accounts: one place for what a username and a password may be.
import { z } from "zod";

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
