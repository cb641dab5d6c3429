// Promotion activities, member links and order claims (订单找回): what the API accepts and what it returns.
import { z } from "zod";
import { Instant, MemberRef, Yuan } from "./common";
import { parseYuanToFen } from "../money";
import { CLAIM_STATUSES, ClaimAmountCheckSchema, ClaimStatusSchema, LINK_TYPES, LinkTypeSchema, POSTER_TEMPLATES, PosterTemplateSchema } from "./enums";

export const Activity = z.object({
  id: z.number().int(),
  actId: z.string(),
  name: z.string(),
  businessLine: z.number().int().nullable(),
  description: z.string().nullable(),
  enabled: z.boolean(),
  /** The https image posters show (fetched by the server), or null: the template's placeholder. */
  imageUrl: z.string().nullable(),
  posterTemplate: PosterTemplateSchema,
  createdAt: Instant,
  updatedAt: Instant,
});
export type Activity = z.infer<typeof Activity>;

export const Activities = z.object({
  /** False when MEITUAN_APP_KEY / MEITUAN_API_SECRET are missing: no link can be generated. */
  configured: z.boolean(),
  items: z.array(Activity),
});
export type Activities = z.infer<typeof Activities>;

export const PromoLink = z.object({
  url: z.string(),
  linkType: LinkTypeSchema,
  /** True when the link was generated before and reused. */
  cached: z.boolean(),
});
export type PromoLink = z.infer<typeof PromoLink>;

/** A claim just sent, or just reviewed. */
export const ClaimResult = z.object({ id: z.number().int(), status: ClaimStatusSchema, reason: z.string() });
export type ClaimResult = z.infer<typeof ClaimResult>;

export const Claim = z.object({
  id: z.number().int(),
  memberId: z.string(),
  orderId: z.string(),
  payAmount: Yuan,
  status: ClaimStatusSchema,
  reason: z.string(),
  createdAt: Instant,
  reviewedAt: Instant.nullable(),
});
export type Claim = z.infer<typeof Claim>;
export const Claims = z.object({ items: z.array(Claim) });

export const AdminClaim = Claim.extend({
  memberUsername: z.string().nullable(),
  member: MemberRef.nullable(),
  /** The order as we know it (null: not here yet). */
  order: z.object({ payAmount: Yuan.nullable(), attributed: z.boolean() }).nullable(),
  amountCheck: ClaimAmountCheckSchema,
});
export type AdminClaim = z.infer<typeof AdminClaim>;
export const AdminClaims = z.object({ items: z.array(AdminClaim) });

/** POST /api/admin/activities, PUT /api/admin/activities/{id}. */
export const ActivityBody = z.object({
  actId: z.string({ error: "请填写活动 ID" }).trim().regex(/^[0-9A-Za-z_-]{1,64}$/, "活动 ID 只能是字母、数字、下划线或减号"),
  name: z.string({ error: "请填写活动名称" }).trim().min(1, "请填写活动名称").max(100, "名称最多 100 字"),
  businessLine: z.number().int().min(0).max(100000).nullable().optional(),
  description: z.string().trim().max(500, "说明最多 500 字").nullable().optional(),
  enabled: z.boolean().optional(),
  imageUrl: z
    .string()
    .trim()
    .max(2000, "图片地址最多 2000 个字符")
    .refine((v) => {
      try {
        return new URL(v).protocol === "https:";
      } catch {
        return false;
      }
    }, "图片地址须以 https:// 开头，例如 https://example.com/banner.jpg")
    .nullable()
    .optional(),
  posterTemplate: z.enum(POSTER_TEMPLATES, { error: "海报模板无效" }).optional(),
});
export type ActivityInput = z.input<typeof ActivityBody>;

/** POST /api/me/links. */
export const LinkBody = z.object({
  activityId: z.number({ error: "请选择活动" }).int("请选择活动").positive("请选择活动").max(2_147_483_647, "活动不存在"),
  linkType: z.enum(LINK_TYPES, { error: "链接类型无效" }).default("h5_short"),
});
export type LinkInput = z.input<typeof LinkBody>;

export const ClaimBody = z.object({
  orderId: z.string({ error: "请填写订单号" }).trim().regex(/^\d{6,32}$/, "订单号应为 6–32 位数字"),
  payAmount: z.string({ error: "请填写实付金额" }).refine((v) => {
    const fen = parseYuanToFen(v) ?? 0;
    return fen > 0 && fen <= 100_000_000;
  }, "请填写有效的实付金额（¥0.01–¥1,000,000.00），例如 28.80"),
});

export const ClaimsQuery = z.object({ status: z.enum(CLAIM_STATUSES, { error: "状态无效" }).optional() });

export const ClaimReviewBody = z.object({ note: z.string().trim().max(500, "备注最多 500 字").optional() });
