import { Suspense } from "react";
import { PushInbox } from "./push-inbox";

export const metadata = { title: "推送日志 · 管理后台" };

export default function PushesPage() {
  return (
    <Suspense>
      <PushInbox />
    </Suspense>
  );
}
