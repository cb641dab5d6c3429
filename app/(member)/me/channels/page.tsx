import { MemberChannels } from "@/components/member-channels";

export const metadata = { title: "通知渠道 · 美团联盟推广" };

export default function ChannelsPage() {
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-lg font-semibold">通知渠道</h1>
        <p className="mt-1 text-sm text-slate-500">除了站内消息，还可以通过微信和浏览器通知及时知道订单和佣金的变化。</p>
      </div>
      <MemberChannels />
    </div>
  );
}
