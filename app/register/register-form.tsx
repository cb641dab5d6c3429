"use client";
import { signIn } from "next-auth/react";
import { useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { Field, SubmitButton } from "@/components/form";

type Fields = Record<string, string[] | undefined>;

export function RegisterForm() {
  const router = useRouter();
  const invite = useSearchParams().get("invite") ?? "";
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Fields>({});
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const body = Object.fromEntries(["username", "password", "name", "inviteCode"].map((k) => [k, String(form.get(k) ?? "")]));
    setBusy(true);
    setError(null);
    setFields({});
    try {
      const res = await fetch("/api/register", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      const data = await res.json().catch(() => null);
      if (res.status !== 201) {
        setError(data?.error?.message ?? "注册失败，请稍后再试");
        setFields(data?.error?.fields ?? {});
        return;
      }
      const login = await signIn("credentials", { username: body.username, password: body.password, redirect: false });
      router.replace(login?.ok ? "/me" : "/login");
      router.refresh();
    } catch {
      setError("网络错误，请稍后再试");
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4">
      <Field label="手机号或邮箱" name="username" autoComplete="username" required error={fields.username?.[0]} />
      <Field label="密码（至少 8 位）" name="password" type="password" autoComplete="new-password" required minLength={8} error={fields.password?.[0]} />
      <Field label="昵称（选填）" name="name" autoComplete="nickname" error={fields.name?.[0]} />
      <Field label="邀请码（选填）" name="inviteCode" defaultValue={invite} error={fields.inviteCode?.[0]} />
      {error ? (
        <p role="alert" className="text-sm text-red-600">
          {error}
        </p>
      ) : null}
      <SubmitButton busy={busy}>注册</SubmitButton>
    </form>
  );
}
