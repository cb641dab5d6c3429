import { Suspense } from "react";
import { AdminWithdrawals } from "./admin-withdrawals";

export const metadata = { title: "提现审核 · 管理后台" };

export default function AdminWithdrawalsPage() {
  return (
    <Suspense>
      <AdminWithdrawals />
    </Suspense>
  );
}
