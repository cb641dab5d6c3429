"use client";
// The one way a page sends a change: busy while the request runs, then either a success line or the API's
// Chinese error line with its per-field messages (422), or a fallback when no API answer came. Checks made before
// sending report through `fail` so that they show in the same place.
import { useState } from "react";
import { ApiCallError, type FieldErrors } from "./api";

export interface MutationResult {
  ok: boolean;
  text: string;
}

export interface RunOptions<T> {
  /** The error line when no API answer came, if not the hook's own. */
  fallback?: string;
  /**
   * The line to show for the answer (a string: a success; a result: an answer that reports its own failure, such
   * as a push that failed again), or nothing; also the place for what follows a success.
   */
  done?: (answer: T) => string | MutationResult | null | void;
  /** Takes an API error the caller handles itself (e.g. a 409 that asks for a reason); true: handled. */
  handle?: (error: ApiCallError) => boolean;
}

export function useMutation(fallback = "操作失败，请稍后再试") {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<FieldErrors>({});
  const [answered, setAnswered] = useState<MutationResult | null>(null);

  function clear() {
    setError(null);
    setFields({});
    setAnswered(null);
  }

  /** Runs `send`; resolves to its answer, or undefined when it failed (the error line is set). */
  async function run<T>(send: () => Promise<T>, options: RunOptions<T> = {}): Promise<T | undefined> {
    setBusy(true);
    clear();
    try {
      const answer = await send();
      const line = options.done?.(answer);
      if (typeof line === "string") setAnswered({ ok: true, text: line });
      else if (line) setAnswered(line);
      return answer;
    } catch (e) {
      if (e instanceof ApiCallError) {
        if (!options.handle?.(e)) {
          setError(e.message);
          setFields(e.fields);
        }
      } else setError(options.fallback ?? fallback);
      return undefined;
    } finally {
      setBusy(false);
    }
  }

  /** A check before sending failed: its message (null: only the fields') shows as an API error would. */
  function fail(message: string | null, fieldErrors: FieldErrors = {}) {
    setAnswered(null);
    setError(message);
    setFields(fieldErrors);
  }

  /** The user is editing this field: its message goes, and the error line with it once no field has one left. */
  function clearField(name: string) {
    if (!fields[name]) return;
    const rest = Object.fromEntries(Object.entries(fields).filter(([k]) => k !== name));
    setFields(rest);
    if (!Object.values(rest).some((m) => m?.length)) setError(null);
  }

  const result: MutationResult | null = answered ?? (error !== null ? { ok: false, text: error } : null);
  return { busy, error, fields, result, run, fail, clear, clearField };
}
