"use client";
// A small "复制" button for an order number or a code: says 已复制 for a moment, or that copying failed.
import { useState } from "react";
import { copyText } from "@/lib/client/clipboard";

export function CopyButton({ text, label = "复制", what }: { text: string; label?: string; what: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  return (
    <button
      type="button"
      onClick={async () => {
        setState((await copyText(text)) ? "copied" : "failed");
        setTimeout(() => setState("idle"), 1500);
      }}
      aria-label={`复制${what} ${text}`}
      className="shrink-0 rounded px-1.5 py-0.5 text-[11px] text-amber-700 ring-1 ring-amber-200 hover:bg-amber-50"
    >
      <span aria-live="polite">{state === "copied" ? "已复制" : state === "failed" ? "复制失败" : label}</span>
    </button>
  );
}
