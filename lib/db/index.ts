// The process-wide database handle, opened lazily from the environment; `ready()` applies migrations once per
// process. Every query goes through it: typed builders (lib/db/query.ts) run by the driver (lib/db/sql.ts).
import { dbConfig, type DbConfig } from "./config";
import { migrate } from "./migrate";
import { openRawDb, type RawDb } from "./sql";

interface Handles {
  config: DbConfig;
  raw: RawDb;
  ready?: Promise<void>;
}

const store = globalThis as unknown as { __cpsDb?: Handles };

function open(): Handles {
  const config = dbConfig();
  return { config, raw: openRawDb(config) };
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

/** Closes the handle (tests and scripts). */
export async function closeDb() {
  const h = store.__cpsDb;
  store.__cpsDb = undefined;
  if (h) await h.raw.close();
}
