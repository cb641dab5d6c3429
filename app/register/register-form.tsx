"use client";
import { ConsentCheckbox } from "@/components/consent-checkbox";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { Field, SubmitButton } from "@/components/form";
import { sendJson } from "@/lib/client/api";
import { useMutation } from "@/lib/client/use-mutation";
import { RegisterSchema, type Registered } from "@/lib/contracts/members";
import { invalidInput } from "@/lib/contracts/common";

/** The agreement versions the page showed; the registration records them (and is refused if one changed since). */
export function RegisterForm({ inviteCode, versions }: { inviteCode: string; versions: { terms: number; privacy: number } }) {
  const router = useRouter();
  const { busy, error, fields, run, fail, clearField } = useMutation("注册失败，请稍后再试");
  const editing = (e: React.FormEvent<HTMLFormElement>) => {
    const name = (e.target as HTMLInputElement).name;
    if (name) clearField(name);
  };

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const body = {
      ...Object.fromEntries(["username", "password", "name", "inviteCode"].map((k) => [k, String(form.get(k) ?? "")])),
      agreed: form.get("agreed") === "on",
      termsVersion: versions.terms,
      privacyVersion: versions.privacy,
    };
    const checked = RegisterSchema.safeParse(body);
    if (!checked.success) {
      const bad = invalidInput(checked.error);
      return fail(bad.message, bad.fields);
    }
    await run(
      async () => {
        await sendJson<Registered>("/api/register", "POST", body);
        return signIn("credentials", { username: checked.data.username, password: checked.data.password, redirect: false });
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
    <form onSubmit={onSubmit} onInput={editing} onChange={editing} className="space-y-4" noValidate>
      <Field label="手机号或邮箱" name="username" autoComplete="username" required error={fields.username?.[0]} />
      <Field label="密码（至少 8 位）" name="password" type="password" autoComplete="new-password" required minLength={8} error={fields.password?.[0]} />
      <Field label="昵称（选填）" name="name" autoComplete="nickname" error={fields.name?.[0]} />
      <Field label="邀请码（选填）" name="inviteCode" defaultValue={inviteCode} autoCapitalize="characters" error={fields.inviteCode?.[0]} />
      <ConsentCheckbox name="agreed" error={fields.agreed?.[0]} />
      {error && !Object.values(fields).some((m) => m?.length) ? (
        <p role="alert" className="text-sm text-red-600">
          {error}
        </p>
      ) : null}
      <SubmitButton busy={busy}>注册</SubmitButton>
    </form>
  );
}
