import { currentUser } from "@/lib/auth/session";
import { maskUsername } from "@/lib/earnings/payout";
import { AccountMenu } from "./account-menu";

export const dynamic = "force-dynamic";
export const metadata = { title: "我的" };

export default async function AccountPage() {
  const user = (await currentUser())!;
  return (
    <div className="space-y-4">
      <section className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
        <p className="text-lg font-semibold">{user.name ?? maskUsername(user.username)}</p>
        <p className="mt-0.5 text-sm text-slate-500">{maskUsername(user.username)}</p>
        <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-xs text-slate-500">
          <dt>推广位 ID</dt>
          <dd className="font-mono break-all text-slate-700">{user.sid}</dd>
          <dt>邀请码</dt>
          <dd className="font-mono text-slate-700">{user.inviteCode}</dd>
        </dl>
      </section>
      <AccountMenu />
    </div>
  );
}
