import Link from "next/link";
import { NotificationCenter } from "./notification-center";

export const metadata = { title: "消息通知" };

export default function NotificationsPage() {
  return (
    <div>
      <div className="mb-3 flex items-center justify-between gap-3">
        <h1 className="text-lg font-semibold">消息通知</h1>
        <Link href="/me/notifications/settings" className="text-sm text-amber-700 underline-offset-2 hover:underline">
          通知设置
        </Link>
      </div>
      <NotificationCenter />
    </div>
  );
}
