// Every environment variable the app reads, validated once at start-up. See .env.example.
import { z } from "zod";
import { parseMediaScopes } from "./meituan/client/scopes";
import { TrustedProxies } from "./net/client-address";

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema.optional());

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: optional(
    z.string().regex(/^(file:|postgres(ql)?:\/\/)/, "DATABASE_URL must start with file: or postgresql://"),
  ),
  DATA_DIR: optional(z.string()),
  MEITUAN_CALLBACK_SECRET: optional(z.string().min(1)),
  // Rotation: the old secret stays accepted until the given instant (ISO-8601), then never again.
  MEITUAN_CALLBACK_SECRET_PREVIOUS: optional(z.string().min(1)),
  MEITUAN_CALLBACK_SECRET_PREVIOUS_UNTIL: optional(z.iso.datetime({ offset: true, error: "MEITUAN_CALLBACK_SECRET_PREVIOUS_UNTIL must be an ISO-8601 time, e.g. 2026-12-01T00:00:00+08:00" })),
  // Meituan order API (reconciliation, links): see lib/meituan/client and .env.example.
  MEITUAN_API_KIND: optional(z.enum(["union", "media"])),
  MEITUAN_APP_KEY: optional(z.string().min(1)),
  MEITUAN_API_SECRET: optional(z.string().min(1)),
  MEITUAN_UNION_BASE_URL: optional(z.url()),
  MEITUAN_MEDIA_BASE_URL: optional(z.url()),
  MEITUAN_BUSINESS_LINES: optional(z.string().regex(/^\s*\d+(\s*,\s*\d+)*\s*$/, "MEITUAN_BUSINESS_LINES must be a comma list of numbers, e.g. 1,2,3")),
  MEITUAN_MEDIA_SIGNATURE_FORM: optional(z.enum(["official", "aliyun"])),
  // Media queries reconciliation makes: `platform[:line,line…]` separated by `;` (lib/meituan/client/scopes.ts).
  MEITUAN_MEDIA_SCOPES: optional(
    z.string().superRefine((text, ctx) => {
      try {
        parseMediaScopes(text);
      } catch (e) {
        ctx.addIssue({ code: "custom", message: `MEITUAN_MEDIA_SCOPES: ${e instanceof Error ? e.message : e} (default 1;1:7;1:12;1:999;2:1,2,3,4,5,6,15)` });
      }
    }),
  ),
  NEXTAUTH_SECRET: optional(z.string().min(32, "NEXTAUTH_SECRET must be at least 32 characters")),
  NEXTAUTH_URL: optional(z.url()),
  ADMIN_USERNAME: optional(z.string().min(3)),
  ADMIN_PASSWORD: optional(z.string().min(8, "ADMIN_PASSWORD must be at least 8 characters")),
  INBOX_RETRY_SECONDS: optional(z.coerce.number().int().min(1).max(3600)),
  // Refused callback requests (bad sign, unreadable, too large) are deleted after this many days.
  INBOX_REJECTED_RETENTION_DAYS: optional(z.coerce.number().int().min(1).max(3650)),
  INBOX_RETENTION_SECONDS: optional(z.coerce.number().int().min(10).max(86400)),
  SETTLEMENT_SECONDS: optional(z.coerce.number().int().min(1).max(86400)),
  RECONCILE_SECONDS: optional(z.coerce.number().int().min(10).max(86400)),
  RECONCILE_DAYS: optional(z.coerce.number().int().min(1).max(92)),
  // How often the notification delivery job and the alert evaluation run.
  NOTIFY_DELIVERY_SECONDS: optional(z.coerce.number().int().min(1).max(3600)),
  ALERT_SECONDS: optional(z.coerce.number().int().min(5).max(3600)),
  // How long a sender holds a delivery it claimed before another may take it (a sender that died lets go then).
  NOTIFY_LEASE_SECONDS: optional(z.coerce.number().int().min(2).max(3600)),
  LOG_LEVEL: optional(z.enum(["debug", "info", "warn", "error"])),
  REGISTER_LIMIT_PER_HOUR: optional(z.coerce.number().int().min(1).max(1_000_000)),
  PORT: optional(z.coerce.number().int().min(1).max(65535)),
  // Share posters: renders at once, and how many more may wait before a request gets 503 (lib/posters).
  POSTER_RENDER_CONCURRENCY: optional(z.coerce.number().int().min(1).max(64)),
  POSTER_QUEUE_LIMIT: optional(z.coerce.number().int().min(0).max(10_000)),
  // SQLite: heavy reads run in this many worker threads with read-only connections (lib/reads); 0 runs them on
  // the thread that acknowledges pushes. A read waiting longer than the timeout fails and its worker is replaced.
  READ_POOL_SIZE: optional(z.coerce.number().int().min(0).max(16)),
  READ_POOL_TIMEOUT_SECONDS: optional(z.coerce.number().int().min(1).max(600)),
  // The workers' nice value (Linux, per thread): above 0 they yield the CPU to the thread that acknowledges pushes.
  READ_POOL_NICE: optional(z.coerce.number().int().min(0).max(19)),
  // Reverse proxies whose X-Forwarded-For is believed (addresses or CIDRs, IPv4 and IPv6). Unset: none.
  TRUSTED_PROXIES: optional(
    z.string().superRefine((spec, ctx) => {
      try {
        new TrustedProxies(spec);
      } catch (e) {
        ctx.addIssue({ code: "custom", message: `TRUSTED_PROXIES: ${e instanceof Error ? e.message : e} (e.g. 10.0.0.0/8, ::1)` });
      }
    }),
  ),
  // Off-site notification channels (lib/notify). Extra robot hosts allowed besides the platforms' own, e.g.
  // "127.0.0.1:*" for a local stand-in; `host:port` or `host:*`, comma-separated. Those may be plain http.
  NOTIFY_ROBOT_HOSTS: optional(z.string().regex(/^\s*[\w.-]+:(\d+|\*)(\s*,\s*[\w.-]+:(\d+|\*))*\s*$/, "NOTIFY_ROBOT_HOSTS must be host:port or host:* separated by commas, e.g. 127.0.0.1:*")),
  // Extra Web Push endpoints' hosts besides the browsers' push services, same form; only for a local stand-in.
  NOTIFY_PUSH_HOSTS: optional(z.string().regex(/^\s*[\w.-]+:(\d+|\*)(\s*,\s*[\w.-]+:(\d+|\*))*\s*$/, "NOTIFY_PUSH_HOSTS must be host:port or host:* separated by commas, e.g. 127.0.0.1:*")),
  WECHAT_API_BASE: optional(z.url()),
  WECHAT_OPEN_BASE: optional(z.url()),
  // Web Push VAPID keys (base64url, as `web-push generate-vapid-keys` prints); unset: generated into DATA_DIR.
  VAPID_PUBLIC_KEY: optional(z.string().regex(/^[A-Za-z0-9_-]{80,100}$/, "VAPID_PUBLIC_KEY must be a base64url P-256 public key")),
  VAPID_PRIVATE_KEY: optional(z.string().regex(/^[A-Za-z0-9_-]{40,50}$/, "VAPID_PRIVATE_KEY must be a base64url P-256 private key")),
  VAPID_SUBJECT: optional(z.string().regex(/^(mailto:|https:\/\/)/, "VAPID_SUBJECT must be a mailto: or https:// URL")),
  // Where a disabled member's short links send visitors (never to the member's sid): a path here or a URL.
  SHORT_LINK_DISABLED_URL: optional(z.string().regex(/^(\/(?!\/)|https?:\/\/)/, "SHORT_LINK_DISABLED_URL must be a path starting with / or an http(s) URL")),
});

