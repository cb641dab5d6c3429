import { ActivitiesAdmin } from "./activities-admin";

export const metadata = { title: "推广活动 · 管理后台" };

export default function AdminActivitiesPage() {
  return <ActivitiesAdmin />;
}
