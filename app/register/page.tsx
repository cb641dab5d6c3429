import { Suspense } from "react";
import { AuthCard } from "@/components/auth-card";
import { RegisterForm } from "./register-form";

export const metadata = { title: "注册 · 美团联盟推广平台" };

export default function RegisterPage() {
  return (
    <AuthCard title="注册成为推广者" footer={{ text: "已有账号？", link: "/login", label: "去登录" }}>
      <Suspense>
        <RegisterForm />
      </Suspense>
    </AuthCard>
  );
}
