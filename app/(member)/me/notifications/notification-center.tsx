"use client";
import Link from "next/link";
import { mutate } from "swr";
import { sendJson } from "@/lib/client/api";
import { useNotifications } from "@/lib/client/hooks";
import { useMutation } from "@/lib/client/use-mutation";
import type { NotificationItem } from "@/lib/contracts/notifications";
import { formatBeijing } from "@/lib/time";
import { PagedList } from "@/components/paged-list";

// The bell's count (a plain key) and this list (a keyset list, which SWR's key filter does not reach).
const refreshBell = () => mutate((key) => typeof key === "string" && key.includes("/api/me/notifications"), undefined, { revalidate: true });

function Row({ n, onOpen }: { n: NotificationItem; onOpen: (n: NotificationItem) => void }) {
  return (
    <li>
      <Link
        href={n.href}
        onClick={() => onOpen(n)}
        data-testid="notification"
        data-read={n.read}
        className={`flex gap-3 rounded-lg px-3 py-3 ring-1 ring-inset ${n.read ? "bg-white ring-slate-200" : "bg-amber-50/70 ring-amber-200"}`}
      >
        <span aria-hidden="true" className={`mt-1.5 h-2 w-2 shrink-0 rounded-full ${n.read ? "bg-transparent" : "bg-red-500"}`} />
        <span className="min-w-0 flex-1">
          <span className="flex items-baseline justify-between gap-2">
            <span className={`text-sm ${n.read ? "text-slate-700" : "font-semibold text-slate-900"}`}>
              {n.title}
              {n.read ? null : <span className="sr-only">（未读）</span>}
            </span>
            <time dateTime={n.createdAt} className="shrink-0 text-xs text-slate-500 tabular-nums">
              {formatBeijing(n.createdAt)}
            </time>
          </span>
          <span className="mt-0.5 block text-sm break-words text-slate-600">{n.body}</span>
          {n.orderId ? <span className="mt-0.5 block font-mono text-xs whitespace-nowrap text-slate-400">订单号 {n.orderId}</span> : null}
        </span>
      </Link>
    </li>
  );
}

export function NotificationCenter() {
  const list = useNotifications();
  const markAll = useMutation("标记失败，请稍后再试");
  const unread = list.items.some((n) => !n.read);
  const refreshAll = () => Promise.all([refreshBell(), list.mutate()]);

  const open = (n: NotificationItem) => {
    if (!n.read) void sendJson("/api/me/notifications/read", "POST", { ids: [n.id] }).then(refreshAll, () => undefined);
  };

  return (
    <div>
      {unread ? (
        <div className="mb-3 flex items-center justify-end gap-3">
          {markAll.error ? <span className="text-sm text-red-600">{markAll.error}</span> : null}
          <button
            type="button"
            disabled={markAll.busy}
            onClick={() => void markAll.run(() => sendJson("/api/me/notifications/read", "POST", { all: true }), { done: () => void refreshAll() })}
            className="rounded-md px-3 py-1.5 text-sm text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50 disabled:opacity-50"
          >
            {markAll.busy ? "标记中…" : "全部标为已读"}
          </button>
        </div>
      ) : null}
      <PagedList list={list} loadingRows={4} emptyTitle="还没有通知" emptyHint="订单被跟踪、佣金可提现、提现到账时，这里会第一时间告诉你。">
        <ul className="space-y-2">
          {list.items.map((n) => (
            <Row key={n.id} n={n} onOpen={open} />
          ))}
        </ul>
      </PagedList>
    </div>
  );
}
