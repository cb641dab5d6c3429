// The one alert the outbox cannot carry: the database not answering. The instance that notices sends it straight
// to the robots it last read from the database (remembered at every alert evaluation), once the database has been
// away for DOWN_AFTER_MS, and a recovery message when it answers again; the incident is recorded afterwards.
import os from "node:os";
import { exec, q } from "../db/query";
import type { RawDb } from "../db/sql";
import { log } from "../log";
import { renderAlert } from "./alert-messages";
import { siteUrl } from "./delivery";
import type { Channels, RobotTarget } from "./types";

export const DOWN_AFTER_MS = 30_000;

interface AlarmState {
  downSince: number | null;
  alerted: boolean;
  robots: RobotTarget[];
}

const state = ((globalThis as unknown as { __cpsDbAlarm?: AlarmState }).__cpsDbAlarm ??= { downSince: null, alerted: false, robots: [] });

/** The robots to tell when the database goes away (read while it still answers). */
export function rememberAlarmRobots(robots: RobotTarget[]) {
  state.robots = robots;
}

async function sendAll(channels: Channels, state2: "open" | "resolved", openedAt: Date, resolvedAt: Date | null) {
  const alert = renderAlert(
    { id: 0, kind: "database_down", openValue: 1, lastValue: state2 === "open" ? 1 : 0, detail: os.hostname(), openedAt, resolvedAt },
    state2,
    siteUrl,
  );
  await Promise.all(
    state.robots.map((r) =>
      channels.sendRobot(r, alert).then(
        (res) => !res.ok && log.warn("database alarm not delivered", { robot: r.id, error: res.error }),
        (e: unknown) => log.warn("database alarm not delivered", { robot: r.id, error: e instanceof Error ? e.message : String(e) }),
      ),
    ),
  );
}

/** Called with each database probe's result (startup's heartbeat job). */
export async function noteDatabase(ok: boolean, channels: Channels, raw: RawDb, now = Date.now()): Promise<"alerted" | "recovered" | null> {
  if (!ok) {
    state.downSince ??= now;
    if (state.alerted || now - state.downSince < DOWN_AFTER_MS) return null;
    state.alerted = true;
    await sendAll(channels, "open", new Date(state.downSince), null);
    return "alerted";
  }
  const since = state.downSince;
  const alerted = state.alerted;
  state.downSince = null;
  state.alerted = false;
  if (!alerted || since === null) return null;
  await sendAll(channels, "resolved", new Date(since), new Date(now));
  await raw
    .run(() => exec(q.insertInto("alert_incidents").values({ kind: "database_down", openValue: 1, lastValue: 0, detail: os.hostname(), openedAt: new Date(since), resolvedAt: new Date(now) })))
    .catch(() => undefined);
  return "recovered";
}
