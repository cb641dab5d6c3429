// Reconciliation on demand (admin console, CLI) and on a schedule, and what the console shows of it.
import type { z } from "zod";
import type { SyncBody } from "../contracts/reconcile";
import { storedCode, SYNC_STATUSES, SYNC_TRIGGERS } from "../contracts/enums";
import { rawDb } from "../db";
import { q } from "../db/query";
import { ApiError } from "../api/errors";
import { audit } from "../audit";
import { log } from "../log";
import { meituanClientFromEnv } from "../meituan/client";
import { beijingDay, beijingDayEnd, beijingDayStart } from "../time";
import { acquireReconcileLease, runSync, type SyncResult } from "./run";

export function syncRange(from: string, to: string, now = new Date()) {
  const end = beijingDayEnd(to);
  return { from: beijingDayStart(from), to: end > now ? now : end };
}

/** Starts a run in the background; its progress is read from sync_runs. */
export async function startSync(input: z.infer<typeof SyncBody>, actorId: string) {
  const client = meituanClientFromEnv();
  if (!client) throw new ApiError(409, "no_credentials", "未配置美团 API 凭证（MEITUAN_APP_KEY / MEITUAN_API_SECRET），无法对账");
  const raw = rawDb();
  // Taken here, before answering, so that "started" means the run really starts.
  const lease = await acquireReconcileLease(raw);
  if (!lease) throw new ApiError(409, "busy", "已有对账任务在运行，请等待其完成");
  const range = syncRange(input.from, input.to);
  await raw.transaction(() => audit({ actorId, action: "sync.run", targetType: "sync", targetId: `${input.from}..${input.to}`, after: input }));
  void runSync(raw, client, { ...range, byUpdateTime: input.byUpdateTime, trigger: "admin", actorId, lease }).then(
    (r) => log.info("reconciliation finished", { ...r }),
    (e) => log.error("reconciliation crashed", { error: e instanceof Error ? e.message : String(e) }),
  );
  return { started: true, from: range.from.toISOString(), to: range.to.toISOString() };
}

export async function listSyncRuns(limit = 20) {
  const runs = await rawDb().rows(q.selectFrom("sync_runs").selectAll().orderBy("id", "desc").limit(limit));
  return {
    configured: meituanClientFromEnv() !== null,
    items: runs.map((r) => ({
      id: r.id,
      from: r.fromAt.toISOString(),
      to: r.toAt.toISOString(),
      byUpdateTime: r.byUpdateTime,
      status: storedCode(SYNC_STATUSES, r.status),
      trigger: storedCode(SYNC_TRIGGERS, r.trigger),
      windowsDone: r.windowsDone,
      windowsTotal: r.windowsTotal,
      seen: r.seen,
      created: r.created,
      statusChanged: r.statusChanged,
      moneyChanged: r.moneyChanged,
      error: r.error,
      startedAt: r.startedAt.toISOString(),
      finishedAt: r.finishedAt?.toISOString() ?? null,
      heartbeatAt: r.heartbeatAt.toISOString(),
    })),
  };
}

export async function lastSuccessfulSync(): Promise<Date | null> {
  const r = await rawDb().row(q.selectFrom("sync_runs").select("finishedAt").where("status", "=", "done").orderBy("finishedAt", "desc").limit(1));
  return r?.finishedAt ?? null;
}

/** The scheduled run: the last `days` Beijing days up to now. */
export async function scheduledSync(days: number): Promise<SyncResult | null> {
  const client = meituanClientFromEnv();
  if (!client) return null;
  const now = new Date();
  const from = beijingDayStart(beijingDay(new Date(now.getTime() - (days - 1) * 86_400_000)));
  return runSync(rawDb(), client, { from, to: now, byUpdateTime: client.kind === "media", trigger: "schedule" });
}
