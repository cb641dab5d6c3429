import { Suspense } from "react";
import { AuthCard } from "@/components/auth-card";
import { SetupNotice } from "@/components/setup-notice";
import { LoginForm } from "./login-form";

export const metadata = { title: "登录 · 美团联盟推广平台" };

export default function LoginPage() {
  return (
    <AuthCard title="登录" footer={{ text: "还没有账号？", link: "/register", label: "立即注册" }}>
      <SetupNotice />
      <Suspense>
        <LoginForm />
      </Suspense>
    </AuthCard>
  );
}
