"use client";
// A share poster in a full-screen sheet: a plain <img> of the server's PNG, so WeChat's long press offers 保存图片
// and 发送给朋友 (a canvas or a blob would not), the three templates to switch between, and 下载 for browsers.
import { useEffect, useRef, useState } from "react";
import { POSTER_TEMPLATES, type PosterTemplate } from "@/lib/contracts/enums";
import { POSTER_TEMPLATE_LABEL } from "@/lib/labels";

export type PosterSubject = { kind: "activity"; activityId: number; name: string; template: PosterTemplate } | { kind: "invite" };

const posterUrl = (s: PosterSubject, template: PosterTemplate) =>
  s.kind === "invite" ? `/api/me/posters/invite?template=${template}` : `/api/me/posters?activityId=${s.activityId}&template=${template}`;

/** The API's Chinese message for a poster that did not load (the <img> itself cannot read it). */
async function failureOf(url: string): Promise<string> {
  try {
    const res = await fetch(url, { cache: "no-store" });
    if (res.ok) return "海报加载失败，请重试";
    const body = (await res.json()) as { error?: { message?: string } };
    return body.error?.message ?? "海报生成失败，请稍后再试";
  } catch {
    return "网络不稳定，海报加载失败，请重试";
  }
}

export function PosterViewer({ subject, onClose }: { subject: PosterSubject; onClose: () => void }) {
  const [template, setTemplate] = useState<PosterTemplate>(subject.kind === "invite" ? "invite" : subject.template);
  /** Bumped by 重试: a new <img> asks again (error answers are never cached). */
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState<{ key: string; status: "loaded" | "failed"; message?: string } | null>(null);
  const closeRef = useRef<HTMLButtonElement>(null);
  const url = posterUrl(subject, template);
  const key = `${url}#${attempt}`;
  const status = state?.key === key ? state.status : "loading";
  const title = subject.kind === "invite" ? "邀请海报" : `${subject.name} · 推广海报`;

  useEffect(() => {
    closeRef.current?.focus();
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && onClose();
    window.addEventListener("keydown", onKey);
    const overflow = document.body.style.overflow;
    document.body.style.overflow = "hidden";
    return () => {
      window.removeEventListener("keydown", onKey);
      document.body.style.overflow = overflow;
    };
  }, [onClose]);

  return (
    <div role="dialog" aria-modal="true" aria-label={title} className="fixed inset-0 z-30 flex flex-col bg-slate-900 text-white" data-testid="poster-viewer">
      <div className="mx-auto flex w-full max-w-xl items-center justify-between gap-2 px-4 pt-3">
        <p className="min-w-0 truncate text-sm font-medium">{title}</p>
        <button ref={closeRef} type="button" onClick={onClose} className="shrink-0 rounded-full bg-white/15 px-3 py-1 text-sm hover:bg-white/25">
          关闭
        </button>
      </div>
      <div role="radiogroup" aria-label="海报模板" className="mx-auto mt-2 flex gap-2">
        {POSTER_TEMPLATES.map((t) => (
          <button
            key={t}
            type="button"
            role="radio"
            aria-checked={template === t}
            onClick={() => setTemplate(t)}
            className={`rounded-full px-3 py-1 text-xs ${template === t ? "bg-amber-400 font-medium text-slate-900" : "bg-white/15 text-white hover:bg-white/25"}`}
          >
            {POSTER_TEMPLATE_LABEL[t]}
          </button>
        ))}
      </div>
      <div className="flex min-h-0 flex-1 items-center justify-center px-4 py-3">
        <div className="relative aspect-[750/1334] h-full max-h-[560px] max-w-full">
          {status === "failed" ? (
            <div role="alert" className="flex h-full w-full flex-col items-center justify-center gap-3 rounded-lg bg-white/10 p-4 text-center text-sm" data-testid="poster-error">
              <p>{state?.message}</p>
              <button type="button" onClick={() => setAttempt((n) => n + 1)} className="rounded-md bg-amber-400 px-4 py-1.5 font-medium text-slate-900">
                重试
              </button>
            </div>
          ) : (
            <>
              {status === "loading" ? <div className="absolute inset-0 animate-pulse rounded-lg bg-white/15" aria-label="海报生成中" /> : null}
              {/* eslint-disable-next-line @next/next/no-img-element */}
              <img
                key={key}
                src={url}
                alt={`${title}（${POSTER_TEMPLATE_LABEL[template]}）`}
                width={750}
                height={1334}
                onLoad={() => setState({ key, status: "loaded" })}
                onError={() => void failureOf(url).then((message) => setState({ key, status: "failed", message }))}
                className={`h-full w-full rounded-lg object-contain shadow-lg ${status === "loaded" ? "" : "opacity-0"}`}
                data-testid="poster-image"
              />
            </>
          )}
        </div>
      </div>
      <div className="mx-auto w-full max-w-xl px-4 pb-[calc(env(safe-area-inset-bottom)+16px)] text-center">
        <p className="text-sm" data-testid="poster-hint">
          长按图片保存，分享到微信群
        </p>
        <a
          href={`${url}&download=1`}
          download
          className={`mt-2 inline-block rounded-md bg-white px-6 py-2 text-sm font-medium text-slate-900 hover:bg-slate-100 ${status === "loaded" ? "" : "pointer-events-none opacity-50"}`}
          aria-disabled={status !== "loaded"}
        >
          下载海报
        </a>
      </div>
    </div>
  );
}
