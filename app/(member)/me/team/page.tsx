import { Suspense } from "react";
import { TeamTabs } from "./team-tabs";

export const metadata = { title: "我的团队" };

export default function TeamPage() {
  return (
    <div>
      <h1 className="mb-3 text-lg font-semibold">我的团队</h1>
      <Suspense>
        <TeamTabs />
      </Suspense>
    </div>
  );
}
