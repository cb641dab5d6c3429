// Loaded into the benchmarked server with NODE_OPTIONS="--require bench/lib/server-diag.cjs" (bench --gc-trace), so
// the server's own code stays untouched. Gathers what can hold a reply back inside the server process: GC pauses,
// the event loop's delay histogram, and loop stalls (a 10 ms timer arriving > STALL_MS late) split by the main
// thread's scheduler counters (/proc/self/task/<pid>/schedstat) into time on the CPU (work on the thread: a large
// query, a SQLite checkpoint's page copying, GC), time runnable but waiting for a core (other processes had the
// cores), and the rest: blocked in a system call (fsync, reading pages from disk). On SIGUSR2 it appends one JSON
// line (everything since the previous signal) to $BENCH_DIAG_FILE and resets.
"use strict";
const fs = require("node:fs");
const { monitorEventLoopDelay, PerformanceObserver, performance } = require("node:perf_hooks");

const file = process.env.BENCH_DIAG_FILE;
if (file) {
  const STALL_MS = 20;
  const TICK_MS = 10;
  const CAP = 20000; // bounded lists: a long run keeps the first CAP events and counts the rest
  const GC_KIND = { 1: "minor", 2: "major", 4: "incremental", 8: "weakcb" };
  const eld = monitorEventLoopDelay({ resolution: 10 });
  eld.enable();
  let gc, stalls, pauses, dropped;
  const reset = () => {
    gc = { count: 0, totalMs: 0, maxMs: 0, byKind: {} };
    stalls = [];
    pauses = [];
    dropped = { pauses: 0, stalls: 0 };
    eld.reset();
  };
  reset();
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = GC_KIND[e.detail?.kind ?? e.kind] ?? "other";
      gc.count++;
      gc.totalMs += e.duration;
      if (e.duration > gc.maxMs) gc.maxMs = e.duration;
      const k = (gc.byKind[kind] ??= { count: 0, totalMs: 0 });
      k.count++;
      k.totalMs += e.duration;
      if (e.duration >= 1) {
        if (pauses.length < CAP) pauses.push({ start: performance.timeOrigin + e.startTime, ms: e.duration, kind });
        else dropped.pauses++;
      }
    }
  }).observe({ entryTypes: ["gc"] });

  // Main thread: on-CPU and run-queue nanoseconds. Without schedstat, the process's CPU (all threads) and no run queue.
  const schedFile = `/proc/self/task/${process.pid}/schedstat`;
  const sched = () => {
    try {
      const [cpu, runq] = fs.readFileSync(schedFile, "utf8").split(" ").map(Number);
      return { cpuMs: cpu / 1e6, runqMs: runq / 1e6 };
    } catch {
      const u = process.cpuUsage();
      return { cpuMs: (u.user + u.system) / 1000, runqMs: 0 };
    }
  };
  let last = performance.now();
  let lastSched = sched();
  setInterval(() => {
    const now = performance.now();
    const s = sched();
    const gap = now - last;
    if (gap > TICK_MS + STALL_MS) {
      const cpuMs = s.cpuMs - lastSched.cpuMs;
      const runqMs = s.runqMs - lastSched.runqMs;
      const stall = { start: performance.timeOrigin + last + TICK_MS, ms: gap - TICK_MS, cpuMs, runqMs, blockedMs: Math.max(0, gap - cpuMs - runqMs) };
      if (stalls.length < CAP) stalls.push(stall);
      else dropped.stalls++;
    }
    last = now;
    lastSched = s;
  }, TICK_MS).unref();

  process.on("SIGUSR2", () => {
    const ms = (ns) => Math.round(ns / 1e4) / 100;
    const snap = {
      pid: process.pid, at: Date.now(),
      gc: { ...gc, totalMs: Math.round(gc.totalMs * 100) / 100, maxMs: Math.round(gc.maxMs * 100) / 100 },
      eventLoopDelayMs: { p50: ms(eld.percentile(50)), p99: ms(eld.percentile(99)), max: ms(eld.max), mean: ms(eld.mean) },
      stalls, pauses, dropped,
    };
    fs.appendFileSync(file, JSON.stringify(snap) + "\n");
    reset();
  });
}
