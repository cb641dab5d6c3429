// Where heavy reads run. On SQLite every query runs synchronously on the thread it is called from, so a 200 ms
// dashboard on the main thread is 200 ms in which no push is acknowledged: `read` sends it to the read pool
// instead (lib/reads/pool.ts, READ_POOL_SIZE workers with read-only connections). A worker reads the last commit
// (WAL), so a member who just did something and reloads sees it; reads inside a write transaction stay in it
// and never come here. On PostgreSQL reads are asynchronous already: `read` calls the function in place.
import { companion, rawDb } from "../db";
import { readPoolSize, readPoolTimeoutSeconds } from "../env";
import { workerScript } from "./bundle";
import { ReadPool } from "./pool";
import { reads, shared, streams, type ReadName, type Reads, type StreamName, type Streams } from "./registry";

type Value<K extends ReadName> = Awaited<ReturnType<Reads[K]>>;

/** This database handle's pool, or null when reads run in place (PostgreSQL, or READ_POOL_SIZE=0). */
export function readPool(): ReadPool | null {
  if (rawDb().dialect !== "sqlite" || readPoolSize() === 0) return null;
  return companion("read-pool", () => new ReadPool(workerScript, readPoolSize(), readPoolTimeoutSeconds() * 1000));
}

const inFlight = new Map<string, Promise<unknown>>();

/** The read of that name (lib/reads/registry.ts) with these arguments, in the read pool when there is one. */
export function read<K extends ReadName>(name: K, ...args: Parameters<Reads[K]>): Promise<Value<K>> {
  const pool = readPool();
  if (!pool) return (reads[name] as (...a: unknown[]) => Promise<Value<K>>)(...args);
  if (!shared.has(name)) return pool.call(name, args) as Promise<Value<K>>;
  const key = JSON.stringify([name, args]);
  let pending = inFlight.get(key);
  if (!pending) {
    pending = pool.call(name, args).finally(() => inFlight.delete(key));
    inFlight.set(key, pending);
  }
  return pending as Promise<Value<K>>;
}

/** The stream of that name, produced in the read pool when there is one. */
export function readStream<K extends StreamName>(name: K, ...args: Parameters<Streams[K]>): ReadableStream<Uint8Array> {
  const pool = readPool();
  if (!pool) return (streams[name] as (...a: unknown[]) => ReadableStream<Uint8Array>)(...args);
  return pool.stream(name, args);
}
