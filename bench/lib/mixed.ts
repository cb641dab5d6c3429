// The mixed load of bench/console.ts --mixed: Meituan pushes at a steady rate, alone and then beside console
// readers (the 30-day dashboard and a big member's pages, each from a few clients in a closed loop), alternating
// so that both kinds of phase see the same machine. What it answers: do heavy reads delay a push's reply?
import http from "node:http";
import { performance } from "node:perf_hooks";
import { OK_BODY, percentile, PushMix, round, send, sleep } from "./common";

export interface Reader {
  /** GET `path` as this reader's logged-in client; the status and the time it took. */
  get(path: string): Promise<{ status: number; ms: number }>;
  paths: string[];
}

export interface MixedOptions {
  port: number;
  sids: string[];
  secret: string;
  rate: number;
  phaseSeconds: number;
  /** How many times each phase runs (alone, with readers, alone, with readers, …). */
  rounds: number;
  readers: Reader[];
}

interface Lat {
  lat: number[];
  errors: number;
}
const lat = (): Lat => ({ lat: [], errors: 0 });

export interface MixedResult {
  pushesAlone: Summary;
  pushesWithReaders: Summary;
  readers: Record<string, Summary>;
  p99Ratio: number;
}

interface Summary {
  n: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

function summary(l: Lat): Summary {
  const s = [...l.lat].sort((a, b) => a - b);
  return { n: s.length, errors: l.errors, p50: round(percentile(s, 0.5), 1), p95: round(percentile(s, 0.95), 1), p99: round(percentile(s, 0.99), 1), max: round(s[s.length - 1] ?? NaN, 1) };
}

/** Pushes at `rate` per second for `seconds`, open loop (the next one leaves on time, whatever the last one did). */
async function pushFor(o: MixedOptions, mix: PushMix, agent: http.Agent, seconds: number, into: Lat) {
  const interval = 1000 / o.rate;
  const t0 = performance.now();
  const inFlight = new Set<Promise<void>>();
  for (let i = 0; performance.now() - t0 < seconds * 1000; i++) {
    const due = t0 + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const p = mix.next();
    const started = performance.now();
    const job = send(agent, o.port, "POST", "/api/meituan/callback", { "content-type": "application/json", "content-length": p.body.length }, p.body).then((r) => {
      if (r instanceof Error || r.status !== 200 || r.body !== OK_BODY) into.errors++;
      else {
        into.lat.push(performance.now() - started);
        mix.ok(p);
      }
    });
    inFlight.add(job);
    void job.finally(() => inFlight.delete(job));
  }
  await Promise.all(inFlight);
}

/** A reader in a closed loop over its paths until `stop`, each path's latencies apart. */
async function readUntil(r: Reader, stop: () => boolean, byPath: Map<string, Lat>) {
  for (let i = 0; !stop(); i++) {
    const path = r.paths[i % r.paths.length];
    let into = byPath.get(path);
    if (!into) byPath.set(path, (into = lat()));
    try {
      const res = await r.get(path);
      if (res.status === 200) into.lat.push(res.ms);
      else into.errors++;
    } catch {
      into.errors++;
    }
  }
}

export async function mixedLoad(o: MixedOptions, log: (line: string) => void): Promise<MixedResult> {
  const mix = new PushMix(o.sids, o.secret, "7");
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const alone = lat();
  const withReaders = lat();
  const byPath = new Map<string, Lat>();
  log(`warm-up: pushes alone for 5 s, then every reader once`);
  await pushFor(o, mix, agent, 5, lat());
  for (const r of o.readers) for (const p of r.paths) await r.get(p);
  for (let round_ = 1; round_ <= o.rounds; round_++) {
    const a = lat();
    await pushFor(o, mix, agent, o.phaseSeconds, a);
    alone.lat.push(...a.lat);
    alone.errors += a.errors;
    const b = lat();
    let stop = false;
    const reading = o.readers.map((r) => readUntil(r, () => stop, byPath));
    await pushFor(o, mix, agent, o.phaseSeconds, b);
    stop = true;
    await Promise.all(reading);
    withReaders.lat.push(...b.lat);
    withReaders.errors += b.errors;
    const sa = summary(a);
    const sb = summary(b);
    log(`round ${round_}: pushes alone p50 ${sa.p50} p99 ${sa.p99} ms | with ${o.readers.length} readers p50 ${sb.p50} p99 ${sb.p99} ms`);
  }
  agent.destroy();
  const pushesAlone = summary(alone);
  const pushesWithReaders = summary(withReaders);
  return {
    pushesAlone,
    pushesWithReaders,
    readers: Object.fromEntries([...byPath].map(([k, v]) => [k, summary(v)])),
    p99Ratio: round(pushesWithReaders.p99 / pushesAlone.p99, 2),
  };
}
