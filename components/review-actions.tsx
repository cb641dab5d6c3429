"use client";
// The 操作 cell of a review table: an optional note and one button per action; the API's message shows under them.
import { ApiCallError } from "@/lib/client/api";
import { useState } from "react";

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
  const [busy, setBusy] = useState<A | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function act(action: A) {
    setBusy(action);
    setError(null);
    try {
      await onAct(action, note.trim());
      setNote("");
    } catch (e) {
      setError(e instanceof ApiCallError ? e.message : "操作失败，请稍后再试");
    } finally {
      setBusy(null);
    }
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
