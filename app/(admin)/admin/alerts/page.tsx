import { NotifyTabs } from "@/components/notify-tabs";
import { AlertsView } from "./alerts-view";

export const metadata = { title: "告警 · 通知与告警 · 管理后台" };

export default function AlertsPage() {
  return (
    <>
      <NotifyTabs current="alerts" />
      <AlertsView />
    </>
  );
}
