"use client";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Field, SubmitButton } from "@/components/form";

type Fields = Record<string, string[] | undefined>;

export function SetupForm({ token }: { token: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Fields>({});
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const field = (k: string) => String(form.get(k) ?? "");
    const body = { token, username: field("username"), password: field("password"), name: field("name") };
    setBusy(true);
    setError(null);
    setFields({});
    try {
      const res = await fetch("/api/setup", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      const data = await res.json().catch(() => null);
      if (res.status !== 201) {
        setError(res.status === 404 ? "管理员已创建，请直接登录" : (data?.error?.message ?? "创建失败，请稍后再试"));
        setFields(data?.error?.fields ?? {});
        return;
      }
      const login = await signIn("credentials", { username: body.username, password: body.password, redirect: false });
      router.replace(login?.ok ? "/admin" : "/login");
      router.refresh();
    } catch {
      setError("网络错误，请稍后再试");
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4">
      <p className="text-sm text-slate-600">此链接只能使用一次。创建后即可用该账号登录管理后台。</p>
      <Field label="管理员手机号或邮箱" name="username" autoComplete="username" required error={fields.username?.[0]} />
      <Field label="密码（至少 8 位）" name="password" type="password" autoComplete="new-password" required minLength={8} maxLength={128} error={fields.password?.[0]} />
      <Field label="昵称（选填）" name="name" autoComplete="nickname" error={fields.name?.[0]} />
      {error ? (
        <p role="alert" className="text-sm text-red-600">
          {error}
        </p>
      ) : null}
      <SubmitButton busy={busy}>创建管理员</SubmitButton>
    </form>
  );
}
