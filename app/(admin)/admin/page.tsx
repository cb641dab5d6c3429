import { Suspense } from "react";
import { Dashboard } from "./dashboard";

export const metadata = { title: "概览 · 管理后台" };

export default function AdminHome() {
  return (
    <Suspense>
      <Dashboard />
    </Suspense>
  );
}
