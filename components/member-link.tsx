// A member as the console names them (张三 138****5678), linked to their page; never their internal id.
import Link from "next/link";
import type { MemberRef } from "@/lib/contracts/common";

export function MemberLink({ member, empty = "—", className = "text-amber-700 underline" }: { member: MemberRef | null; empty?: string; className?: string }) {
  if (!member) return <span className="text-slate-400">{empty}</span>;
  return (
    <Link href={`/admin/members/${encodeURIComponent(member.id)}`} className={className} title="查看会员详情">
      {member.label}
    </Link>
  );
}
