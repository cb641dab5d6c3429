"use client";
// The browser's end of the live streams: one EventSource per tab (shared by every component that listens), which
// the browser reconnects by itself with Last-Event-ID. Each event revalidates the SWR data it touches, so open
// pages show the new order or balance without a reload.
import { useEffect, useRef } from "react";
import { mutate } from "swr";
import type { NotificationItem } from "@/lib/contracts/notifications";

type Listener = (item: NotificationItem) => void;

/** Listeners for "the member's data moved" (keyset lists revalidate themselves: SWR's filter skips infinite keys). */
const memberChanges = new Set<() => void>();

/** Calls `fn` on every live notification of the member's stream while it is open. Returns the unsubscribe. */
export function onMemberChange(fn: () => void): () => void {
  memberChanges.add(fn);
  return () => memberChanges.delete(fn);
}

interface Shared {
  source: EventSource | null;
  listeners: Set<Listener>;
}

const streams: Record<"member" | "admin", Shared> = { member: { source: null, listeners: new Set() }, admin: { source: null, listeners: new Set() } };

const revalidate = (test: (key: string) => boolean) => mutate((key) => typeof key === "string" && test(key), undefined, { revalidate: true });

/** The console's keys each topic refreshes: the cheap ones at once, the dashboard at most every 10 s. */
const ADMIN_KEYS: Record<string, string[]> = {
  pushes: ["/api/admin/badges", "/api/admin/pushes"],
  withdrawals: ["/api/admin/badges", "/api/admin/withdrawals"],
  alerts: ["/api/admin/badges", "/api/admin/alerts"],
  orders: ["/api/admin/badges"],
};
let dashboardRefreshedAt = 0;

function openMember(s: Shared) {
  const source = new EventSource("/api/me/stream");
  source.addEventListener("notification", (e) => {
    const item = JSON.parse((e as MessageEvent<string>).data) as NotificationItem;
    void revalidate((key) => key.includes("/api/me/"));
    for (const fn of memberChanges) fn();
    for (const fn of s.listeners) fn(item);
  });
  return source;
}

function openAdmin() {
  const source = new EventSource("/api/admin/stream");
  source.addEventListener("refresh", (e) => {
    const { topics } = JSON.parse((e as MessageEvent<string>).data) as { topics: string[] };
    const keys = new Set(topics.flatMap((t) => ADMIN_KEYS[t] ?? []));
    const dashboard = Date.now() - dashboardRefreshedAt > 10_000;
    if (dashboard) dashboardRefreshedAt = Date.now();
    void revalidate((key) => [...keys].some((k) => key.includes(k)) || (dashboard && key.includes("/api/admin/dashboard")));
  });
  return source;
}

function subscribe(kind: "member" | "admin", fn: Listener | null) {
  const s = streams[kind];
  const listener: Listener = fn ?? (() => undefined);
  s.listeners.add(listener);
  if (!s.source && typeof EventSource !== "undefined") s.source = kind === "member" ? openMember(s) : openAdmin();
  return () => {
    s.listeners.delete(listener);
    if (!s.listeners.size && s.source) {
      s.source.close();
      s.source = null;
    }
  };
}

/** Keeps the member's live stream open while mounted; `onNotification` hears each new notification. */
export function useMemberLive(onNotification?: Listener) {
  const handler = useRef(onNotification);
  handler.current = onNotification;
  useEffect(() => subscribe("member", (item) => handler.current?.(item)), []);
}

/** Keeps the console's live stream open while mounted. */
export function useAdminLive() {
  useEffect(() => subscribe("admin", null), []);
}
