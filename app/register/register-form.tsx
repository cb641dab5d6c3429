"use client";
import { signIn } from "next-auth/react";
import { useRouter, useSearchParams } from "next/navigation";
import { Field, SubmitButton } from "@/components/form";
import { sendJson } from "@/lib/client/api";
import { useMutation } from "@/lib/client/use-mutation";
import { RegisterSchema, type Registered } from "@/lib/contracts/members";
import { invalidInput } from "@/lib/contracts/common";

export function RegisterForm() {
  const router = useRouter();
  const invite = useSearchParams().get("invite") ?? "";
  const { busy, error, fields, run, fail } = useMutation("注册失败，请稍后再试");

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const body = Object.fromEntries(["username", "password", "name", "inviteCode"].map((k) => [k, String(form.get(k) ?? "")]));
    const checked = RegisterSchema.safeParse(body);
    if (!checked.success) {
      const bad = invalidInput(checked.error);
      return fail(bad.message, bad.fields);
    }
    await run(
      async () => {
        await sendJson<Registered>("/api/register", "POST", body);
        return signIn("credentials", { username: body.username, password: body.password, redirect: false });
      },
      {
        done: (login) => {
          router.replace(login?.ok ? "/me" : "/login");
          router.refresh();
        },
      },
    );
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
