import { Suspense } from "react";
import { AdminFunnelView } from "./funnel-view";

export const metadata = { title: "推广漏斗 · 管理后台" };

export default function FunnelPage() {
  return (
    <Suspense>
      <AdminFunnelView />
    </Suspense>
  );
}
