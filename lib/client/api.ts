"use client";
// The browser's side of the JSON API: GET for SWR and POST/PUT for mutations, each returning the JSON answer or
// throwing an ApiCallError with the API's Chinese message (and, for 422, the message per field). A 401 sends the
// visitor to the login page and back.
import type { ApiErrorBody } from "@/lib/contracts/common";

export type FieldErrors = Record<string, string[] | undefined>;

export class ApiCallError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields: FieldErrors = {},
  ) {
    super(message);
  }
}

async function answer<T>(res: Response): Promise<T> {
  const data: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    if (res.status === 401 && typeof window !== "undefined") {
      window.location.href = `/login?callbackUrl=${encodeURIComponent(window.location.pathname + window.location.search)}`;
    }
    const error = (data as Partial<ApiErrorBody> | null)?.error;
    throw new ApiCallError(res.status, error?.message ?? `请求失败（${res.status}）`, error?.fields ?? {});
  }
  return data as T;
}

/** SWR's fetcher: GET the URL as JSON. */
export async function fetcher<T = unknown>(url: string): Promise<T> {
  return answer<T>(await fetch(url, { headers: { accept: "application/json" } }));
}

/** Sends JSON and returns the JSON answer. */
export async function sendJson<T>(url: string, method: "POST" | "PUT" | "DELETE", body: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { method, headers: { "content-type": "application/json", accept: "application/json" }, body: JSON.stringify(body ?? {}) });
  } catch {
    throw new ApiCallError(0, "网络错误，请稍后再试");
  }
  return answer<T>(res);
}
