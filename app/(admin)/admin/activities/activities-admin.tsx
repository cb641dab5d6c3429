"use client";
// 推广活动: the Meituan activities (actId) members may generate their tracking links for.
import { ADMIN_ACTIVITIES_KEY as KEY, useAdminActivities } from "@/lib/client/hooks";
import { useMutation } from "@/lib/client/use-mutation";
import type { Activity, ActivityInput } from "@/lib/contracts/promotion";
import { type FieldErrors, sendJson } from "@/lib/client/api";
import { useState } from "react";
import { DataTable, Th } from "@/components/data-table";
import { Flash } from "@/components/flash";
import { ListStates } from "@/components/list-states";
import { formatBeijing } from "@/lib/time";
import { BUSINESS_LINE_LABEL, POSTER_TEMPLATE_LABEL } from "@/lib/labels";
import { POSTER_TEMPLATES, type PosterTemplate } from "@/lib/contracts/enums";

/** Every business line with its code: 9 and 10 repeat 到餐/到综 under newer codes, so the code tells them apart. */
const LINES = Object.entries(BUSINESS_LINE_LABEL).map(([code, text]) => [Number(code), `${text}（${code}）`] as const);
const lineLabel = (line: number | null) => (line === null ? "不限" : `${BUSINESS_LINE_LABEL[line] ?? "未知"}（${line}）`);

const inputClass = "mt-1 block w-full rounded-md border border-slate-300 px-3 py-1.5 text-sm focus:border-amber-500 focus:ring-2 focus:ring-amber-200 focus:outline-none";

interface Draft {
  actId: string;
  name: string;
  businessLine: string;
  description: string;
  enabled: boolean;
  imageUrl: string;
  posterTemplate: PosterTemplate;
}

const EMPTY: Draft = { actId: "", name: "", businessLine: "", description: "", enabled: true, imageUrl: "", posterTemplate: "simple" };
const draftOf = (a: Activity): Draft => ({
  actId: a.actId,
  name: a.name,
  businessLine: a.businessLine === null ? "" : String(a.businessLine),
  description: a.description ?? "",
  enabled: a.enabled,
  imageUrl: a.imageUrl ?? "",
  posterTemplate: a.posterTemplate,
});
const bodyOf = (d: Draft): ActivityInput => ({
  actId: d.actId.trim(),
  name: d.name.trim(),
  businessLine: d.businessLine === "" ? null : Number(d.businessLine),
  description: d.description.trim() || null,
  enabled: d.enabled,
  imageUrl: d.imageUrl.trim() || null,
  posterTemplate: d.posterTemplate,
});

/** The console's preview of the draft's poster, rendered by the server as members get it. */
const previewUrl = (d: Draft) => {
  const p = new URLSearchParams({ template: d.posterTemplate, name: d.name.trim() || "活动名称" });
  if (d.description.trim()) p.set("description", d.description.trim());
  if (d.imageUrl.trim()) p.set("imageUrl", d.imageUrl.trim());
  return `/api/admin/posters/preview?${p}`;
};

function PosterPreview({ url }: { url: string | null }) {
  const [state, setState] = useState<{ url: string; ok: boolean } | null>(null);
  if (!url) return <p className="text-xs text-slate-500">填写后点「预览海报」，看看会员分享出去的样子。</p>;
  const status = state?.url === url ? (state.ok ? "loaded" : "failed") : "loading";
  return (
    <div className="w-40" data-testid="poster-preview">
      <div className="relative aspect-[750/1334] w-40 overflow-hidden rounded-md ring-1 ring-slate-200">
        {status === "loading" ? <div className="absolute inset-0 animate-pulse bg-slate-100" aria-label="海报生成中" /> : null}
        {status === "failed" ? (
          <p role="alert" className="absolute inset-0 flex items-center justify-center p-2 text-center text-xs text-red-600">
            预览生成失败，请检查名称和图片地址后重试
          </p>
        ) : (
          // eslint-disable-next-line @next/next/no-img-element
          <img key={url} src={url} alt="海报预览" onLoad={() => setState({ url, ok: true })} onError={() => setState({ url, ok: false })} className="h-full w-full object-cover" />
        )}
      </div>
      {status === "loaded" ? (
        <a href={url} target="_blank" rel="noreferrer" className="mt-1 block text-center text-xs text-amber-700 underline">
          查看大图
        </a>
      ) : null}
    </div>
  );
}

