// The bench side of bench/lib/server-diag.cjs (--gc-trace): the server's environment that loads it, a snapshot per
// run (SIGUSR2, then the line it appends), and how much of a run's slowest requests' time the server spent in GC
// pauses or loop stalls — so a tail can be put down to GC, work on the server's thread, the cores being taken by
// other processes, or the thread blocked in fsync.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { processTree, ROOT, sleep } from "./common";

export interface DiagEvent {
  start: number; // epoch ms
  ms: number;
}
export interface DiagSnapshot {
  pid: number;
  gc: { count: number; totalMs: number; maxMs: number; byKind: Record<string, { count: number; totalMs: number }> };
  eventLoopDelayMs: { p50: number; p99: number; max: number; mean: number };
  stalls: (DiagEvent & { cpuMs: number; runqMs: number; blockedMs: number })[];
  pauses: (DiagEvent & { kind: string })[];
  dropped: { pauses: number; stalls: number };
}

const PRELOAD = path.join(ROOT, "bench/lib/server-diag.cjs");

/** Environment additions that make the server load the diagnostics preload, writing to `file`. */
export function diagEnv(env: NodeJS.ProcessEnv, file: string): NodeJS.ProcessEnv {
  return { ...env, BENCH_DIAG_FILE: file, NODE_OPTIONS: `${env.NODE_OPTIONS ?? ""} --require ${PRELOAD}`.trim() };
}

/**
 * Asks every process of the server's tree for its diagnostics since the previous call and returns the one that
 * did the most (next start may serve from a child); null when none answered.
 */
export async function diagSnapshot(rootPid: number, file: string): Promise<DiagSnapshot | null> {
  const before = existsSync(file) ? readFileSync(file, "utf8").length : 0;
  const pids = processTree(rootPid);
  for (const p of pids) {
    try {
      process.kill(p, "SIGUSR2");
    } catch {
      /* gone */
    }
  }
  for (let i = 0; i < 40; i++) {
    await sleep(25);
    const text = existsSync(file) ? readFileSync(file, "utf8").slice(before) : "";
    const lines = text.split("\n").filter(Boolean);
    if (lines.length >= pids.length || (lines.length && i >= 8)) {
      const snaps = lines.map((l) => JSON.parse(l) as DiagSnapshot);
      return snaps.sort((a, b) => b.gc.count + b.stalls.length - (a.gc.count + a.stalls.length))[0];
    }
  }
  return null;
}

/** The parts of [t0, t1] that events (sorted by start, none longer than `longest`) cover, as intervals. */
function covered(events: DiagEvent[], t0: number, t1: number, longest: number): [number, number][] {
  let lo = 0, hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (events[mid].start + longest < t0) lo = mid + 1;
    else hi = mid;
  }
  const out: [number, number][] = [];
  for (let i = lo; i < events.length && events[i].start <= t1; i++) {
    const a = Math.max(t0, events[i].start), b = Math.min(t1, events[i].start + events[i].ms);
    if (b > a) out.push([a, b]);
  }
  return out;
}

/** Total length of the union of intervals. */
function unionMs(xs: [number, number][]): number {
  xs.sort((a, b) => a[0] - b[0]);
  let total = 0, end = -Infinity;
  for (const [a, b] of xs) {
    if (b <= end) continue;
    total += b - Math.max(a, end);
    end = b;
  }
  return total;
}

export interface TailCauses {
  /** Requests at or above the run's p99, and their summed latency. */
  slow: number;
  slowMs: number;
  /** Shares of that time (%) the server spent in GC pauses ≥ 1 ms, and in loop stalls ≥ 20 ms by what the main thread
   * mostly did in them: on the CPU (busy: its own work — queries, SQLite checkpoints, GC), runnable but waiting for a
   * core (desched: other processes had the cores), or blocked in a system call (blocked: fsync, disk reads); other =
   * covered by none of these (a queue in the server, the database, the load generator). GC pauses are also stalls. */
  gcPct: number;
  busyPct: number;
  deschedPct: number;
  blockedPct: number;
  otherPct: number;
  gcPauseMsTotal: number;
  gcMajor: number;
  /** The run's loop stalls summed, split the same way (ms). */
  stallCpuMs: number;
  stallRunqMs: number;
  stallBlockedMs: number;
  eventLoopDelayP99Ms: number;
  eventLoopDelayMaxMs: number;
}

/** Where the requests at or above `threshold` ms (start times epoch ms, latencies ms) spent their time, by the snapshot's events. */
export function tailCauses(snap: DiagSnapshot, starts: Float64Array, lats: Float64Array, n: number, threshold: number): TailCauses {
  const byStart = <T extends DiagEvent>(xs: T[]) => xs.sort((a, b) => a.start - b.start);
  const mostly = (s: DiagSnapshot["stalls"][number]) => (s.cpuMs >= s.runqMs && s.cpuMs >= s.blockedMs ? "busy" : s.runqMs >= s.blockedMs ? "desched" : "blocked");
  const kinds = {
    gc: byStart([...snap.pauses]),
    busy: byStart(snap.stalls.filter((s) => mostly(s) === "busy")),
    desched: byStart(snap.stalls.filter((s) => mostly(s) === "desched")),
    blocked: byStart(snap.stalls.filter((s) => mostly(s) === "blocked")),
  };
  const longest = Object.fromEntries(Object.entries(kinds).map(([k, xs]) => [k, xs.reduce((m, x) => Math.max(m, x.ms), 0)])) as Record<keyof typeof kinds, number>;
  const ms = { gc: 0, busy: 0, desched: 0, blocked: 0 };
  let slow = 0, slowMs = 0, anyMs = 0;
  for (let i = 0; i < n; i++) {
    if (lats[i] < threshold) continue;
    slow++;
    slowMs += lats[i];
    const [t0, t1] = [starts[i], starts[i] + lats[i]];
    const all: [number, number][] = [];
    for (const k of Object.keys(kinds) as (keyof typeof kinds)[]) {
      const c = covered(kinds[k], t0, t1, longest[k]);
      ms[k] += unionMs(c);
      all.push(...c);
    }
    anyMs += unionMs(all);
  }
  const pct = (x: number) => (slowMs ? Math.round((1000 * x) / slowMs) / 10 : 0);
  const sum = (f: (s: DiagSnapshot["stalls"][number]) => number) => Math.round(snap.stalls.reduce((a, s) => a + f(s), 0));
  return {
    slow, slowMs: Math.round(slowMs), gcPct: pct(ms.gc), busyPct: pct(ms.busy), deschedPct: pct(ms.desched), blockedPct: pct(ms.blocked), otherPct: pct(slowMs - anyMs),
    gcPauseMsTotal: Math.round(snap.gc.totalMs), gcMajor: snap.gc.byKind.major?.count ?? 0,
    stallCpuMs: sum((s) => s.cpuMs), stallRunqMs: sum((s) => s.runqMs), stallBlockedMs: sum((s) => s.blockedMs),
    eventLoopDelayP99Ms: snap.eventLoopDelayMs.p99, eventLoopDelayMaxMs: snap.eventLoopDelayMs.max,
  };
}
