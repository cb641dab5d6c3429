"use client";
// The 操作 cell of a review table: an optional note and one button per action; the API's message shows under them.
import { useState } from "react";
import { useMutation } from "@/lib/client/use-mutation";

export function ReviewActions<A extends string>({
  actions,
  labels,
  styles,
  placeholder,
  maxLength,
  className,
  onAct,
}: {
  actions: readonly A[];
  labels: Record<A, string>;
  styles: Record<A, string>;
  placeholder: string;
  maxLength: number;
  className: string;
  /** Throws to show its error; on success the note is cleared. */
  onAct: (action: A, note: string) => Promise<void>;
}) {
  const [note, setNote] = useState("");
  const [acting, setActing] = useState<A | null>(null);
  const { busy: sending, error, run } = useMutation();
  const busy = sending ? acting : null;

  async function act(action: A) {
    setActing(action);
    await run(() => onAct(action, note.trim()), { done: () => setNote("") });
  }

  return (
    <div className={`flex flex-col gap-1.5 ${className}`}>
      <input
        value={note}
        onChange={(e) => setNote(e.target.value)}
        placeholder={placeholder}
        aria-label="备注"
        maxLength={maxLength}
        className="rounded-md border border-slate-300 px-2 py-1 text-xs"
      />
      <div className="flex gap-1.5">
        {actions.map((a) => (
          <button
            key={a}
            type="button"
            disabled={busy !== null}
            onClick={() => act(a)}
            className={`rounded-md px-2.5 py-1 text-xs font-medium whitespace-nowrap disabled:opacity-50 ${styles[a]}`}
          >
            {busy === a ? "处理中…" : labels[a]}
          </button>
        ))}
      </div>
      {error ? (
        <p role="alert" className="text-xs text-red-600">
          {error}
        </p>
      ) : null}
    </div>
  );
}
