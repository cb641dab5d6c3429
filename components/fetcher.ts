"use client";
// SWR's fetcher: JSON or a thrown error carrying the API's Chinese message.

export class FetchError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function fetcher<T = unknown>(url: string): Promise<T> {
  const res = await fetch(url, { headers: { accept: "application/json" } });
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    if (res.status === 401 && typeof window !== "undefined") {
      window.location.href = `/login?callbackUrl=${encodeURIComponent(window.location.pathname + window.location.search)}`;
    }
    throw new FetchError(res.status, data?.error?.message ?? `请求失败（${res.status}）`);
  }
  return data as T;
}
