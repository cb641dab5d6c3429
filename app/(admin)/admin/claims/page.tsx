import { Suspense } from "react";
import { ClaimsReview } from "./claims-review";

export const metadata = { title: "订单找回 · 管理后台" };

export default function AdminClaimsPage() {
  return (
    <Suspense>
      <ClaimsReview />
    </Suspense>
  );
}
