"use client";
import { useState } from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { DataTable, Th } from "@/components/data-table";
import { Flash } from "@/components/flash";
import { ListStates } from "@/components/list-states";
import { sendJson } from "@/lib/client/api";
import { ALERT_ROBOTS_KEY as KEY, useAlertRobots } from "@/lib/client/hooks";
import { useMutation } from "@/lib/client/use-mutation";
import { ALERT_KINDS, ROBOT_PLATFORMS, type AlertKind, type RobotPlatform } from "@/lib/contracts/enums";
import type { Robot, RobotCreateBody, RobotTestResult } from "@/lib/contracts/notify";
import { ALERT_KIND_LABEL, ROBOT_PLATFORM_LABEL } from "@/lib/labels";
import { formatBeijing } from "@/lib/time";
import { inputClass, primaryButton, secondaryButton, sectionClass } from "./ui";

const URL_HINT: Record<RobotPlatform, string> = {
  wecom: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…",
  dingtalk: "https://oapi.dingtalk.com/robot/send?access_token=…",
  feishu: "https://open.feishu.cn/open-apis/bot/v2/hook/…",
};
const SECRET_HINT: Record<RobotPlatform, string> = {
  wecom: "企业微信群机器人没有密钥，地址中的 key 即凭证",
  dingtalk: "安全设置 → 加签：SEC 开头的密钥",
  feishu: "安全设置 → 签名校验：密钥",
};

interface Draft {
  platform: RobotPlatform;
  name: string;
  url: string;
  secret: string;
  kinds: AlertKind[];
  enabled: boolean;
}
const EMPTY: Draft = { platform: "wecom", name: "", url: "", secret: "", kinds: [...ALERT_KINDS], enabled: true };

function RobotForm({ editing, onSaved, onCancel }: { editing: Robot | null; onSaved: (r: Robot, created: boolean) => void; onCancel: () => void }) {
  const [draft, setDraft] = useState<Draft>(editing ? { platform: editing.platform, name: editing.name, url: "", secret: "", kinds: editing.kinds, enabled: editing.enabled } : EMPTY);
  const { busy, error, fields, run, fail, clear } = useMutation("保存失败，请稍后再试");
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setDraft((d) => ({ ...d, [k]: v }));
  const toggleKind = (k: AlertKind) => set("kinds", draft.kinds.includes(k) ? draft.kinds.filter((x) => x !== k) : ALERT_KINDS.filter((x) => x === k || draft.kinds.includes(x)));

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    clear();
    const missing: Record<string, string[]> = {};
    if (!draft.name.trim()) missing.name = ["请填写名称"];
    if (!editing && !draft.url.trim()) missing.url = ["请填写 Webhook 地址"];
    if (!draft.kinds.length) missing.kinds = ["至少选择一种告警"];
    if (Object.keys(missing).length) return fail(null, missing);
    if (editing) {
      // Left empty, the webhook and secret stay as saved (the console never sees them whole).
      const body = { name: draft.name.trim(), kinds: draft.kinds, enabled: draft.enabled, ...(draft.url.trim() ? { url: draft.url.trim() } : {}), ...(draft.secret.trim() ? { secret: draft.secret.trim() } : {}) };
      await run(() => sendJson<Robot>(`${KEY}/${editing.id}`, "PUT", body), { done: (r) => onSaved(r, false) });
    } else {
      const body: RobotCreateBody = { platform: draft.platform, name: draft.name.trim(), url: draft.url.trim(), secret: draft.secret.trim() || undefined, kinds: draft.kinds, enabled: draft.enabled };
      await run(() => sendJson<Robot>(KEY, "POST", body), {
        done: (r) => {
          setDraft(EMPTY);
          onSaved(r, true);
        },
      });
    }
  }

  const fieldMessages = Object.values(fields).flat();
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3 rounded-lg bg-white p-4 ring-1 ring-slate-200" data-testid="robot-form">
      <h3 className="font-medium">{editing ? `编辑机器人「${editing.name}」` : "添加机器人"}</h3>
      <fieldset disabled={busy} className="min-w-0 space-y-3">
        <div className="grid gap-3 sm:grid-cols-3">
          <div>
            <label htmlFor="robot-platform" className="text-sm text-slate-700">
              平台
            </label>
            <select id="robot-platform" value={draft.platform} disabled={editing !== null} onChange={(e) => set("platform", e.target.value as RobotPlatform)} className={inputClass}>
              {ROBOT_PLATFORMS.map((p) => (
                <option key={p} value={p}>
                  {ROBOT_PLATFORM_LABEL[p]}
                </option>
              ))}
            </select>
          </div>
          <div className="sm:col-span-2">
            <label htmlFor="robot-name" className="text-sm text-slate-700">
              名称
            </label>
            <input id="robot-name" value={draft.name} maxLength={40} onChange={(e) => set("name", e.target.value)} placeholder="如 运营值班群" aria-invalid={fields.name ? true : undefined} className={inputClass} />
            {fields.name?.[0] ? <p className="mt-1 text-xs text-red-600">{fields.name[0]}</p> : null}
          </div>
        </div>
        <div>
          <label htmlFor="robot-url" className="text-sm text-slate-700">
            Webhook 地址
          </label>
          <input
            id="robot-url"
            value={draft.url}
            onChange={(e) => set("url", e.target.value)}
            placeholder={editing ? `已保存：${editing.url}（留空保持不变）` : URL_HINT[draft.platform]}
            autoComplete="off"
            aria-invalid={fields.url ? true : undefined}
            className={`${inputClass} font-mono`}
          />
          {fields.url?.[0] ? <p className="mt-1 text-xs text-red-600">{fields.url[0]}</p> : null}
        </div>
        {draft.platform !== "wecom" ? (
          <div>
            <label htmlFor="robot-secret" className="text-sm text-slate-700">
              密钥（选填）
            </label>
            <input
              id="robot-secret"
              type="password"
              value={draft.secret}
              onChange={(e) => set("secret", e.target.value)}
              placeholder={editing?.secret ? `已保存：${editing.secret}（留空保持不变）` : SECRET_HINT[draft.platform]}
              autoComplete="new-password"
              className={`${inputClass} font-mono`}
            />
            {fields.secret?.[0] ? <p className="mt-1 text-xs text-red-600">{fields.secret[0]}</p> : null}
          </div>
        ) : (
          <p className="text-xs text-slate-500">{SECRET_HINT.wecom}</p>
        )}
        <fieldset>
          <legend className="text-sm text-slate-700">接收的告警</legend>
          <div className="mt-1 grid gap-1.5 sm:grid-cols-2 lg:grid-cols-4">
            {ALERT_KINDS.map((k) => (
              <label key={k} className="flex items-center gap-2 text-sm text-slate-700">
                <input type="checkbox" checked={draft.kinds.includes(k)} onChange={() => toggleKind(k)} />
                {ALERT_KIND_LABEL[k]}
              </label>
            ))}
          </div>
          {fields.kinds?.[0] ? <p className="mt-1 text-xs text-red-600">{fields.kinds[0]}</p> : null}
        </fieldset>
        <label className="flex items-center gap-2 text-sm text-slate-700">
          <input type="checkbox" checked={draft.enabled} onChange={(e) => set("enabled", e.target.checked)} />
          启用
        </label>
      </fieldset>
      {error && !fieldMessages.includes(error) ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 ring-1 ring-red-200">
          {error}
        </p>
      ) : null}
      <div className="flex gap-2">
        <button type="submit" disabled={busy} className={primaryButton}>
          {busy ? "保存中…" : editing ? "保存修改" : "添加机器人"}
        </button>
        {editing ? (
          <button type="button" onClick={onCancel} className="rounded-md border border-slate-300 px-4 py-1.5 text-sm text-slate-700 hover:bg-slate-50">
            取消编辑
          </button>
        ) : null}
      </div>
    </form>
  );
}

