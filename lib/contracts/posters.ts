// Share posters: what GET /api/me/posters and /api/me/posters/invite accept. Both answer image/png (or the one
// error shape). Strict: a poster is always the caller's own, so a memberId (or anything else) is refused.
import { z } from "zod";
import { POSTER_TEMPLATES } from "./enums";

const template = z.enum(POSTER_TEMPLATES, { error: "海报模板无效" }).optional();

export const ActivityPosterQuery = z
  .object({
    activityId: z.coerce.number({ error: "请选择活动" }).int("请选择活动").positive("请选择活动").max(2_147_483_647, "活动不存在"),
    /** Default: the template the admin chose for the activity. */
    template,
    /** Any value: only there so a link can ask the browser to save the file (Content-Disposition: attachment). */
    download: z.literal("1").optional(),
  })
  .strict();

export const InvitePosterQuery = z.object({ template, download: z.literal("1").optional() }).strict();

/** GET /api/admin/posters/preview: the console's preview of an activity's poster while it is being edited. */
export const PosterPreviewQuery = z
  .object({
    template: z.enum(POSTER_TEMPLATES, { error: "海报模板无效" }),
    name: z.string().trim().min(1, "请填写活动名称").max(100, "名称最多 100 字"),
    description: z.string().trim().max(500, "说明最多 500 字").optional(),
    imageUrl: z
      .string()
      .trim()
      .max(2000, "图片地址最多 2000 个字符")
      .refine((v) => v.startsWith("https://"), "图片地址须以 https:// 开头")
      .optional(),
  })
  .strict();
