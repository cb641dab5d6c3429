"use client";
import { mutate } from "swr";
import { sendJson } from "@/lib/client/api";
import { NOTIFICATION_PREFERENCES_KEY, useNotificationPreferences } from "@/lib/client/hooks";
import { useMutation } from "@/lib/client/use-mutation";
import type { NotificationKind } from "@/lib/contracts/enums";
import type { NotificationPreferences } from "@/lib/contracts/notifications";
import { NOTIFICATION_KIND_LABEL } from "@/lib/labels";
import { ErrorBox, Loading } from "@/components/states";

export function NotificationSettings() {
  const { data, error, isLoading, mutate: reload } = useNotificationPreferences();
  const save = useMutation("保存失败，请稍后再试");

  const toggle = (kind: NotificationKind, offsite: boolean) =>
    void save.run(() => sendJson<NotificationPreferences>(NOTIFICATION_PREFERENCES_KEY, "PUT", { kinds: [{ kind, offsite }] }), {
      done: (answer) => {
        void mutate(NOTIFICATION_PREFERENCES_KEY, answer, { revalidate: false });
        return offsite ? `已开启「${NOTIFICATION_KIND_LABEL[kind]}」的微信/手机通知` : `已关闭「${NOTIFICATION_KIND_LABEL[kind]}」的微信/手机通知`;
      },
    });

  if (error) return <ErrorBox error={error} onRetry={() => void reload()} />;
  if (isLoading || !data) return <Loading rows={5} />;
  return (
    <section aria-labelledby="offsite-kinds" className="rounded-lg bg-white ring-1 ring-slate-200">
      <h2 id="offsite-kinds" className="border-b border-slate-100 px-4 py-3 text-sm font-medium">
        发到微信 / 手机的通知
      </h2>
      <ul className="divide-y divide-slate-100">
        {data.kinds.map((k) => (
          <li key={k.kind} className="flex items-center justify-between gap-3 px-4 py-3">
            <label htmlFor={`pref-${k.kind}`} className="text-sm text-slate-800">
              {NOTIFICATION_KIND_LABEL[k.kind]}
            </label>
            <input
              id={`pref-${k.kind}`}
              type="checkbox"
              role="switch"
              aria-checked={k.offsite}
              checked={k.offsite}
              disabled={save.busy}
              onChange={(e) => toggle(k.kind, e.target.checked)}
              className="h-5 w-9 cursor-pointer appearance-none rounded-full bg-slate-300 transition before:block before:h-5 before:w-5 before:rounded-full before:bg-white before:shadow before:transition checked:bg-amber-500 checked:before:translate-x-4 disabled:opacity-60"
            />
          </li>
        ))}
      </ul>
      <p role="status" aria-live="polite" className={`px-4 pb-3 text-sm ${save.error ? "text-red-600" : "text-emerald-700"}`}>
        {save.error ?? (save.result?.ok ? save.result.text : "")}
      </p>
    </section>
  );
}
