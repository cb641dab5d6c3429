import { notFound } from "next/navigation";
import { AuthCard } from "@/components/auth-card";
import { ready } from "@/lib/db";
import { adminExists, setupTokenValid } from "@/lib/setup/first-admin";
import { SetupForm } from "./setup-form";

export const dynamic = "force-dynamic";
// The token is in this page's address: never send it on to another site.
export const metadata = { title: "创建管理员 · 美团联盟推广平台", referrer: "no-referrer" };

export default async function SetupPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  await ready();
  if (await adminExists()) notFound();
  const raw = (await searchParams).token;
  const token = typeof raw === "string" ? raw : undefined;
  const valid = await setupTokenValid(token);
  return (
    <AuthCard title="创建第一个管理员" footer={{ text: "已有账号？", link: "/login", label: "去登录" }}>
      {valid && token ? (
        <SetupForm token={token} />
      ) : (
        <p role="alert" className="text-sm text-red-700">
          初始化链接无效或已使用。请查看服务器启动日志中最新的初始化链接（“no admin yet” 一行的 setupUrl），重启服务会生成新的链接。
        </p>
      )}
    </AuthCard>
  );
}
