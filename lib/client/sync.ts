// How the console shows a reconciliation (对账) run: its range of Beijing days and how long it took.
import { beijingDay, formatBeijing } from "@/lib/time";

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
