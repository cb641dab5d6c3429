// The first start without an admin: the one-time setup form (POST /api/setup) and its answer.
import { z } from "zod";
import { PasswordSchema, UsernameSchema } from "./members";

export const FirstAdminSchema = z.object({
  token: z.string({ error: "初始化链接无效" }).min(1, "初始化链接无效").max(200, "初始化链接无效"),
  username: UsernameSchema,
  password: PasswordSchema,
  name: z.string({ error: "昵称必须是文字" }).trim().max(50, "昵称最多 50 个字").nullish().transform((v) => v || null),
});

export const FirstAdminCreated = z.object({ id: z.string(), username: z.string() });
export type FirstAdminCreated = z.infer<typeof FirstAdminCreated>;
