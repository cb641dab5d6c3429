import { DownlineDetail } from "./downline-detail";

export const metadata = { title: "团队成员" };

export default async function DownlinePage({ params }: { params: Promise<{ id: string }> }) {
  return <DownlineDetail id={(await params).id} />;
}
