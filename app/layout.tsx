import type { Metadata, Viewport } from "next";
import "./globals.css";

export const metadata: Metadata = { title: "美团联盟推广平台", description: "美团联盟 CPS 分销：订单跟踪、佣金与提现" };
export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="zh-CN">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">{children}</body>
    </html>
  );
}
