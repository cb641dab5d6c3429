"use client";
// The confirmation every money action in the console goes through: what will happen, the amount and who it
// affects, an optional note or a required reason, and the API's answer when it refuses.
import { useEffect, useRef, useState } from "react";
import { createPortal } from "react-dom";

export interface ConfirmField {
  label: string;
  placeholder?: string;
  /** A reason of at least 2 characters is required before the action can be confirmed. */
  required?: boolean;
  value: string;
  onChange: (value: string) => void;
}

export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  danger = false,
  warning,
  field,
  busy,
  error,
  onConfirm,
  onCancel,
  testId = "confirm-dialog",
}: {
  title: string;
  children: React.ReactNode;
  confirmLabel: string;
  danger?: boolean;
  /** Shown above the field in red: why the action needs a reason (e.g. the balance no longer covers it). */
  warning?: string | null;
  field?: ConfirmField;
  busy: boolean;
  error?: string | null;
  onConfirm: () => void;
  onCancel: () => void;
  testId?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && !busy && onCancel();
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [busy, onCancel]);
  // Rendered into <body>, so that no table or scrolling box it is opened from can clip or offset it.
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  useEffect(() => {
    if (mounted) ref.current?.querySelector<HTMLElement>("textarea, input, button[data-confirm]")?.focus();
  }, [mounted]);
  const blocked = field?.required === true && field.value.trim().length < 2;
  if (!mounted) return null;
  return createPortal(
    <div className="fixed inset-0 z-50 flex items-end justify-center bg-slate-900/40 p-0 sm:items-center sm:p-4" role="presentation" onClick={() => !busy && onCancel()}>
      <div
        ref={ref}
        role="dialog"
        aria-modal="true"
        aria-label={title}
        data-testid={testId}
        onClick={(e) => e.stopPropagation()}
        className="max-h-[90vh] w-full overflow-y-auto rounded-t-2xl bg-white p-5 text-left text-sm text-slate-800 shadow-xl sm:max-w-lg sm:rounded-xl"
      >
        <h2 className="text-base font-semibold text-slate-900">{title}</h2>
        <div className="mt-3 space-y-2" data-testid="confirm-details">
          {children}
        </div>
        {warning ? (
          <p role="alert" data-testid="confirm-warning" className="mt-3 rounded-md bg-red-50 px-3 py-2 text-sm whitespace-pre-line text-red-700 ring-1 ring-red-200">
            {warning}
          </p>
        ) : null}
        {field ? (
          <label className="mt-3 block text-xs text-slate-500">
            {field.label}
            <textarea
              value={field.value}
              onChange={(e) => field.onChange(e.target.value)}
              placeholder={field.placeholder}
              maxLength={500}
              rows={2}
              className="mt-1 block w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm text-slate-900"
            />
          </label>
        ) : null}
        {error ? (
          <p role="alert" className="mt-2 text-sm whitespace-pre-line text-red-600">
            {error}
          </p>
        ) : null}
        <div className="mt-4 flex justify-end gap-2">
          <button type="button" onClick={onCancel} disabled={busy} className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm text-slate-700 hover:bg-slate-50 disabled:opacity-50">
            取消
          </button>
          <button
            type="button"
            data-confirm
            onClick={onConfirm}
            disabled={busy || blocked}
            title={blocked ? "请先填写原因" : undefined}
            className={`rounded-md px-4 py-2 text-sm font-medium text-white disabled:opacity-50 ${danger ? "bg-red-600 hover:bg-red-500" : "bg-slate-900 hover:bg-slate-700"}`}
          >
            {busy ? "处理中…" : confirmLabel}
          </button>
        </div>
      </div>
    </div>,
    document.body,
  );
}

/** One line of a confirmation: a label and its value (amounts right-aligned, tabular). */
export function ConfirmLine({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <div className="flex items-baseline justify-between gap-3 border-b border-slate-100 pb-1.5 last:border-0">
      <span className="shrink-0 text-slate-500">{label}</span>
      <span className="text-right font-medium tabular-nums" data-testid={testId}>
        {children}
      </span>
    </div>
  );
}
