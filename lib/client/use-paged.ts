"use client";
// Keyset pages of an API list with SWR: `items` of all loaded pages and `loadMore` for the next cursor.
import useSWRInfinite from "swr/infinite";
import type { Page } from "@/lib/contracts/common";
import { useEffect } from "react";
import { fetcher } from "./api";
import { onMemberChange } from "./live";

export function usePaged<T>(url: string | null) {
  const { data, error, size, setSize, isLoading, isValidating, mutate } = useSWRInfinite<Page<T>>(
    (index, previous) => {
      if (!url) return null;
      if (index === 0) return url;
      if (!previous?.nextCursor) return null;
      return `${url}${url.includes("?") ? "&" : "?"}cursor=${encodeURIComponent(previous.nextCursor)}`;
    },
    fetcher,
    { revalidateFirstPage: true },
  );
  // A member's lists follow the live stream (the console's lists do not: a push storm would reload them every second).
  useEffect(() => (url?.startsWith("/api/me/") ? onMemberChange(() => void mutate()) : undefined), [url, mutate]);
  const items = data?.flatMap((p) => p.items) ?? [];
  const last = data?.[data.length - 1];
  return {
    items,
    error: error as Error | undefined,
    isLoading,
    loadingMore: isValidating && size > (data?.length ?? 0),
    hasMore: Boolean(last?.nextCursor),
    loadMore: () => setSize(size + 1),
    mutate,
  };
}
export type Paged<T> = ReturnType<typeof usePaged<T>>;
