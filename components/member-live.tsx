"use client";
// The member pages' live layer: keeps the stream open and shows each new notification as a toast at the top
// ("新订单已跟踪 · 预估佣金 ¥2.20") that leads to it; the pages themselves refresh their data from the stream.
import Link from "next/link";
import { useCallback, useState } from "react";
import type { NotificationItem } from "@/lib/contracts/notifications";
import { useMemberLive } from "@/lib/client/live";

const SHOWN_MS = 6_000;
const MAX_TOASTS = 3;

export function MemberLive() {
  const [toasts, setToasts] = useState<NotificationItem[]>([]);
  const dismiss = useCallback((id: number) => setToasts((t) => t.filter((x) => x.id !== id)), []);
  useMemberLive((item) => {
    setToasts((t) => [item, ...t.filter((x) => x.id !== item.id)].slice(0, MAX_TOASTS));
    setTimeout(() => dismiss(item.id), SHOWN_MS);
  });
  return (
    <div aria-live="polite" className="pointer-events-none fixed inset-x-0 top-2 z-30 mx-auto flex max-w-xl flex-col gap-2 px-3">
      {toasts.map((t) => (
        <div key={t.id} role="status" data-testid="live-toast" className="pointer-events-auto flex items-start gap-3 rounded-lg bg-slate-900/95 px-4 py-3 text-sm text-white shadow-lg">
          <Link href={t.href} onClick={() => dismiss(t.id)} className="min-w-0 flex-1">
            <span className="font-medium">{t.title}</span>
            <span className="text-slate-300"> · </span>
            <span className="break-words text-slate-100">{t.body}</span>
          </Link>
          <button type="button" aria-label="关闭提醒" onClick={() => dismiss(t.id)} className="-mr-1 shrink-0 px-1 text-slate-400 hover:text-white">
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
