import Link from "next/link";
import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/session";
import { ready } from "@/lib/db";
import { SignOutButton } from "@/components/sign-out-button";
import { MAIN_ID, SkipLink } from "@/components/skip-link";
import { BottomNav } from "./bottom-nav";
import { MemberLive } from "@/components/member-live";
import { NotificationBell } from "@/components/notification-bell";
import { ConsentGate } from "@/components/consent-gate";
import { agreementVersions, hasConsented } from "@/lib/agreements";

export const dynamic = "force-dynamic";

export default async function MemberLayout({ children }: { children: React.ReactNode }) {
  await ready();
  const user = await currentUser();
  if (!user) redirect("/login?callbackUrl=/me");
  // A member who registered through the API without accepting the agreements accepts them before anything else.
  const gate = user.role === "MEMBER" && !(await hasConsented(user.id)) ? await agreementVersions() : null;
  return (
    <div className="mx-auto min-h-screen max-w-xl pb-24">
      <SkipLink />
      <header className="flex items-center justify-between px-4 pt-4 pb-2">
        <Link href="/me" className="font-semibold">
          美团联盟推广
        </Link>
        <div className="flex items-center gap-3 text-sm text-slate-600">
          {user.role === "ADMIN" ? (
            <Link href="/admin/orders" className="underline">
              管理后台
            </Link>
          ) : null}
          <NotificationBell />
          <SignOutButton />
        </div>
      </header>
      <MemberLive />
      <main id={MAIN_ID} tabIndex={-1} className="px-4 outline-none">{gate ? <ConsentGate versions={gate} /> : children}</main>
      <BottomNav />
    </div>
  );
}
