import { Suspense } from "react";
import { UnattributedOrders } from "./unattributed-orders";

export const metadata = { title: "未归属订单 · 管理后台" };

export default function UnattributedPage() {
  return (
    <Suspense>
      <UnattributedOrders />
    </Suspense>
  );
}
