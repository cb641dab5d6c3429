"use client";
import { useState } from "react";
import { Flash } from "@/components/flash";
import { ErrorBox, Loading } from "@/components/states";
import { sendJson } from "@/lib/client/api";
import { WECHAT_CONFIG_KEY as KEY, useWechatConfig } from "@/lib/client/hooks";
import { useMutation } from "@/lib/client/use-mutation";
import { NOTIFICATION_KINDS, type NotificationKind } from "@/lib/contracts/enums";
import { DEFAULT_TEMPLATE_FIELDS, type WechatConfig, type WechatConfigBody } from "@/lib/contracts/notify";
import { NOTIFICATION_KIND_LABEL } from "@/lib/labels";
import { formatBeijing } from "@/lib/time";
import { inputClass, primaryButton, sectionClass } from "./ui";

type Rows = Record<NotificationKind, { templateId: string; fields: string }>;
const rowsOf = (c: WechatConfig): Rows =>
  Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, { templateId: c.templates[k]?.templateId ?? "", fields: c.templates[k]?.fields ?? "" }])) as Rows;

function WechatForm({ config, onSaved }: { config: WechatConfig; onSaved: (c: WechatConfig) => void }) {
  const [appId, setAppId] = useState(config.appId);
  const [appSecret, setAppSecret] = useState("");
  const [enabled, setEnabled] = useState(config.enabled);
  const [rows, setRows] = useState<Rows>(rowsOf(config));
  const { busy, error, fields, run, fail, clear } = useMutation("保存失败，请稍后再试");
  const setRow = (k: NotificationKind, part: "templateId" | "fields", v: string) => setRows((r) => ({ ...r, [k]: { ...r[k], [part]: v } }));

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    clear();
    if (!appId.trim()) return fail(null, { appId: ["请填写 AppID"] });
    if (enabled && !config.appSecret && !appSecret.trim()) return fail(null, { appSecret: ["启用前请填写 AppSecret"] });
    const body: WechatConfigBody = {
      appId: appId.trim(),
      ...(appSecret.trim() ? { appSecret: appSecret.trim() } : {}),
      enabled,
      templates: Object.fromEntries(NOTIFICATION_KINDS.filter((k) => rows[k].templateId.trim()).map((k) => [k, { templateId: rows[k].templateId.trim(), fields: rows[k].fields.trim() }])),
    };
    await run(() => sendJson<WechatConfig>(KEY, "PUT", body), { done: onSaved });
  }

  const fieldErrors = Object.entries(fields).filter(([k]) => k.startsWith("templates")).flatMap(([, v]) => v ?? []);
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4 rounded-lg bg-white p-4 ring-1 ring-slate-200" data-testid="wechat-form">
      <fieldset disabled={busy} className="min-w-0 space-y-4">
        <div className="grid gap-3 sm:grid-cols-2">
          <div>
            <label htmlFor="wechat-appid" className="text-sm text-slate-700">AppID</label>
            <input id="wechat-appid" value={appId} onChange={(e) => setAppId(e.target.value)} placeholder="wx 开头的 18 位" autoComplete="off" aria-invalid={fields.appId ? true : undefined} className={`${inputClass} font-mono`} />
            {fields.appId?.[0] ? <p className="mt-1 text-xs text-red-600">{fields.appId[0]}</p> : null}
          </div>
          <div>
            <label htmlFor="wechat-secret" className="text-sm text-slate-700">AppSecret</label>
            <input
              id="wechat-secret"
              type="password"
              value={appSecret}
              onChange={(e) => setAppSecret(e.target.value)}
              placeholder={config.appSecret ? `已保存：${config.appSecret}（留空保持不变）` : "公众平台 → 设置与开发 → 基本配置"}
              autoComplete="new-password"
              aria-invalid={fields.appSecret ? true : undefined}
              className={`${inputClass} font-mono`}
            />
            {fields.appSecret?.[0] ? <p className="mt-1 text-xs text-red-600">{fields.appSecret[0]}</p> : null}
          </div>
        </div>
        <label className="flex items-center gap-2 text-sm text-slate-700">
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} data-testid="wechat-enabled" />
          启用微信通知（会员在微信内打开推广平台时可以绑定）
        </label>
        <div>
          <p className="text-sm text-slate-700">模板消息</p>
          <p className="mt-0.5 text-xs break-all text-slate-500">
            每类通知填写公众平台「模板消息」里的模板 ID；留空则该类通知不发微信。字段按模板详情填写，如 thing1=title,amount2=amount,character_string3=order,time4=time（可用 title 标题、body 内容、order 订单号、amount 金额、time 时间），留空为 {DEFAULT_TEMPLATE_FIELDS}。
          </p>
          <div className="mt-2 divide-y divide-slate-100 rounded-md ring-1 ring-slate-200">
            {NOTIFICATION_KINDS.map((k) => (
              <div key={k} className="grid gap-2 px-3 py-2 sm:grid-cols-[9rem_1fr_1.4fr] sm:items-center">
                <span className="text-sm">{NOTIFICATION_KIND_LABEL[k]}</span>
                <input aria-label={`${NOTIFICATION_KIND_LABEL[k]}模板 ID`} value={rows[k].templateId} onChange={(e) => setRow(k, "templateId", e.target.value)} placeholder="模板 ID" className={`${inputClass} mt-0 font-mono text-xs`} />
                <input aria-label={`${NOTIFICATION_KIND_LABEL[k]}字段`} value={rows[k].fields} onChange={(e) => setRow(k, "fields", e.target.value)} placeholder={DEFAULT_TEMPLATE_FIELDS} className={`${inputClass} mt-0 font-mono text-xs`} />
              </div>
            ))}
          </div>
          {fieldErrors[0] ? <p className="mt-1 text-xs text-red-600">{fieldErrors[0]}</p> : null}
        </div>
      </fieldset>
      {error && !Object.values(fields).flat().includes(error) ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 ring-1 ring-red-200">{error}</p>
      ) : null}
      <button type="submit" disabled={busy} className={primaryButton}>{busy ? "保存中…" : "保存微信配置"}</button>
    </form>
  );
}

