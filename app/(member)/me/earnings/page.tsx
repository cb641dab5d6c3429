import { Suspense } from "react";
import { EarningsLedger } from "./earnings-ledger";

export const metadata = { title: "收益明细" };

export default function EarningsPage() {
  return (
    <div>
      <h1 className="mb-3 text-lg font-semibold">收益明细</h1>
      <Suspense>
        <EarningsLedger />
      </Suspense>
    </div>
  );
}
