// Reconciliation: pull Meituan's orders for a range, one window (≤ 1 day) at a time, and apply each page in one
// transaction. The run's checkpoint moves after every window, so a run that died resumes where it stopped;
// a database lease makes a second run (another process, another instance) wait its turn or exit.
import { exec, q } from "../db/query";
import type { RawDb } from "../db/sql";
import { log } from "../log";
import type { UpstreamOrder } from "../meituan/client/types";
import { acquireLease, type Lease } from "../jobs/lock";
import { applyUpstreamOrders } from "./apply";

const DAY_MS = 86_400_000;
const LEASE_SECONDS = 120;

export interface OrderSource {
  /** Every upstream order in the window, a page at a time. */
  listOrders(window: { start: Date; end: Date; byUpdateTime: boolean }): AsyncIterable<UpstreamOrder[]>;
}

export interface SyncProgress {
  runId: number;
  windowsDone: number;
  windowsTotal: number;
  seen: number;
  created: number;
  statusChanged: number;
  moneyChanged: number;
}

export type SyncResult = ({ status: "done" } & SyncProgress) | { status: "busy" } | ({ status: "failed"; error: string } & SyncProgress);

export interface SyncOptions {
  from: Date;
  to: Date;
  byUpdateTime?: boolean;
  trigger: "schedule" | "admin" | "cli";
  actorId?: string | null;
  onProgress?: (p: SyncProgress) => void;
  /** Called before each page is applied: tests use it to simulate a crash mid-window. */
  beforePage?: (windowIndex: number, page: number) => void | Promise<void>;
  now?: () => Date;
  /** A lease the caller already holds (so it could answer "busy" before starting in the background). */
  lease?: Lease;
}

export const acquireReconcileLease = (raw: RawDb) => acquireLease(raw, "reconcile", LEASE_SECONDS);

function windows(from: Date, to: Date): { start: Date; end: Date }[] {
  const out: { start: Date; end: Date }[] = [];
  for (let t = from.getTime(); t < to.getTime(); t += DAY_MS) out.push({ start: new Date(t), end: new Date(Math.min(t + DAY_MS, to.getTime())) });
  return out;
}

/** Resumes an unfinished run of the same range (its process died), or starts a new one. */
async function openRun(raw: RawDb, o: SyncOptions, total: number, now: Date) {
  const byUpdateTime = o.byUpdateTime ?? false;
  const unfinished = await raw.row(
    q.selectFrom("sync_runs").selectAll()
      .where("status", "in", ["running", "failed"]).where("fromAt", "=", o.from).where("toAt", "=", o.to).where("byUpdateTime", "=", byUpdateTime)
      .orderBy("id", "desc").limit(1),
  );
  if (unfinished) {
    await raw.rows(q.updateTable("sync_runs").set({ status: "running", error: null, heartbeatAt: now }).where("id", "=", unfinished.id));
    return unfinished;
  }
  const [created] = await raw.rows(
    q.insertInto("sync_runs")
      .values({
        fromAt: o.from, toAt: o.to, byUpdateTime, status: "running", trigger: o.trigger, actorId: o.actorId ?? null, checkpointAt: o.from, windowsTotal: total,
        windowsDone: 0, seen: 0, created: 0, statusChanged: 0, moneyChanged: 0, heartbeatAt: now, startedAt: now,
      })
      .returningAll(),
  );
  return created;
}

export async function runSync(raw: RawDb, source: OrderSource, o: SyncOptions): Promise<SyncResult> {
  const now = o.now ?? (() => new Date());
  if (!(o.from < o.to)) throw new RangeError("sync range is empty");
  const lease = o.lease ?? (await acquireReconcileLease(raw));
  if (!lease) return { status: "busy" };
  const all = windows(o.from, o.to);
  const run = await openRun(raw, o, all.length, now());
  const p: SyncProgress = {
    runId: run.id,
    windowsDone: run.windowsDone,
    windowsTotal: all.length,
    seen: run.seen,
    created: run.created,
    statusChanged: run.statusChanged,
    moneyChanged: run.moneyChanged,
  };
  const checkpoint = run.checkpointAt.getTime();
  try {
    for (const [index, w] of all.entries()) {
      if (w.end.getTime() <= checkpoint) continue;
      let page = 0;
      for await (const orders of source.listOrders({ ...w, byUpdateTime: o.byUpdateTime ?? false })) {
        await o.beforePage?.(index, page++);
        if (!(await lease.renew())) throw new Error("reconciliation lease lost");
        // The counts are committed with the page, so a run that dies mid-window keeps them.
        const c = await raw.transaction(function* () {
          const counts = yield* applyUpstreamOrders(orders, now(), p.runId);
          yield* exec(
            q.updateTable("sync_runs")
              .set((eb) => ({
                seen: eb("seen", "+", counts.seen),
                created: eb("created", "+", counts.created),
                statusChanged: eb("statusChanged", "+", counts.statusChanged),
                moneyChanged: eb("moneyChanged", "+", counts.moneyChanged),
                heartbeatAt: now(),
              }))
              .where("id", "=", p.runId),
          );
          return counts;
        });
        p.seen += c.seen;
        p.created += c.created;
        p.statusChanged += c.statusChanged;
        p.moneyChanged += c.moneyChanged;
        o.onProgress?.(p);
      }
      p.windowsDone = index + 1;
      await raw.rows(q.updateTable("sync_runs").set({ checkpointAt: w.end, windowsDone: p.windowsDone, heartbeatAt: now() }).where("id", "=", p.runId));
      o.onProgress?.(p);
    }
    await raw.rows(q.updateTable("sync_runs").set({ status: "done", finishedAt: now(), heartbeatAt: now() }).where("id", "=", p.runId));
    return { status: "done", ...p };
  } catch (e) {
    const error = (e instanceof Error ? e.message : String(e)).slice(0, 1000);
    log.warn("reconciliation stopped; it resumes from its checkpoint next time", { runId: p.runId, windowsDone: p.windowsDone, error });
    await raw.rows(q.updateTable("sync_runs").set({ status: "failed", error, heartbeatAt: now() }).where("id", "=", p.runId)).catch(() => {});
    return { status: "failed", error, ...p };
  } finally {
    await lease.release().catch(() => {});
  }
}
