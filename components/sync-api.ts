// Reconciliation (对账) runs as GET /api/admin/sync/runs returns them, and how the console labels them.
import { beijingDay, formatBeijing } from "@/lib/time";

export type SyncStatus = "running" | "done" | "failed";

export interface SyncRun {
  id: number;
  /** ISO-8601 UTC; `to` is exclusive (the start of the next Beijing day, or the time the run was asked for). */
  from: string;
  to: string;
  byUpdateTime: boolean;
  status: SyncStatus;
  trigger: string;
  windowsDone: number;
  windowsTotal: number;
  /** Orders Meituan returned. */
  seen: number;
  /** Orders no push had brought (补单, the push gap). */
  created: number;
  statusChanged: number;
  moneyChanged: number;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
  heartbeatAt: string;
}

export interface SyncRuns {
  configured: boolean;
  items: SyncRun[];
}

export interface SyncStarted {
  started: boolean;
  from: string;
  to: string;
}

export const SYNC_STATUS_TONE: Record<string, string> = {
  running: "bg-sky-50 text-sky-700 ring-sky-200",
  done: "bg-emerald-50 text-emerald-700 ring-emerald-200",
  failed: "bg-red-50 text-red-700 ring-red-200",
};

/** A running run whose heartbeat is older than this (the lease is 2 minutes) has probably stopped with its process. */
export const STALE_HEARTBEAT_MS = 3 * 60_000;

const isBeijingMidnight = (iso: string) => formatBeijing(iso, true).endsWith("00:00:00");

/** "2026-05-01 至 2026-05-07" for whole Beijing days, otherwise the exact times. */
export function syncRangeLabel(from: string, to: string): string {
  const start = isBeijingMidnight(from) ? beijingDay(new Date(from)) : formatBeijing(from);
  const end = isBeijingMidnight(to) ? beijingDay(new Date(new Date(to).getTime() - 1)) : formatBeijing(to);
  return start === end ? start : `${start} 至 ${end}`;
}

/** "1 分 05 秒", "12 秒". */
export function durationLabel(fromIso: string, toIso: string): string {
  const s = Math.max(0, Math.round((new Date(toIso).getTime() - new Date(fromIso).getTime()) / 1000));
  if (s < 60) return `${s} 秒`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} 分 ${String(s % 60).padStart(2, "0")} 秒`;
  return `${Math.floor(m / 60)} 小时 ${String(m % 60).padStart(2, "0")} 分`;
}
