"use client";
// The bell in the member header: the unread count, kept current by the live stream; opens the notification center.
import Link from "next/link";
import { useLatestNotifications } from "@/lib/client/hooks";

export function NotificationBell() {
  const { data } = useLatestNotifications();
  const unread = data?.unread ?? 0;
  return (
    <Link href="/me/notifications" aria-label={unread ? `通知，${unread} 条未读` : "通知"} data-testid="notification-bell" className="relative -m-1 p-1 text-slate-600 hover:text-slate-900">
      <svg viewBox="0 0 24 24" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth={1.8} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
        <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9M10.3 21a1.94 1.94 0 0 0 3.4 0" />
      </svg>
      {unread > 0 ? (
        <span data-testid="unread-count" className="absolute -top-0.5 -right-1 min-w-[1.1rem] rounded-full bg-red-500 px-1 text-center text-[10px] leading-[1.1rem] font-semibold text-white tabular-nums">
          {unread > 99 ? "99+" : unread}
        </span>
      ) : null}
    </Link>
  );
}
