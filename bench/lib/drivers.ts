// Load drivers shared by bench/load.ts and bench/mixed.ts: Meituan pushes on a fixed schedule, and closed-loop
// readers cycling through a list of pages. Each request goes to `record` (name, start, latency, error or null).
import http from "node:http";
import { performance } from "node:perf_hooks";
import { Client, OK_BODY, PushMix, send, sleep } from "./common";

export type Recorder = (name: string, t0: number, ms: number, err: string | null) => void;
export const PUSH_ENDPOINT = "POST /api/meituan/callback";

/** Pushes at `rate` per second until `until` (performance.now()), never more than `maxInflight` outstanding. */
export async function pushDriver(port: number, mix: PushMix, until: number, rate: number, maxInflight: number, record: Recorder) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: maxInflight });
  let issued = 0;
  let inflight = 0;
  let skipped = 0; // ticks where the schedule was behind because maxInflight were outstanding
  const start = performance.now();
  const one = async () => {
    inflight++;
    const p = mix.next();
    const t = performance.now();
    const r = await send(agent, port, "POST", "/api/meituan/callback", { "content-type": "application/json", "content-length": p.body.length }, p.body);
    const ms = performance.now() - t;
    let err: string | null = null;
    if (r instanceof Error) err = `network: ${(r as NodeJS.ErrnoException).code ?? r.message}`;
    else if (r.status !== 200) err = `HTTP ${r.status}: ${r.body.slice(0, 80)}`;
    else if (r.body !== OK_BODY) err = `HTTP 200 body ${r.body.slice(0, 80)}`;
    if (!err) mix.ok(p);
    record(PUSH_ENDPOINT, t, ms, err);
    inflight--;
  };
  while (performance.now() < until) {
    const due = Math.floor(((performance.now() - start) / 1000) * rate);
    while (issued < due) {
      if (inflight >= maxInflight) {
        skipped++;
        break;
      }
      issued++;
      void one();
    }
    await sleep(5);
  }
  while (inflight > 0) await sleep(20);
  agent.destroy();
  return { issued, behindTicks: skipped, seconds: (performance.now() - start) / 1000 };
}

/**
 * Reads `endpoints` in turn (from `offset`) until `until`, pausing `thinkMs` between requests. An /api/ answer
 * must be a JSON object (holding `expectKey(path)` unless that is ""); a page must answer 200 with HTML.
 */
export async function readerDriver(client: Client, endpoints: string[], offset: number, until: number, thinkMs: number, expectKey: (p: string) => string, record: Recorder) {
  let i = offset;
  while (performance.now() < until) {
    const p = endpoints[i++ % endpoints.length];
    const t = performance.now();
    let err: string | null = null;
    try {
      const r = await client.req("GET", p);
      if (r.status !== 200) err = `HTTP ${r.status}: ${r.text.slice(0, 80)}`;
      else if (!p.startsWith("/api/")) {
        if (!r.text.includes("<html")) err = `HTTP 200 not a page: ${r.text.slice(0, 80)}`;
      } else if (r.data === undefined || r.data === null || typeof r.data !== "object" || (expectKey(p) !== "" && !(expectKey(p) in r.data))) {
        err = `HTTP 200 unexpected body: ${r.text.slice(0, 80)}`;
      }
    } catch (e) {
      err = `network: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
    }
    record(`GET ${p}`, t, performance.now() - t, err);
    if (thinkMs > 0) await sleep(thinkMs);
  }
}
