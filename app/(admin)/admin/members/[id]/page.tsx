import { MemberDetailView } from "./member-detail";

export const metadata = { title: "会员详情 · 管理后台" };

export default async function MemberPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <MemberDetailView memberId={decodeURIComponent(id)} />;
}
