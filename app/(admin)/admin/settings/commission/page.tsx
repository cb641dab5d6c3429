import { CommissionSettingsForm } from "./commission-settings";

export const metadata = { title: "佣金规则 · 管理后台" };

export default function CommissionSettingsPage() {
  return <CommissionSettingsForm />;
}
