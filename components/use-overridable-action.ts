"use client";
// A confirmed money action that the API may refuse with 409 until a reason is given (the balance no longer covers
// it): the refusal's message becomes the dialog's warning and the next confirmation sends the reason.
import { useState } from "react";
import { ApiCallError } from "./earnings-api";

export function useOverridableAction(initialWarning: string | null = null) {
  const [reason, setReason] = useState("");
  const [warning, setWarning] = useState<string | null>(initialWarning);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  /** `send` gets the reason once one is asked for, else null. */
  async function run(send: (overrideReason: string | null) => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await send(warning !== null ? reason.trim() : null);
    } catch (e) {
      if (e instanceof ApiCallError && e.status === 409 && e.fields.overrideReason) setWarning(e.message);
      else setError(e instanceof ApiCallError ? e.message : "操作失败，请稍后再试");
    } finally {
      setBusy(false);
    }
  }

  return { reason, setReason, warning, needsReason: warning !== null, busy, error, run };
}
