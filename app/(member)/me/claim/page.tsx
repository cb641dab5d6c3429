import { ClaimView } from "./claim-view";

export const metadata = { title: "订单找回" };

export default function ClaimPage() {
  return (
    <div>
      <h1 className="mb-3 text-lg font-semibold">订单找回</h1>
      <ClaimView />
    </div>
  );
}
