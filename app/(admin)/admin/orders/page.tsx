import { Suspense } from "react";
import { AdminOrders } from "./admin-orders";

export const metadata = { title: "订单 · 管理后台" };

export default function AdminOrdersPage() {
  return (
    <Suspense>
      <AdminOrders />
    </Suspense>
  );
}
