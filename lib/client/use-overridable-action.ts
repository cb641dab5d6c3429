"use client";
// A confirmed money action that the API may refuse with 409 until a reason is given (the balance no longer covers
// it): the refusal's message becomes the dialog's warning and the next confirmation sends the reason.
import { useState } from "react";
import { useMutation } from "./use-mutation";

export function useOverridableAction(initialWarning: string | null = null) {
  const [reason, setReason] = useState("");
  const [warning, setWarning] = useState<string | null>(initialWarning);
  const mutation = useMutation();

  /** `send` gets the reason once one is asked for, else null. */
  async function run(send: (overrideReason: string | null) => Promise<void>) {
    await mutation.run(() => send(warning !== null ? reason.trim() : null), {
      handle: (e) => {
        if (e.status !== 409 || !e.fields.overrideReason) return false;
        setWarning(e.message);
        return true;
      },
    });
  }

  return { reason, setReason, warning, needsReason: warning !== null, busy: mutation.busy, error: mutation.error, run };
}
