// Tracked short links and the click-to-order funnel: what the API accepts and returns (lib/links).
import { z } from "zod";
import { Day, Instant, MemberRef, Yuan, cursorParam, dayParam, limitParam } from "./common";
import { LINK_TYPES, LinkTypeSchema } from "./enums";

/** One member link: Meituan's and ours. GET /api/me/links. */
export const MemberLink = z.object({
  activityId: z.number().int(),
  activityName: z.string(),
  linkType: LinkTypeSchema,
  /** Meituan's link (carries the member's sid). */
  url: z.string(),
  /** Our tracked short link to it; null when no browser can open the link (团口令, 小程序路径). */
  shortUrl: z.string().nullable(),
  createdAt: Instant,
});
export type MemberLink = z.infer<typeof MemberLink>;
export const MemberLinks = z.object({ items: z.array(MemberLink) });

/** Clicks → orders → GMV → commission. conversion = orders / clicks (null without clicks). */
export const FunnelNumbers = z.object({
  clicks: z.number().int(),
  /** Crawlers, link previews and prefetches: recorded, never in clicks or the conversion. */
  botClicks: z.number().int(),
  orders: z.number().int(),
  gmv: Yuan,
  commission: Yuan,
  conversion: z.number().nullable(),
});
export type FunnelNumbers = z.infer<typeof FunnelNumbers>;

const ActivityRow = FunnelNumbers.extend({ activityId: z.number().int(), activityName: z.string() });
const LinkTypeRow = FunnelNumbers.extend({ linkType: LinkTypeSchema });
const DayRow = FunnelNumbers.extend({ day: Day });

export const FunnelRange = z.object({ from: Day, to: Day, windowDays: z.number().int() });

/** GET /api/me/funnel: the member's own links. */
export const MemberFunnel = FunnelRange.extend({
  totals: FunnelNumbers,
  byActivity: z.array(ActivityRow),
  byLinkType: z.array(LinkTypeRow),
  /** Every day of the range, newest first (days without anything included, as zeros). */
  byDay: z.array(DayRow),
  links: z.array(FunnelNumbers.extend({ activityId: z.number().int(), activityName: z.string(), linkType: LinkTypeSchema, shortUrl: z.string().nullable() })),
});
export type MemberFunnel = z.infer<typeof MemberFunnel>;

export const MemberFunnelQuery = z.object({
  days: z.coerce.number({ error: "天数无效" }).int("天数无效").min(1, "天数至少为 1").max(90, "最多查看 90 天").default(30),
});

export const FUNNEL_GROUPS = ["link", "member", "activity", "linkType", "day"] as const;
export type FunnelGroup = (typeof FUNNEL_GROUPS)[number];

/** GET /api/admin/funnel. */
export const AdminFunnelQuery = z.object({
  from: dayParam("开始日期").optional(),
  to: dayParam("结束日期").optional(),
  group: z.enum(FUNNEL_GROUPS, { error: "分组无效" }).default("link"),
  memberId: z.string().trim().max(64, "会员无效").optional(),
  activityId: z.coerce.number({ error: "活动无效" }).int("活动无效").positive("活动无效").max(2_147_483_647, "活动无效").optional(),
  linkType: z.enum(LINK_TYPES, { error: "链接类型无效" }).optional(),
  cursor: cursorParam,
  limit: limitParam(50),
});
export type AdminFunnelQueryInput = z.input<typeof AdminFunnelQuery>;

export const AdminFunnelRow = FunnelNumbers.extend({
  key: z.string(),
  member: MemberRef.nullable(),
  activityId: z.number().int().nullable(),
  activityName: z.string().nullable(),
  linkType: LinkTypeSchema.nullable(),
  day: Day.nullable(),
});
export type AdminFunnelRow = z.infer<typeof AdminFunnelRow>;

export const AdminFunnel = FunnelRange.extend({
  group: z.enum(FUNNEL_GROUPS),
  totals: FunnelNumbers,
  items: z.array(AdminFunnelRow),
  /** Rows in the group (all pages). */
  total: z.number().int(),
  nextCursor: z.string().nullable(),
});
export type AdminFunnel = z.infer<typeof AdminFunnel>;
