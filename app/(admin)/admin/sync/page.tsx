import { beijingDay } from "@/lib/time";
import { SyncConsole } from "./sync-console";

export const dynamic = "force-dynamic";
export const metadata = { title: "对账 · 管理后台" };

export default function AdminSyncPage() {
  const now = Date.now();
  // The last 7 Beijing days, today included.
  return <SyncConsole defaultFrom={beijingDay(new Date(now - 6 * 86_400_000))} defaultTo={beijingDay(new Date(now))} />;
}
