// Off-site notification channels as the API shows and edits them: operators' group robots, the WeChat 服务号
// configuration, Web Push status (console); a member's WeChat binding and push subscriptions (portal). Secrets
// are never answered whole: a masked hint and whether one is set.
import { z } from "zod";
import { Instant } from "./common";
import { AlertKindSchema, NotificationKindSchema, RobotPlatformSchema } from "./enums";

export const Robot = z.object({
  id: z.number().int(),
  platform: RobotPlatformSchema,
  name: z.string(),
  /** The webhook URL with its key / access_token masked. */
  url: z.string(),
  /** The 加签 / 签名校验 secret, masked; null when there is none. */
  secret: z.string().nullable(),
  kinds: z.array(AlertKindSchema),
  enabled: z.boolean(),
  consecutiveFailures: z.number().int(),
  /** Marked failing after ROBOT_FAILING_AFTER consecutive failures; cleared by the next success. */
  failing: z.boolean(),
  failingSince: Instant.nullable(),
  lastError: z.string().nullable(),
  lastSentAt: Instant.nullable(),
  createdAt: Instant,
  updatedAt: Instant,
});
export type Robot = z.infer<typeof Robot>;
export const Robots = z.object({ items: z.array(Robot), failingAfter: z.number().int() });
export type Robots = z.infer<typeof Robots>;

export const RobotTestResult = z.object({ ok: z.boolean(), message: z.string(), robot: Robot });
export type RobotTestResult = z.infer<typeof RobotTestResult>;
export const Deleted = z.object({ deleted: z.literal(true) });

const robotName = z.string({ error: "请填写名称" }).trim().min(1, "请填写名称").max(40, "名称最多 40 个字");
const robotUrl = z.string({ error: "请填写 Webhook 地址" }).trim().min(1, "请填写 Webhook 地址").max(500, "Webhook 地址过长");
const robotSecret = z.string().trim().max(200, "密钥过长");
const robotKinds = z.array(AlertKindSchema, { error: "请选择告警类型" }).min(1, "至少选择一种告警").max(20).refine((ks) => new Set(ks).size === ks.length, "告警类型重复");

export const RobotCreateBody = z.object({
  platform: RobotPlatformSchema,
  name: robotName,
  url: robotUrl,
  /** Empty or absent: no secret. */
  secret: robotSecret.optional(),
  kinds: robotKinds,
  enabled: z.boolean().default(true),
});
export type RobotCreateBody = z.input<typeof RobotCreateBody>;

/** Absent fields are kept; `url` / `secret` absent keep the stored (unseen) value, `secret: ""` removes it. */
export const RobotUpdateBody = z.object({
  name: robotName.optional(),
  url: robotUrl.optional(),
  secret: robotSecret.optional(),
  kinds: robotKinds.optional(),
  enabled: z.boolean().optional(),
});
export type RobotUpdateBody = z.input<typeof RobotUpdateBody>;

// ---- WeChat 服务号 -------------------------------------------------------------------------------------------------

/** Where a template's data fields take their values from: "thing1=title,amount2=amount,time3=time". */
export const TEMPLATE_SOURCES = ["title", "body", "order", "amount", "time"] as const;
export const DEFAULT_TEMPLATE_FIELDS = "thing1=title,thing2=body,time3=time";
const FIELD_MAP = new RegExp(`^\\s*[a-z_]+\\d+\\s*=\\s*(${TEMPLATE_SOURCES.join("|")})\\s*(,\\s*[a-z_]+\\d+\\s*=\\s*(${TEMPLATE_SOURCES.join("|")})\\s*)*$`);

export const Template = z.object({ templateId: z.string(), fields: z.string() });
export const Templates = z.partialRecord(NotificationKindSchema, Template);
export type Templates = z.infer<typeof Templates>;

export const WechatConfig = z.object({
  /** An appid and secret are saved. */
  configured: z.boolean(),
  enabled: z.boolean(),
  appId: z.string(),
  /** Masked; null when none is saved. */
  appSecret: z.string().nullable(),
  templates: Templates,
  /** Members bound to this appid. */
  bindings: z.number().int(),
  updatedAt: Instant.nullable(),
});
export type WechatConfig = z.infer<typeof WechatConfig>;

const TemplateInput = z.object({
  templateId: z.string().trim().max(64, "模板 ID 过长").regex(/^[\w-]*$/, "模板 ID 只能包含字母、数字、- 和 _"),
  fields: z
    .string()
    .trim()
    .max(300, "字段设置过长")
    .refine((f) => f === "" || FIELD_MAP.test(f), "字段格式应为 thing1=title,amount2=amount（可用 title、body、order、amount、time）")
    .optional(),
});

export const WechatConfigBody = z.object({
  appId: z.string({ error: "请填写 AppID" }).trim().regex(/^wx[0-9a-f]{16}$/i, "AppID 应为 wx 开头的 18 位"),
  /** Absent or empty: keep the saved secret. */
  appSecret: z.string().trim().max(64, "AppSecret 过长").regex(/^[0-9a-zA-Z]*$/, "AppSecret 只能包含字母和数字").optional(),
  templates: z.partialRecord(NotificationKindSchema, TemplateInput).default({}),
  enabled: z.boolean(),
});
export type WechatConfigBody = z.input<typeof WechatConfigBody>;

// ---- Web Push ----------------------------------------------------------------------------------------------------

export const WebPushStatus = z.object({
  publicKey: z.string(),
  /** Where the VAPID keys come from. */
  source: z.enum(["env", "generated"]),
  subject: z.string(),
  subscriptions: z.number().int(),
});
export type WebPushStatus = z.infer<typeof WebPushStatus>;

// ---- a member's channels -----------------------------------------------------------------------------------------

export const MemberWechat = z.object({
  /** The operator configured and enabled the 服务号. */
  available: z.boolean(),
  /** The page was opened inside WeChat (User-Agent MicroMessenger): the only place the OAuth binding works. */
  inWechat: z.boolean(),
  bound: z.boolean(),
  boundAt: Instant.nullable(),
});
export type MemberWechat = z.infer<typeof MemberWechat>;

export const MemberPush = z.object({ publicKey: z.string(), subscriptions: z.number().int() });
export type MemberPush = z.infer<typeof MemberPush>;

/**
 * A browser's PushSubscription.toJSON(). Push services' endpoints are a few hundred characters; which hosts and
 * schemes are accepted is the server's check (lib/notify/webpush/endpoints.ts: https push services only).
 */
export const PushSubscribeBody = z.object({
  endpoint: z.string().max(1024, "推送地址过长").url("推送地址无效"),
  expirationTime: z.number().nullable().optional(),
  keys: z.object({
    p256dh: z.string().regex(/^[A-Za-z0-9_-]{80,100}={0,2}$/, "p256dh 无效"),
    auth: z.string().regex(/^[A-Za-z0-9_-]{16,24}={0,2}$/, "auth 无效"),
  }),
});
export type PushSubscribeBody = z.input<typeof PushSubscribeBody>;
export const PushUnsubscribeBody = z.object({ endpoint: z.string().max(1024) });
export const PushSubscribed = z.object({ subscribed: z.boolean() });

/** WeChat's redirect back after authorize (code and state), and the page to return to; all bounded. */
export const WechatCallbackQuery = z.object({
  code: z.string().max(200).optional(),
  state: z.string().max(200).optional(),
  return: z.string().max(200).optional(),
});
export const WechatBindQuery = z.object({ return: z.string().max(200).optional() });
