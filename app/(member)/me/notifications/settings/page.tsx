import Link from "next/link";
import { MemberChannels } from "@/components/member-channels";
import { NotificationSettings } from "./notification-settings";

export const metadata = { title: "通知设置" };

export default function NotificationSettingsPage() {
  return (
    <div>
      <div className="mb-3 flex items-center gap-2">
        <Link href="/me/notifications" className="text-sm text-slate-500 hover:text-slate-800">
          ‹ 消息通知
        </Link>
      </div>
      <h1 className="mb-1 text-lg font-semibold">通知设置</h1>
      <p className="mb-4 text-sm text-slate-600">所有通知都会出现在消息中心；这里选择哪些还要发到你的微信或手机。</p>
      <div className="space-y-4">
        <MemberChannels returnPath="/me/notifications/settings" />
        <NotificationSettings />
      </div>
    </div>
  );
}
