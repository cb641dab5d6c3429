// The process-wide database handle, opened lazily from the environment; `ready()` applies migrations once per
// process. Every query goes through it: typed builders (lib/db/query.ts) run by the driver (lib/db/sql.ts).
import { dbConfig, type DbConfig } from "./config";
import { migrate } from "./migrate";
import { openRawDb, type RawDb } from "./sql";

interface Handles {
  config: DbConfig;
  raw: RawDb;
  ready?: Promise<void>;
  /** What lives as long as this handle (the read pool, lib/reads): closed with it. */
  companions: Map<string, { close(): Promise<void> }>;
}

const store = globalThis as unknown as { __cpsDb?: Handles };

function open(): Handles {
  const config = dbConfig();
  return { config, raw: openRawDb(config), companions: new Map() };
}

function handles(): Handles {
  return (store.__cpsDb ??= open());
}

export const rawDb = (): RawDb => handles().raw;
export const currentDbConfig = (): DbConfig => handles().config;

/** Applies pending migrations once per process; later calls return the same promise. */
export function ready(): Promise<void> {
  const h = handles();
  h.ready ??= migrate(h.config).then(
    () => undefined,
    (e) => {
      h.ready = undefined; // let the next request try again, e.g. once PostgreSQL is back
      throw e;
    },
  );
  return h.ready;
}

/**
 * This handle's companion of that name, made on first use from the handle's config; a new handle (a test's next
 * database) gets its own.
 */
export function companion<T extends { close(): Promise<void> }>(name: string, make: (config: DbConfig) => T): T {
  const h = handles();
  let c = h.companions.get(name) as T | undefined;
  if (!c) h.companions.set(name, (c = make(h.config)));
  return c;
}

/**
 * Makes this thread's handle a read-only connection to the database the environment names, already migrated by
 * the process that started the thread (a read pool worker, lib/reads/worker.ts).
 */
export function useReadOnlyDb() {
  const config = dbConfig();
  store.__cpsDb = { config, raw: openRawDb(config, { readonly: true }), ready: Promise.resolve(), companions: new Map() };
}

/** Closes the handle and its companions (tests and scripts). */
export async function closeDb() {
  const h = store.__cpsDb;
  store.__cpsDb = undefined;
  if (!h) return;
  await Promise.all([...h.companions.values()].map((c) => c.close()));
  await h.raw.close();
}
