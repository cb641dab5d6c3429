// The console's view of operator alerts: thresholds (saved with their audit row), open and recent incidents in
// the words the robots received, and the deliveries' state.
import type { z } from "zod";
import { rawDb } from "../db";
import { exec, first, q, type Work } from "../db/query";
import { audit } from "../audit";
import { ALERT_KINDS, storedCode } from "../contracts/enums";
import type { AlertsOverview, AlertThresholdsBody, Incident } from "../contracts/alerts";
import { alertThresholds } from "../notify/alert-rules";
import { renderAlert } from "../notify/alert-messages";
import { deliveryCounts, siteUrl } from "../notify/delivery";

const RECENT = 20;

function* incidents(open: boolean): Work<Incident[]> {
  let query = q.selectFrom("alert_incidents").selectAll().orderBy("id", "desc").limit(open ? 50 : RECENT);
  query = open ? query.where("resolvedAt", "is", null) : query.where("resolvedAt", "is not", null);
  return (yield* exec(query)).map((i) => {
    const kind = storedCode(ALERT_KINDS, i.kind);
    const text = renderAlert({ ...i, kind }, open ? "open" : "resolved", siteUrl);
    return {
      id: i.id, kind, title: text.title, body: text.body, openValue: i.openValue, lastValue: i.lastValue,
      openedAt: i.openedAt.toISOString(), resolvedAt: i.resolvedAt ? i.resolvedAt.toISOString() : null,
    };
  });
}

export async function alertsOverview(): Promise<AlertsOverview> {
  return rawDb().run(function* () {
    const counts = yield* deliveryCounts();
    return {
      thresholds: yield* alertThresholds(),
      open: yield* incidents(true),
      recent: yield* incidents(false),
      deliveries: { pending: counts.pending ?? 0, sent: counts.sent ?? 0, failed: counts.failed ?? 0, dropped: counts.dropped ?? 0 },
    };
  });
}

export async function saveAlertThresholds(input: z.infer<typeof AlertThresholdsBody>, actorId: string, now = new Date()): Promise<AlertsOverview> {
  await rawDb().transaction(function* () {
    const before = yield* alertThresholds();
    const existing = yield* first(q.selectFrom("alert_settings").select("id").where("id", "=", 1).forUpdate());
    if (existing) yield* exec(q.updateTable("alert_settings").set({ ...input, updatedAt: now }).where("id", "=", 1));
    else yield* exec(q.insertInto("alert_settings").values({ id: 1, ...input, updatedAt: now }));
    yield* audit({ actorId, action: "alerts.settings", targetType: "alerts", targetId: "thresholds", before, after: input }, now);
  });
  return alertsOverview();
}
