import { Suspense } from "react";
import { AuditLog } from "./audit-log";

export const metadata = { title: "操作日志 · 管理后台" };

export default function AuditPage() {
  return (
    <Suspense>
      <AuditLog />
    </Suspense>
  );
}
