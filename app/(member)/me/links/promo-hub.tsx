"use client";
// 推广: every activity the member can promote, each with their own link to copy and its share poster, then the
// invite poster. The full link generator (every link type, QR codes) follows on the page.
import { useState } from "react";
import type { Activity, LinkInput, PromoLink } from "@/lib/contracts/promotion";
import { useMemberActivities } from "@/lib/client/hooks";
import { copyText } from "@/lib/client/clipboard";
import { sendJson } from "@/lib/client/api";
import { useMutation } from "@/lib/client/use-mutation";
import { Empty, ErrorBox, Loading } from "@/components/states";
import { BUSINESS_LINE_LABEL } from "@/lib/labels";
import { PosterViewer, type PosterSubject } from "./poster-viewer";

function ActivityCard({ activity, configured, onPoster }: { activity: Activity; configured: boolean; onPoster: () => void }) {
  const [link, setLink] = useState<string | null>(null);
  const [copied, setCopied] = useState<{ ok: boolean; text: string } | null>(null);
  const { busy, error, run } = useMutation("获取链接失败，请稍后再试");

  async function copy() {
    setCopied(null);
    const url = link ?? (await run(() => sendJson<PromoLink>("/api/me/links", "POST", { activityId: activity.id, linkType: "h5_short" } satisfies LinkInput)))?.url;
    if (!url) return;
    setLink(url);
    setCopied((await copyText(url)) ? { ok: true, text: "链接已复制，快发给好友吧" } : { ok: false, text: "无法自动复制，请长按上方链接手动复制" });
  }

  return (
    <li className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200" data-testid="hub-activity" data-activity-id={activity.id}>
      <div className="flex items-start justify-between gap-2">
        <p className="min-w-0 font-medium">{activity.name}</p>
        {activity.businessLine !== null ? (
          <span className="shrink-0 rounded bg-slate-100 px-1.5 py-0.5 text-[11px] text-slate-500">{BUSINESS_LINE_LABEL[activity.businessLine] ?? `业务线 ${activity.businessLine}`}</span>
        ) : null}
      </div>
      {activity.description ? <p className="mt-0.5 text-xs leading-relaxed text-slate-500">{activity.description}</p> : null}
      {link ? (
        <p className="mt-2 rounded-md border border-slate-200 bg-slate-50 px-2 py-1.5 font-mono text-xs break-all text-slate-700 select-all" data-testid="hub-link">
          {link}
        </p>
      ) : null}
      {configured || link ? (
        <div className="mt-3 grid grid-cols-2 gap-2">
          <button type="button" disabled={busy} onClick={copy} className="rounded-md border border-slate-300 px-3 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50 disabled:opacity-60">
            {busy ? "获取中…" : "复制链接"}
          </button>
          <button type="button" onClick={onPoster} className="rounded-md bg-amber-400 px-3 py-2 text-sm font-medium text-slate-900 hover:bg-amber-300">
            生成海报
          </button>
        </div>
      ) : (
        <p className="mt-2 text-xs text-amber-800">平台尚未配置美团 API 凭证，暂时无法生成链接和海报。</p>
      )}
      {error ? (
        <p role="alert" className="mt-2 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </p>
      ) : copied ? (
        <p role="status" className={`mt-2 text-center text-sm ${copied.ok ? "text-emerald-700" : "text-red-600"}`}>
          {copied.text}
        </p>
      ) : null}
    </li>
  );
}

export function PromoHub() {
  const { data, error, isLoading, mutate } = useMemberActivities();
  const [poster, setPoster] = useState<PosterSubject | null>(null);

  return (
    <div className="space-y-4">
      <section aria-labelledby="hub-activities">
        <h2 id="hub-activities" className="mb-2 text-sm font-medium text-slate-700">
          推广活动
        </h2>
        {error ? (
          <ErrorBox error={error} onRetry={() => mutate()} />
        ) : isLoading || !data ? (
          <Loading rows={2} />
        ) : data.items.length === 0 ? (
          <Empty title="暂时没有可推广的活动" hint="运营上架活动后会显示在这里；现在可以先发邀请海报拉好友加入。" />
        ) : (
          <ul className="space-y-3">
            {data.items.map((a) => (
              <ActivityCard key={a.id} activity={a} configured={data.configured} onPoster={() => setPoster({ kind: "activity", activityId: a.id, name: a.name, template: a.posterTemplate })} />
            ))}
          </ul>
        )}
      </section>

      <section className="flex items-center justify-between gap-3 rounded-xl bg-gradient-to-br from-red-500 to-amber-400 p-4 text-white shadow-sm" data-testid="hub-invite">
        <div className="min-w-0">
          <p className="font-medium">邀请海报</p>
          <p className="mt-0.5 text-xs leading-relaxed opacity-90">好友扫码注册成为你的团队，他们推广的订单你也有佣金。</p>
        </div>
        <button type="button" onClick={() => setPoster({ kind: "invite" })} className="shrink-0 rounded-full bg-white px-4 py-1.5 text-sm font-medium text-red-600 hover:bg-red-50">
          生成海报
        </button>
      </section>

      {poster ? <PosterViewer key={poster.kind === "invite" ? "invite" : poster.activityId} subject={poster} onClose={() => setPoster(null)} /> : null}
    </div>
  );
}