export function WechatSection() {
  const { data, error, isLoading, mutate } = useWechatConfig();
  const [flash, setFlash] = useState<string | null>(null);
  return (
    <section className={sectionClass} aria-labelledby="wechat-title" data-testid="wechat-section">
      <div>
        <h2 id="wechat-title" className="text-lg font-semibold">微信服务号</h2>
        <p className="mt-1 text-sm text-slate-500">会员绑定后，订单跟踪、结算和提现等通知会以模板消息发到其微信，点击即回到推广平台。需认证服务号，并在公众平台把本站域名设为「网页授权域名」。</p>
      </div>
      {data ? (
        <p className="text-sm" data-testid="wechat-status">
          {!data.configured ? (
            <span className="text-slate-500">未配置：会员看不到微信绑定，也不会发送微信消息。</span>
          ) : data.enabled ? (
            <span className="text-emerald-700">已启用 · 已绑定会员 {data.bindings} 人{data.updatedAt ? ` · 更新于 ${formatBeijing(data.updatedAt)}` : ""}</span>
          ) : (
            <span className="text-amber-700">已配置但未启用：不会发送微信消息。</span>
          )}
        </p>
      ) : null}
      <Flash message={flash} />
      {error ? <ErrorBox error={error} onRetry={() => mutate()} /> : isLoading || !data ? <Loading rows={2} /> : (
        <WechatForm
          key={data.updatedAt ?? "new"}
          config={data}
          onSaved={(c) => {
            setFlash(c.enabled ? "微信配置已保存并启用" : "微信配置已保存（未启用）");
            void mutate(c, { revalidate: false });
          }}
        />
      )}
    </section>
  );
}
