"use client";
// The two pages of 通知与告警: what is wrong (告警) and where messages go (机器人与渠道).
import { StatusTabs } from "./status-tabs";

const TABS = [
  { key: "alerts", text: "告警", href: "/admin/alerts" },
  { key: "channels", text: "机器人与渠道", href: "/admin/settings/notifications" },
];

export function NotifyTabs({ current }: { current: "alerts" | "channels" }) {
  return <StatusTabs tabs={TABS} current={current} label="通知与告警" className="mb-4" />;
}
