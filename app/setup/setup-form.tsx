"use client";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { Field, SubmitButton } from "@/components/form";
import { ApiCallError, sendJson } from "@/lib/client/api";
import { useMutation } from "@/lib/client/use-mutation";
import type { FirstAdminCreated } from "@/lib/contracts/setup";

export function SetupForm({ token }: { token: string }) {
  const router = useRouter();
  const { busy, error, fields, run, fail } = useMutation("创建失败，请稍后再试");

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const field = (k: string) => String(form.get(k) ?? "");
    const body = { token, username: field("username"), password: field("password"), name: field("name") };
    const created = await run(() => sendJson<FirstAdminCreated>("/api/setup", "POST", body), {
      // Someone finished the setup first: the page is gone, and logging in is what is left.
      handle: (err: ApiCallError) => err.status === 404 && (fail("管理员已创建，请直接登录"), true),
    });
    if (!created) return;
    const login = await signIn("credentials", { username: body.username, password: body.password, redirect: false });
    router.replace(login?.ok ? "/admin" : "/login");
    router.refresh();
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
