"use client";
// A button's request with its one-line outcome: busy while it runs, then the success text or the API's message.
import { useState } from "react";
import { ApiCallError } from "./earnings-api";

export interface ActionResult {
  ok: boolean;
  text: string;
}

export function useResultAction(fallback: string) {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ActionResult | null>(null);

  async function run(action: () => Promise<ActionResult>) {
    setBusy(true);
    setResult(null);
    try {
      setResult(await action());
    } catch (e) {
      setResult({ ok: false, text: e instanceof ApiCallError ? e.message : fallback });
    } finally {
      setBusy(false);
    }
  }

  return { busy, result, run };
}
