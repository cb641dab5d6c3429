// Wakes the open live pages after a commit: a member's streams when rows for them were written, the console's
// when pushes, withdrawals or alerts moved. A wake carries no data — the stream reads what is new from the
// database — so a lost or spurious wake costs at most one poll interval, never a notification.
//
// On SQLite (one process) the wake stays in process. On PostgreSQL it goes through LISTEN/NOTIFY so that a push
// committed by one instance wakes the streams open on every other; the process's own wakes come back through
// its LISTEN connection like anyone's. Wakes are coalesced for a few milliseconds: a batch of 200 pushes is one
// NOTIFY.
import { EventEmitter } from "node:events";
import pg from "pg";
import { sql } from "kysely";
import { currentDbConfig, rawDb } from "../db";
import { exec } from "../db/query";
import { log } from "../log";

/** What the console's live pages refresh. */
export type AdminTopic = "pushes" | "withdrawals" | "alerts" | "orders";

interface Wake {
  members: string[];
  admin: AdminTopic[];
  /** Everyone re-reads: the LISTEN connection was lost and is back, wakes may have been missed meanwhile. */
  all?: boolean;
}

const CHANNEL = "cps_live";
const COALESCE_MS = 15;
/** NOTIFY's payload limit is 8000 bytes; beyond it a wake becomes "everyone re-reads". */
const MAX_PAYLOAD = 7_000;

interface BusState {
  emitter: EventEmitter;
  pending: { members: Set<string>; admin: Set<AdminTopic> } | null;
  listener: pg.Client | null;
  listening: boolean;
  reconnectAttempt: number;
}

// One bus per process, whatever number of copies of this module the production build bundled.
const state = ((globalThis as unknown as { __cpsLiveBus?: BusState }).__cpsLiveBus ??= {
  emitter: new EventEmitter().setMaxListeners(0),
  pending: null,
  listener: null,
  listening: false,
  reconnectAttempt: 0,
});

const isPg = () => currentDbConfig().kind === "pg";

function deliver(w: Wake) {
  if (w.all) state.emitter.emit("all");
  for (const id of w.members) state.emitter.emit(`m:${id}`);
  if (w.admin.length) state.emitter.emit("admin", w.admin);
}

function flush() {
  const p = state.pending;
  state.pending = null;
  if (!p) return;
  const wake: Wake = { members: [...p.members], admin: [...p.admin] };
  if (!isPg()) return deliver(wake);
  let payload = JSON.stringify(wake);
  if (payload.length > MAX_PAYLOAD) payload = JSON.stringify({ members: [], admin: wake.admin, all: true } satisfies Wake);
  rawDb()
    .run(() => exec(sql`SELECT pg_notify(${CHANNEL}, ${payload})`))
    .catch((e: unknown) => log.warn("live wake could not be sent (pages catch up at their next poll)", { error: e instanceof Error ? e.message : String(e) }));
}

function schedule(members: Iterable<string>, admin: Iterable<AdminTopic>) {
  if (!state.pending) {
    state.pending = { members: new Set(), admin: new Set() };
    setTimeout(flush, COALESCE_MS).unref();
  }
  for (const m of members) state.pending.members.add(m);
  for (const a of admin) state.pending.admin.add(a);
}

/** Wakes these members' open streams. Call after the rows are committed (lib/db/query.ts afterCommit). */
export const wakeMembers = (userIds: Iterable<string>) => schedule(userIds, []);

/** Wakes the console's open streams about what moved. */
export const wakeAdmins = (...topics: AdminTopic[]) => schedule([], topics);

async function listen() {
  if (state.listening) return;
  state.listening = true;
  const config = currentDbConfig();
  if (config.kind !== "pg") return;
  const client = new pg.Client({ connectionString: config.url, keepAlive: true });
  state.listener = client;
  const lost = (why: string) => {
    if (state.listener !== client) return;
    state.listener = null;
    state.listening = false;
    client.removeAllListeners();
    client.end().catch(() => undefined);
    const delay = Math.min(10_000, 500 * 2 ** state.reconnectAttempt++);
    log.warn("live LISTEN connection lost; reconnecting", { why, retryInMs: delay });
    setTimeout(() => void listen(), delay).unref();
  };
  client.on("error", (e) => lost(e.message));
  client.on("end", () => lost("connection ended"));
  client.on("notification", (n) => {
    if (n.channel !== CHANNEL || !n.payload) return;
    try {
      deliver(JSON.parse(n.payload) as Wake);
    } catch {
      // Not ours: nothing to wake.
    }
  });
  try {
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    // Wakes sent while no connection listened were missed: every open stream re-reads once.
    if (state.reconnectAttempt > 0) deliver({ members: [], admin: ["pushes", "withdrawals", "alerts", "orders"], all: true });
    state.reconnectAttempt = 0;
  } catch (e) {
    lost(e instanceof Error ? e.message : String(e));
  }
}

/** Calls `fn` whenever this member may have something new. Returns the unsubscribe. */
export function onMemberWake(userId: string, fn: () => void): () => void {
  void listen();
  state.emitter.on(`m:${userId}`, fn);
  state.emitter.on("all", fn);
  return () => {
    state.emitter.off(`m:${userId}`, fn);
    state.emitter.off("all", fn);
  };
}

/** Calls `fn` with the topics that moved, for the console's streams. Returns the unsubscribe. */
export function onAdminWake(fn: (topics: AdminTopic[]) => void): () => void {
  void listen();
  const all = () => fn(["pushes", "withdrawals", "alerts", "orders"]);
  state.emitter.on("admin", fn);
  state.emitter.on("all", all);
  return () => {
    state.emitter.off("admin", fn);
    state.emitter.off("all", all);
  };
}
