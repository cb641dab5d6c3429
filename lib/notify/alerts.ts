// Operator alerts: evaluates each alert's condition (lib/notify/alert-rules.ts) and keeps one incident per kind:
// opened once when the condition starts to hold, resolved once when it stops. Opening and resolving queue one
// delivery per robot that takes the kind, in the same transaction, so the delivery job sends each exactly once.
import { afterCommit, exec, q, type Work } from "../db/query";
import { ALERT_KINDS, storedCode, type AlertKind } from "../contracts/enums";
import { wakeAdmins } from "../live/bus";
import type { RawDb } from "../db/sql";
import { alertThresholds, readAlerts, type Reading } from "./alert-rules";
import type { Channels } from "./types";

/** Queues the message of an incident's opening or resolution to every robot that takes its kind. */
export function* queueAlert(channels: Channels, incidentId: number, kind: AlertKind, state: "open" | "resolved", now: Date): Work<number> {
  const robots = yield* channels.robotsFor(kind);
  if (!robots.length) return 0;
  yield* exec(
    q.insertInto("notification_deliveries")
      .values(robots.map((r) => ({
        dedupeKey: `i${incidentId}:${state}:robot:${r.id}`, incidentId, incidentState: state, channel: "robot", targetKey: String(r.id), status: "pending", attempts: 0, nextAttemptAt: now, createdAt: now,
      })))
      .onConflict((oc) => oc.column("dedupeKey").doNothing()),
  );
  return robots.length;
}

export interface AlertChanges {
  opened: AlertKind[];
  resolved: AlertKind[];
}

/**
 * One evaluation; run by one instance at a time (the caller holds the "alerts" lease). The figures are read
 * outside any transaction (on SQLite a transaction holds the only write lock, which the pushes need), then the
 * incidents change in one short transaction.
 */
export async function runAlerts(raw: RawDb, channels: Channels, now: Date, jobFailures: Record<string, number>): Promise<AlertChanges> {
  const readings = await raw.run(function* () {
    return yield* readAlerts(now, yield* alertThresholds(), jobFailures);
  });
  return raw.transaction(() => applyReadings(channels, now, readings));
}

function* applyReadings(channels: Channels, now: Date, readings: Reading[]): Work<AlertChanges> {
  const open = new Map(
    (yield* exec(q.selectFrom("alert_incidents").select(["id", "kind"]).where("resolvedAt", "is", null).where("kind", "!=", "database_down").forUpdate())).map((i) => [storedCode(ALERT_KINDS, i.kind), i.id]),
  );
  const changes: AlertChanges = { opened: [], resolved: [] };
  for (const r of readings) {
    const id = open.get(r.kind);
    if (id === undefined && r.holds) {
      const [created] = yield* exec(
        q.insertInto("alert_incidents").values({ kind: r.kind, openValue: r.value, lastValue: r.value, detail: r.detail, openedAt: now }).returning("id"),
      );
      yield* queueAlert(channels, created.id, r.kind, "open", now);
      changes.opened.push(r.kind);
    } else if (id !== undefined && r.resolves) {
      yield* exec(q.updateTable("alert_incidents").set({ resolvedAt: now, lastValue: r.value }).where("id", "=", id));
      yield* queueAlert(channels, id, r.kind, "resolved", now);
      changes.resolved.push(r.kind);
    } else if (id !== undefined) {
      yield* exec(q.updateTable("alert_incidents").set({ lastValue: r.value }).where("id", "=", id));
    }
  }
  if (changes.opened.length || changes.resolved.length) yield* afterCommit(() => wakeAdmins("alerts"));
  return changes;
}
