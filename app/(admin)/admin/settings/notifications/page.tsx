import { NotifyTabs } from "@/components/notify-tabs";
import { NotificationSettings } from "./notification-settings";

export const metadata = { title: "通知与告警 · 管理后台" };

export default function NotificationSettingsPage() {
  return (
    <>
      <NotifyTabs current="channels" />
      <NotificationSettings />
    </>
  );
}