function StateBadge({ r }: { r: Robot }) {
  const [text, tone] = !r.enabled
    ? ["已停用", "bg-slate-100 text-slate-500 ring-slate-200"]
    : r.failing
      ? ["发送失败", "bg-red-50 text-red-700 ring-red-200"]
      : r.consecutiveFailures > 0
        ? [`最近失败 ${r.consecutiveFailures} 次`, "bg-amber-50 text-amber-700 ring-amber-200"]
        : ["正常", "bg-emerald-50 text-emerald-700 ring-emerald-200"];
  return <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${tone}`} data-testid="robot-state">{text}</span>;
}

function RobotRow({ r, onEdit, onChanged }: { r: Robot; onEdit: () => void; onChanged: (line: string | null) => void }) {
  const test = useMutation("测试发送失败，请稍后再试");
  const change = useMutation();
  const [confirming, setConfirming] = useState(false);

  return (
    <tr data-robot-id={r.id} className="align-top hover:bg-amber-50/40">
      <td className="px-3 py-2">
        <p className="font-medium">{r.name}</p>
        <p className="text-xs text-slate-500">{ROBOT_PLATFORM_LABEL[r.platform]}{r.secret ? ` · 密钥 ${r.secret}` : ""}</p>
      </td>
      <td className="max-w-72 px-3 py-2 font-mono text-xs break-all text-slate-600">{r.url}</td>
      <td className="max-w-64 px-3 py-2 text-xs text-slate-600">{r.kinds.length === ALERT_KINDS.length ? "全部告警" : r.kinds.map((k) => ALERT_KIND_LABEL[k]).join("、")}</td>
      <td className="max-w-64 px-3 py-2">
        <StateBadge r={r} />
        {r.failing && r.failingSince ? <p className="mt-1 text-xs text-red-600">自 {formatBeijing(r.failingSince)} 起连续失败</p> : null}
        {r.lastError ? <p className="mt-1 text-xs break-all text-slate-500" data-testid="robot-last-error">最近错误：{r.lastError}</p> : null}
      </td>
      <td className="px-3 py-2 text-xs whitespace-nowrap text-slate-500">{r.lastSentAt ? formatBeijing(r.lastSentAt) : "尚未发送"}</td>
      <td className="px-3 py-2">
        <div className="flex flex-wrap gap-1.5">
          <button
            type="button"
            disabled={test.busy}
            className={secondaryButton}
            onClick={() => test.run(() => sendJson<RobotTestResult>(`${KEY}/${r.id}/test`, "POST", {}), { done: (a) => (onChanged(null), { ok: a.ok, text: a.message }) })}
          >
            {test.busy ? "发送中…" : "发送测试"}
          </button>
          <button type="button" onClick={onEdit} className={secondaryButton}>
            编辑
          </button>
          <button
            type="button"
            disabled={change.busy}
            className={secondaryButton}
            onClick={() => change.run(() => sendJson<Robot>(`${KEY}/${r.id}`, "PUT", { enabled: !r.enabled }), { done: (s) => onChanged(`「${s.name}」已${s.enabled ? "启用" : "停用"}`) })}
          >
            {r.enabled ? "停用" : "启用"}
          </button>
          <button type="button" onClick={() => setConfirming(true)} className="rounded-md border border-red-300 bg-white px-2.5 py-1 text-xs whitespace-nowrap text-red-700 hover:bg-red-50">
            删除
          </button>
        </div>
        {test.result ? (
          <p role={test.result.ok ? "status" : "alert"} className={`mt-1 text-xs ${test.result.ok ? "text-emerald-700" : "text-red-600"}`} data-testid="robot-test-result">
            {test.result.text}
          </p>
        ) : null}
        {change.error ? <p role="alert" className="mt-1 text-xs text-red-600">{change.error}</p> : null}
        {confirming ? (
          <ConfirmDialog
            title={`删除机器人「${r.name}」？`}
            confirmLabel="删除"
            danger
            busy={change.busy}
            error={change.error}
            onCancel={() => setConfirming(false)}
            onConfirm={() => change.run(() => sendJson(`${KEY}/${r.id}`, "DELETE", {}), { done: () => (setConfirming(false), onChanged(`已删除「${r.name}」`)) })}
          >
            删除后该群不再收到告警，此操作会记入操作日志。
          </ConfirmDialog>
        ) : null}
      </td>
    </tr>
  );
}

export function RobotsSection() {
  const { data, error, isLoading, mutate } = useAlertRobots();
  const [editing, setEditing] = useState<Robot | null>(null);
  const [flash, setFlash] = useState<string | null>(null);
  const items = data?.items ?? [];
  const failing = items.filter((r) => r.enabled && r.failing);

  return (
    <section className={sectionClass} aria-labelledby="robots-title" data-testid="robots-section">
      <div>
        <h2 id="robots-title" className="text-lg font-semibold">告警机器人</h2>
        <p className="mt-1 text-sm text-slate-500">
          签名失败、回推失败、长时间无回推、漏推、提现积压、任务失败和数据库不可用时，发送到企业微信、钉钉或飞书群。每个事件只发一条告警和一条恢复消息；连续 {data?.failingAfter ?? 3} 次发送失败的机器人会标记为「发送失败」。
        </p>
      </div>
      {failing.length ? (
        <div role="alert" className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-700" data-testid="robots-failing">
          {failing.map((r) => `「${r.name}」`).join("")}发送失败，告警可能没有送达，请检查地址、密钥和关键词设置后点「发送测试」。
        </div>
      ) : null}
      <Flash message={flash} />
      <RobotForm
        key={editing ? `edit-${editing.id}-${editing.updatedAt}` : "new"}
        editing={editing}
        onCancel={() => setEditing(null)}
        onSaved={(r, created) => {
          setFlash(created ? `已添加「${r.name}」，可以点「发送测试」确认能收到` : `已保存「${r.name}」`);
          setEditing(null);
          void mutate();
        }}
      />
      <ListStates error={error} isLoading={isLoading} loadingRows={2} onRetry={() => mutate()} isEmpty={items.length === 0} emptyTitle="还没有告警机器人" emptyHint="在群设置里添加自定义机器人，把 Webhook 地址填到上方。">
        <DataTable
          testId="robots"
          head={
            <>
              <Th>名称</Th>
              <Th>地址</Th>
              <Th>告警</Th>
              <Th>状态</Th>
              <Th>最近送达</Th>
              <Th>操作</Th>
            </>
          }
        >
          {items.map((r) => (
            <RobotRow
              key={`${r.id}-${r.updatedAt}`}
              r={r}
              onEdit={() => {
                setFlash(null);
                setEditing(r);
              }}
              onChanged={(line) => {
                if (line) setFlash(line);
                void mutate();
              }}
            />
          ))}
        </DataTable>
      </ListStates>
    </section>
  );
}