function ActivityForm({ editing, onSaved, onCancel }: { editing: Activity | null; onSaved: (a: Activity, created: boolean) => void; onCancel: () => void }) {
  const [draft, setDraft] = useState<Draft>(editing ? draftOf(editing) : EMPTY);
  const [preview, setPreview] = useState<string | null>(editing ? previewUrl(draftOf(editing)) : null);
  const { busy, error, fields, run, fail, clear } = useMutation("保存失败，请稍后再试");
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setDraft((d) => ({ ...d, [k]: v }));

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    clear();
    const body = bodyOf(draft);
    const missing: FieldErrors = {};
    if (!body.actId) missing.actId = ["请填写活动 ID"];
    else if (!/^[0-9A-Za-z_-]{1,64}$/.test(body.actId)) missing.actId = ["活动 ID 只能是字母、数字、下划线或减号"];
    if (!body.name) missing.name = ["请填写活动名称"];
    if (body.imageUrl && !/^https:\/\//i.test(body.imageUrl)) missing.imageUrl = ["图片地址须以 https:// 开头，例如 https://example.com/banner.jpg"];
    if (Object.keys(missing).length) return fail(null, missing);
    await run(() => (editing ? sendJson<Activity>(`${KEY}/${editing.id}`, "PUT", body) : sendJson<Activity>(KEY, "POST", body)), {
      done: (saved) => {
        if (!editing) setDraft(EMPTY);
        onSaved(saved, !editing);
      },
    });
  }

  const fieldMessages = Object.values(fields).flat();
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3 rounded-lg bg-white p-4 ring-1 ring-slate-200" data-testid="activity-form">
      <h2 className="font-medium">{editing ? `编辑活动 #${editing.id}` : "新建活动"}</h2>
      {/* Disabled while saving, so nothing typed meanwhile is lost when the saved form is cleared. */}
      <fieldset disabled={busy} className="space-y-3">
        <div className="grid gap-3 sm:grid-cols-2">
          <div>
            <label htmlFor="activity-actId" className="text-sm text-slate-700">
              活动 ID
            </label>
            <input
              id="activity-actId"
              value={draft.actId}
              onChange={(e) => set("actId", e.target.value)}
              placeholder="美团联盟后台的 actId，如 33"
              autoComplete="off"
              aria-invalid={fields.actId ? true : undefined}
              className={`${inputClass} font-mono`}
            />
            {fields.actId?.[0] ? <p className="mt-1 text-xs text-red-600">{fields.actId[0]}</p> : null}
          </div>
          <div>
            <label htmlFor="activity-name" className="text-sm text-slate-700">
              活动名称
            </label>
            <input
              id="activity-name"
              value={draft.name}
              onChange={(e) => set("name", e.target.value)}
              placeholder="会员看到的名称，如 外卖红包"
              maxLength={100}
              aria-invalid={fields.name ? true : undefined}
              className={inputClass}
            />
            {fields.name?.[0] ? <p className="mt-1 text-xs text-red-600">{fields.name[0]}</p> : null}
          </div>
          <div>
            <label htmlFor="activity-line" className="text-sm text-slate-700">
              业务线
            </label>
            <select id="activity-line" value={draft.businessLine} onChange={(e) => set("businessLine", e.target.value)} className={inputClass}>
              <option value="">不限</option>
              {LINES.map(([code, text]) => (
                <option key={code} value={code}>
                  {text}
                </option>
              ))}
            </select>
            {fields.businessLine?.[0] ? <p className="mt-1 text-xs text-red-600">{fields.businessLine[0]}</p> : null}
          </div>
          <label className="flex items-center gap-2 self-end pb-2 text-sm text-slate-700">
            <input type="checkbox" checked={draft.enabled} onChange={(e) => set("enabled", e.target.checked)} />
            启用（会员可以生成推广链接）
          </label>
        </div>
        <div>
          <label htmlFor="activity-description" className="text-sm text-slate-700">
            推广说明（选填）
          </label>
          <textarea
            id="activity-description"
            value={draft.description}
            onChange={(e) => set("description", e.target.value)}
            rows={2}
            maxLength={500}
            placeholder="会员在推广链接页看到的说明，如 每天可领 3 次外卖红包"
            className={inputClass}
          />
          {fields.description?.[0] ? <p className="mt-1 text-xs text-red-600">{fields.description[0]}</p> : null}
        </div>
        <div className="rounded-md border border-slate-200 p-3">
          <p className="text-sm font-medium text-slate-700">分享海报</p>
          <div className="mt-2 flex flex-col gap-4 sm:flex-row">
            <div className="min-w-0 flex-1 space-y-3">
              <div>
                <label htmlFor="activity-image" className="text-sm text-slate-700">
                  海报图片地址（选填）
                </label>
                <input
                  id="activity-image"
                  type="url"
                  inputMode="url"
                  value={draft.imageUrl}
                  onChange={(e) => set("imageUrl", e.target.value)}
                  placeholder="https://…/banner.jpg，建议 750×860 以上的 JPG/PNG"
                  autoComplete="off"
                  aria-invalid={fields.imageUrl ? true : undefined}
                  className={`${inputClass} font-mono`}
                />
                {fields.imageUrl?.[0] ? (
                  <p className="mt-1 text-xs text-red-600">{fields.imageUrl[0]}</p>
                ) : (
                  <p className="mt-1 text-xs text-slate-500">由服务器下载并缓存（仅限 https，最大 5 MB）；留空或无法下载时使用默认图案。</p>
                )}
              </div>
              <div>
                <label htmlFor="activity-template" className="text-sm text-slate-700">
                  海报模板
                </label>
                <select id="activity-template" value={draft.posterTemplate} onChange={(e) => set("posterTemplate", e.target.value as PosterTemplate)} className={inputClass}>
                  {POSTER_TEMPLATES.map((t) => (
                    <option key={t} value={t}>
                      {POSTER_TEMPLATE_LABEL[t]}
                    </option>
                  ))}
                </select>
                <p className="mt-1 text-xs text-slate-500">会员默认使用此模板，也可以在生成时换成其他模板。</p>
              </div>
              <button type="button" onClick={() => setPreview(previewUrl(draft))} className="rounded-md border border-slate-300 px-3 py-1.5 text-sm text-slate-700 hover:bg-slate-50">
                预览海报
              </button>
            </div>
            <PosterPreview url={preview} />
          </div>
        </div>
      </fieldset>
      {error && !fieldMessages.includes(error) ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 ring-1 ring-red-200">
          {error}
        </p>
      ) : null}
      <div className="flex gap-2">
        <button type="submit" disabled={busy} className="rounded-md bg-slate-900 px-4 py-1.5 text-sm font-medium text-white hover:bg-slate-700 disabled:opacity-50">
          {busy ? "保存中…" : editing ? "保存修改" : "创建活动"}
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

