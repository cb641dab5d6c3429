import { currentUser } from "@/lib/auth/session";
import { InviteCard } from "./invite-card";

export const dynamic = "force-dynamic";
export const metadata = { title: "邀请好友" };

export default async function InvitePage() {
  const user = (await currentUser())!;
  return (
    <div>
      <h1 className="mb-3 text-lg font-semibold">邀请好友</h1>
      <InviteCard inviteCode={user.inviteCode} />
    </div>
  );
}
