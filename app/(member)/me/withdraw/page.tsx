import { WithdrawView } from "./withdraw-view";

export const metadata = { title: "提现" };

export default function WithdrawPage() {
  return (
    <div>
      <h1 className="mb-3 text-lg font-semibold">提现</h1>
      <WithdrawView />
    </div>
  );
}