export type Env = z.infer<typeof EnvSchema>;

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment:\n${lines}`);
  }
  cached = parsed.data;
  return cached;
}

export const dataDir = () => env().DATA_DIR ?? "data";
export const inboxRetrySeconds = () => env().INBOX_RETRY_SECONDS ?? 30;
export const inboxRejectedRetentionDays = () => env().INBOX_REJECTED_RETENTION_DAYS ?? 30;
export const inboxRetentionSeconds = () => env().INBOX_RETENTION_SECONDS ?? 3600;
export const settlementSeconds = () => env().SETTLEMENT_SECONDS ?? 300;
export const reconcileSeconds = () => env().RECONCILE_SECONDS ?? 900;
export const registerLimitPerHour = () => env().REGISTER_LIMIT_PER_HOUR ?? 20;
export const reconcileDays = () => env().RECONCILE_DAYS ?? 3;
export const notifyDeliverySeconds = () => env().NOTIFY_DELIVERY_SECONDS ?? 5;
export const alertSeconds = () => env().ALERT_SECONDS ?? 60;
export const wechatApiBase = () => (env().WECHAT_API_BASE ?? "https://api.weixin.qq.com").replace(/\/+$/, "");
export const wechatOpenBase = () => (env().WECHAT_OPEN_BASE ?? "https://open.weixin.qq.com").replace(/\/+$/, "");
export const posterRenderConcurrency = () => env().POSTER_RENDER_CONCURRENCY ?? 2;
export const readPoolSize = () => env().READ_POOL_SIZE ?? 2;
export const readPoolTimeoutSeconds = () => env().READ_POOL_TIMEOUT_SECONDS ?? 30;
export const readPoolNice = () => env().READ_POOL_NICE ?? 10;
export const posterQueueLimit = () => env().POSTER_QUEUE_LIMIT ?? 24;
export const shortLinkDisabledUrl = () => env().SHORT_LINK_DISABLED_URL ?? "/";