function Row({ a, editing, onEdit, onToggled }: { a: Activity; editing: boolean; onEdit: () => void; onToggled: (a: Activity) => void }) {
  const { busy, error, run } = useMutation();

  const toggle = () => run(() => sendJson<Activity>(`${KEY}/${a.id}`, "PUT", { ...bodyOf(draftOf(a)), enabled: !a.enabled }), { done: onToggled });

  return (
    <tr data-activity-id={a.id} data-enabled={a.enabled} className={`align-top ${editing ? "bg-amber-50" : "hover:bg-amber-50/40"}`}>
      <td className="px-3 py-2 text-slate-500 tabular-nums">#{a.id}</td>
      <td className="px-3 py-2 font-mono text-xs">{a.actId}</td>
      <td className="px-3 py-2 font-medium">{a.name}</td>
      <td className="px-3 py-2 whitespace-nowrap">{lineLabel(a.businessLine)}</td>
      <td className="max-w-72 px-3 py-2 text-xs text-slate-600">{a.description ?? "—"}</td>
      <td className="px-3 py-2 text-xs whitespace-nowrap text-slate-600">
        {POSTER_TEMPLATE_LABEL[a.posterTemplate]}
        <span className="block text-slate-400">{a.imageUrl ? "自定义图片" : "默认图案"}</span>
      </td>
      <td className="px-3 py-2">
        <span
          className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${a.enabled ? "bg-emerald-50 text-emerald-700 ring-emerald-200" : "bg-slate-100 text-slate-500 ring-slate-200"}`}
          data-testid="activity-state"
        >
          {a.enabled ? "已启用" : "已停用"}
        </span>
      </td>
      <td className="px-3 py-2 text-xs whitespace-nowrap text-slate-500">{formatBeijing(a.updatedAt)}</td>
      <td className="px-3 py-2">
        <div className="flex gap-1.5">
          <button type="button" onClick={onEdit} className="rounded-md border border-slate-300 px-2.5 py-1 text-xs whitespace-nowrap text-slate-700 hover:bg-slate-50">
            编辑
          </button>
          <button
            type="button"
            disabled={busy}
            onClick={toggle}
            className={`rounded-md px-2.5 py-1 text-xs font-medium whitespace-nowrap disabled:opacity-50 ${a.enabled ? "border border-red-300 bg-white text-red-700 hover:bg-red-50" : "bg-emerald-600 text-white hover:bg-emerald-500"}`}
          >
            {busy ? "处理中…" : a.enabled ? "停用" : "启用"}
          </button>
        </div>
        {error ? (
          <p role="alert" className="mt-1 text-xs text-red-600">
            {error}
          </p>
        ) : null}
      </td>
    </tr>
  );
}

export function ActivitiesAdmin() {
  const { data, error, isLoading, mutate } = useAdminActivities();
  const [editing, setEditing] = useState<Activity | null>(null);
  const [flash, setFlash] = useState<string | null>(null);
  const items = data?.items ?? [];

  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold">推广活动</h1>
        <p className="mt-1 text-sm text-slate-500">启用的活动会出现在会员的「推广」页，会员可为其生成带自己 sid 的美团推广链接和分享海报。停用后会员不再看到该活动。</p>
      </div>
      {data && !data.configured ? (
        <div role="alert" className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-700" data-testid="activities-not-configured">
          未配置美团 API 凭证：请设置 MEITUAN_APP_KEY / MEITUAN_API_SECRET。在此之前会员无法生成推广链接（已生成过的链接仍可使用）。
        </div>
      ) : null}
      <Flash message={flash} />

      <ActivityForm
        key={editing ? `edit-${editing.id}-${editing.updatedAt}` : "new"}
        editing={editing}
        onCancel={() => setEditing(null)}
        onSaved={(a, created) => {
          setFlash(created ? `已创建活动「${a.name}」` : `已保存活动「${a.name}」`);
          setEditing(null);
          void mutate();
        }}
      />

      <ListStates
        error={error}
        isLoading={isLoading}
        loadingRows={3}
        onRetry={() => mutate()}
        isEmpty={items.length === 0}
        emptyTitle="还没有推广活动"
        emptyHint="在上方填写美团联盟的活动 ID 和名称即可创建。"
      >
        <DataTable
          testId="activities"
          head={
            <>
              <Th>编号</Th>
              <Th>活动 ID</Th>
              <Th>名称</Th>
              <Th>业务线</Th>
              <Th>说明</Th>
              <Th>海报</Th>
              <Th>状态</Th>
              <Th>更新时间</Th>
              <Th>操作</Th>
            </>
          }
        >
          {items.map((a) => (
            <Row
              key={`${a.id}-${a.updatedAt}`}
              a={a}
              editing={editing?.id === a.id}
              onEdit={() => {
                setFlash(null);
                setEditing(a);
                window.scrollTo({ top: 0, behavior: "smooth" });
              }}
              onToggled={(saved) => {
                setFlash(`活动「${saved.name}」已${saved.enabled ? "启用" : "停用"}`);
                if (editing?.id === saved.id) setEditing(null);
                void mutate();
              }}
            />
          ))}
        </DataTable>
      </ListStates>
    </div>
  );
}
