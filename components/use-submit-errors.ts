"use client";
// A form's error line and per-field messages, filled from an API answer or from checks before sending.
import { useState } from "react";
import { ApiCallError } from "./earnings-api";

export type FieldErrors = Record<string, string[] | undefined>;

export function useSubmitErrors() {
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<FieldErrors>({});
  return {
    error,
    fields,
    setError,
    setFields,
    clear() {
      setError(null);
      setFields({});
    },
    /** The API's message and field messages, or `fallback` when the request did not get an API answer. */
    fail(err: unknown, fallback: string) {
      if (err instanceof ApiCallError) {
        setError(err.message);
        setFields(err.fields);
      } else setError(fallback);
    },
  };
}
