import { AlertsView } from "./alerts-view";

export const metadata = { title: "告警 · 管理后台" };

export default function AlertsPage() {
  return <AlertsView />;
}
