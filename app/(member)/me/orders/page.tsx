import { Suspense } from "react";
import { MemberOrders } from "./member-orders";

export const metadata = { title: "我的订单" };

export default function MemberOrdersPage() {
  return (
    <div>
      <h1 className="mb-3 text-lg font-semibold">我的订单</h1>
      <Suspense>
        <MemberOrders />
      </Suspense>
    </div>
  );
}
