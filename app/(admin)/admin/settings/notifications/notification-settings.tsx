"use client";
// 通知与告警: the operators' group robots (企业微信 / 钉钉 / 飞书) with a test button and their failing state, the
// WeChat 服务号 members' notifications go out through, and the Web Push keys. Secrets are only ever shown masked.
import { RobotsSection } from "./robots-section";
import { WebPushSection } from "./webpush-section";
import { WechatSection } from "./wechat-section";

export function NotificationSettings() {
  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-xl font-semibold">通知与告警</h1>
        <p className="mt-1 text-sm text-slate-500">运营告警发到工作群机器人；会员通知除站内消息外，还可通过微信服务号和浏览器推送送达。</p>
      </div>
      <RobotsSection />
      <WechatSection />
      <WebPushSection />
    </div>
  );
}
