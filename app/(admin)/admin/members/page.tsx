import { Suspense } from "react";
import { MembersList } from "./members-list";

export const metadata = { title: "会员 · 管理后台" };

export default function MembersPage() {
  return (
    <Suspense>
      <MembersList />
    </Suspense>
  );
}
