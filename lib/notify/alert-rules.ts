// When an operator alert opens: the thresholds (the console edits them; these are the defaults) and the condition
// of each alert kind, as a figure compared with its threshold. An incident opens when its figure reaches the
// threshold and resolves when it falls back below it, so one incident is one message and one resolution.
import { sql } from "kysely";
import { exec, first, q, type Work } from "../db/query";
import type { AlertKind } from "../contracts/enums";
import type { Selectable } from "kysely";
import type { DB } from "../db/query";

export type AlertThresholds = Omit<Selectable<DB["alert_settings"]>, "id" | "updatedAt">;

export const DEFAULT_THRESHOLDS: AlertThresholds = {
  // Forged or misconfigured pushes: this many refused signatures within 10 minutes.
  signatureFailures: 20,
  // Pushes whose processing failed and wait for the retry job.
  failedPushes: 1,
  // No push at all for this many hours, counted only in the Beijing daytime (08:00–23:00).
  silenceHours: 3,
  // Withdrawal requests waiting for review.
  withdrawalsWaiting: 20,
  // Consecutive failed runs of one background job.
  jobFailures: 3,
};

export function* alertThresholds(): Work<AlertThresholds> {
  const row = yield* first(q.selectFrom("alert_settings").selectAll().where("id", "=", 1));
  if (!row) return DEFAULT_THRESHOLDS;
  const { id: _id, updatedAt: _at, ...t } = row;
  return t;
}

export interface Reading {
  kind: AlertKind;
  /** The figure now (failures, pushes, hours, requests …). */
  value: number;
  /** Whether it holds: value ≥ threshold, where the kind applies now. */
  holds: boolean;
  /** Whether an open incident resolves: usually when it no longer holds. */
  resolves: boolean;
  detail: string | null;
}

const BEIJING_OFFSET_MS = 8 * 3600_000;
const beijingHour = (at: Date) => new Date(at.getTime() + BEIJING_OFFSET_MS).getUTCHours();

/** Reads every database-backed alert's figure. `jobFailures`: consecutive failures per job name, in this instance. */
export function* readAlerts(now: Date, t: AlertThresholds, jobFailures: Record<string, number>): Work<Reading[]> {
  const tenMinutesAgo = new Date(now.getTime() - 10 * 60_000);
  // Refused requests of the last 10 minutes: from the first push of the window on, a range of the (outcome, id)
  // index — not every push of the window, which at hundreds a second would be a scan.
  const windowStart = yield* first(q.selectFrom("inbox_pushes").select("id").where("receivedAt", ">=", tenMinutesAgo).orderBy("receivedAt").limit(1));
  const refused = windowStart
    ? yield* first(q.selectFrom("inbox_pushes").select(sql<number>`count(*)`.as("n")).where("outcome", "=", "rejected").where("id", ">=", windowStart.id).where("signatureValid", "=", false))
    : { n: 0 };
  const failed = yield* first(q.selectFrom("inbox_pushes").select(sql<number>`count(*)`.as("n")).where("outcome", "=", "failed"));
  const lastPush = yield* first(q.selectFrom("inbox_pushes").select("receivedAt").where("signatureValid", "=", true).orderBy("receivedAt", "desc").limit(1));
  const lastRun = yield* first(q.selectFrom("sync_runs").select(["id", "created", "finishedAt"]).where("status", "=", "done").orderBy("id", "desc").limit(1));
  const waiting = yield* first(q.selectFrom("withdrawals").select(sql<number>`count(*)`.as("n")).where("status", "=", "pending"));

  const hoursSilent = lastPush ? Math.floor((now.getTime() - new Date(lastPush.receivedAt).getTime()) / 3600_000) : 0;
  const daytime = beijingHour(now) >= 8 && beijingHour(now) < 23;
  const worstJob = Object.entries(jobFailures).sort((a, b) => b[1] - a[1])[0];
  const readings: Omit<Reading, "resolves">[] = [
    { kind: "signature_failures", value: Number(refused?.n ?? 0), holds: Number(refused?.n ?? 0) >= t.signatureFailures, detail: null },
    { kind: "failed_pushes", value: Number(failed?.n ?? 0), holds: Number(failed?.n ?? 0) >= t.failedPushes, detail: null },
    // At night a quiet hour is normal: the alert neither opens nor resolves then; it resolves when a push comes.
    { kind: "push_silence", value: hoursSilent, holds: lastPush ? hoursSilent >= t.silenceHours && (daytime || hoursSilent >= t.silenceHours + 8) : false, detail: lastPush ? new Date(lastPush.receivedAt).toISOString() : null },
    { kind: "push_gap", value: lastRun?.created ?? 0, holds: (lastRun?.created ?? 0) > 0, detail: lastRun ? String(lastRun.id) : null },
    { kind: "withdrawals_waiting", value: Number(waiting?.n ?? 0), holds: Number(waiting?.n ?? 0) >= t.withdrawalsWaiting, detail: null },
    { kind: "job_failing", value: worstJob?.[1] ?? 0, holds: (worstJob?.[1] ?? 0) >= t.jobFailures, detail: worstJob?.[0] ?? null },
  ];
  // Silence resolves when pushes come again, not when night falls.
  return readings.map((r) => ({ ...r, resolves: r.kind === "push_silence" ? r.value < t.silenceHours : !r.holds }));
}
