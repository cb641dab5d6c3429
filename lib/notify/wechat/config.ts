// The WeChat 服务号 the member channel sends through: one row, edited in the console (appid, secret, a template
// per notification kind and the data fields it takes). The secret is never answered whole.
import type { Selectable } from "kysely";
import type { z } from "zod";
import { audit } from "../../audit";
import { ApiError } from "../../api/errors";
import { rawDb } from "../../db";
import { exec, first, q, type DB, type Work } from "../../db/query";
import { NOTIFICATION_KINDS, type NotificationKind } from "../../contracts/enums";
import { DEFAULT_TEMPLATE_FIELDS, type Templates, type WechatConfig, type WechatConfigBody } from "../../contracts/notify";
import { maskSecret } from "../robots/hosts";

const CONFIG_ID = 1;

/** The 服务号 as the channel uses it. */
export interface Wechat {
  appId: string;
  appSecret: string;
  templates: Templates;
  enabled: boolean;
}

type Row = Selectable<DB["wechat_config"]>;

function templatesOf(row: Row): Templates {
  const parsed = JSON.parse(row.templates) as Record<string, { templateId?: unknown; fields?: unknown }>;
  const out: Templates = {};
  for (const kind of NOTIFICATION_KINDS) {
    const t = parsed[kind];
    if (t && typeof t.templateId === "string" && t.templateId) out[kind] = { templateId: t.templateId, fields: typeof t.fields === "string" && t.fields ? t.fields : DEFAULT_TEMPLATE_FIELDS };
  }
  return out;
}

export function* wechatConfigRow(): Work<Wechat | null> {
  const row = yield* first(q.selectFrom("wechat_config").selectAll().where("id", "=", CONFIG_ID));
  if (!row) return null;
  return { appId: row.appId, appSecret: row.appSecret, templates: templatesOf(row), enabled: Boolean(row.enabled) };
}

/** The 服务号 when it is configured and switched on; null otherwise (then nothing is sent and binding is not offered). */
export function* activeWechat(): Work<Wechat | null> {
  const cfg = yield* wechatConfigRow();
  return cfg && cfg.enabled && cfg.appId && cfg.appSecret ? cfg : null;
}

export const templateFor = (cfg: Wechat, kind: NotificationKind) => cfg.templates[kind] ?? null;

export async function wechatConfig(): Promise<WechatConfig> {
  return rawDb().run(function* () {
    const row = yield* first(q.selectFrom("wechat_config").selectAll().where("id", "=", CONFIG_ID));
    const cfg = yield* wechatConfigRow();
    const bindings = cfg ? yield* first(q.selectFrom("wechat_bindings").select((eb) => eb.fn.countAll<number>().as("n")).where("appId", "=", cfg.appId)) : undefined;
    return {
      configured: Boolean(cfg?.appId && cfg.appSecret),
      enabled: cfg?.enabled ?? false,
      appId: cfg?.appId ?? "",
      appSecret: cfg?.appSecret ? maskSecret(cfg.appSecret) : null,
      templates: cfg?.templates ?? {},
      bindings: Number(bindings?.n ?? 0),
      updatedAt: row?.updatedAt.toISOString() ?? null,
    };
  });
}

const audited = (c: Wechat | null) => c && { appId: c.appId, appSecret: c.appSecret ? "已设置" : null, templates: c.templates, enabled: c.enabled };

export async function saveWechatConfig(input: z.infer<typeof WechatConfigBody>, actorId: string): Promise<WechatConfig> {
  const now = new Date();
  await rawDb().transaction(function* () {
    const before = yield* wechatConfigRow();
    // A saved secret belongs to its appid: another appid needs its own.
    const appSecret = input.appSecret || (before && before.appId === input.appId ? before.appSecret : "");
    if (input.enabled && !appSecret) throw new ApiError(422, "invalid", "启用前请填写 AppSecret", { appSecret: ["启用前请填写 AppSecret"] });
    const templates = Object.fromEntries(
      Object.entries(input.templates)
        .filter(([, t]) => t?.templateId)
        .map(([k, t]) => [k, { templateId: t!.templateId, fields: t!.fields || DEFAULT_TEMPLATE_FIELDS }]),
    );
    const values = { appId: input.appId, appSecret, templates: JSON.stringify(templates), enabled: input.enabled, updatedAt: now };
    yield* exec(q.insertInto("wechat_config").values({ id: CONFIG_ID, ...values }).onConflict((oc) => oc.column("id").doUpdateSet(values)));
    // Another appid's token is not this one's.
    if (before && before.appId !== input.appId) yield* exec(q.deleteFrom("wechat_tokens").where("appId", "=", before.appId));
    const after = yield* wechatConfigRow();
    yield* audit({ actorId, action: "wechat_config.update", targetType: "wechat_config", targetId: String(CONFIG_ID), before: audited(before) ?? undefined, after: audited(after) }, now);
  });
  return wechatConfig();
}
