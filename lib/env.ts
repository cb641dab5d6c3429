// Every environment variable the app reads, validated once at start-up. See .env.example.
import { z } from "zod";

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema.optional());

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: optional(
    z.string().regex(/^(file:|postgres(ql)?:\/\/)/, "DATABASE_URL must start with file: or postgresql://"),
  ),
  DATA_DIR: optional(z.string()),
  MEITUAN_CALLBACK_SECRET: optional(z.string().min(1)),
  NEXTAUTH_SECRET: optional(z.string().min(32, "NEXTAUTH_SECRET must be at least 32 characters")),
  NEXTAUTH_URL: optional(z.url()),
  ADMIN_USERNAME: optional(z.string().min(3)),
  ADMIN_PASSWORD: optional(z.string().min(8, "ADMIN_PASSWORD must be at least 8 characters")),
  INBOX_RETRY_SECONDS: optional(z.coerce.number().int().min(1).max(3600)),
  SETTLEMENT_SECONDS: optional(z.coerce.number().int().min(1).max(86400)),
  LOG_LEVEL: optional(z.enum(["debug", "info", "warn", "error"])),
  PORT: optional(z.coerce.number().int().min(1).max(65535)),
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
export const settlementSeconds = () => env().SETTLEMENT_SECONDS ?? 300;
