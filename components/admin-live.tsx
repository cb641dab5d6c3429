"use client";
// Keeps the console's live stream open on every console page: badges, push health and the lists refresh when
// pushes, withdrawals or alerts move, without polling or reloading.
import { useAdminLive } from "@/lib/client/live";

export function AdminLive() {
  useAdminLive();
  return null;
}
