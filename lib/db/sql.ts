// The drivers: each runs a unit of work (lib/db/query.ts) on its database — synchronously on better-sqlite3 (no
// other JavaScript can interleave with an open SQLite transaction) and asynchronously on PostgreSQL — compiling
// every typed query for its dialect and decoding values to the types the schema declares.
import Database from "better-sqlite3";
import pg from "pg";
import type { DbConfig } from "./config";
import { Pending } from "./pending";
import {
  compile, exec, first, isAfterCommit, isDialectRequest, isParallel, isPrepared, isTally, type Compiled, type Dialect, type Outcome, type Parallel, type Prepared,
  type Query, type Request, type Rows, type Work,
} from "./query";

/** A row as the driver returns it, before it is decoded to the query's result type. */
type DriverRow = Record<string, unknown>;

export interface RawDb {
  readonly dialect: Dialect;
  /** Runs the work in one transaction (BEGIN IMMEDIATE on SQLite, row locks on PostgreSQL). */
  transaction<T>(work: () => Work<T>): Promise<T>;
  /** Runs the work without a transaction: each statement commits on its own. */
  run<T>(work: () => Work<T>): Promise<T>;
  /** One statement on its own (a read, or a write that needs no transaction): its rows. */
  rows<Q extends Query | Prepared<Query>>(query: Q): Promise<Rows<Q>>;
  /** One statement on its own: its first row, if any. */
  row<Q extends Query | Prepared<Query>>(query: Q): Promise<Rows<Q>[number] | undefined>;
  close(): Promise<void>;
}

/** `rows` and `row` for both drivers, on top of `run`. */
abstract class Runner {
  abstract run<T>(work: () => Work<T>): Promise<T>;
  rows<Q extends Query | Prepared<Query>>(query: Q): Promise<Rows<Q>> {
    return this.run(() => exec(query));
  }
  row<Q extends Query | Prepared<Query>>(query: Q): Promise<Rows<Q>[number] | undefined> {
    return this.run(() => first(query));
  }
}


/** What a driver does with each request of a unit of work. */
interface Executor {
  dialect: Dialect;
  statement(c: Compiled): Outcome | Promise<Outcome>;
  /** Sends the statements `send` issues (synchronously) in one write to the server, where a connection allows it. */
  round?<T>(send: () => T): T;
}

/** What the work asked for at its commit (lib/db/query.ts afterCommit, tally), collected while it runs. */
type Deferred = Pending;

function runDeferred(deferred: Deferred) {
  for (const fn of deferred.afterCommit) {
    try {
      fn();
    } catch {
      // A wake-up that failed costs a live page a few seconds (it polls too); it must not fail a commit.
    }
  }
}

/** Answers a request that needs no database (the dialect, an after-commit effect, a tally); `NEEDS_DB` otherwise. */
function answerLocally(r: Request, x: Executor, deferred: Deferred): unknown {
  if (isDialectRequest(r)) return x.dialect;
  if (isAfterCommit(r)) {
    deferred.afterCommit.push(r.run);
    return undefined;
  }
  if (isTally(r)) {
    deferred.tally(r);
    return undefined;
  }
  return NEEDS_DB;
}
const NEEDS_DB = Symbol("needs the database");

/** Runs a statement; savepoints (which reach the driver as text) are followed for the transaction's tallies. */
function statement(r: Query | Prepared<Query>, x: Executor, deferred: Deferred): Outcome | Promise<Outcome> {
  if (isPrepared(r)) return x.statement(r.compile(x.dialect));
  const c = compile(r, x.dialect);
  const outcome = x.statement(c);
  if (outcome instanceof Promise) return outcome.then((o) => (deferred.ran(c.sql), o));
  deferred.ran(c.sql);
  return outcome;
}

function answer(r: Request, x: Executor, deferred: Deferred) {
  const local = answerLocally(r, x, deferred);
  if (local !== NEEDS_DB) return local;
  if (isParallel(r)) return r.works.map((w) => drive(w(), x, deferred));
  return statement(r as Query | Prepared<Query>, x, deferred);
}

// Prisma's SQLite adapter stores DateTime as ISO-8601 text with "+00:00"; write exactly that so both agree.
const sqliteValue = (v: unknown) =>
  v instanceof Date ? v.toISOString().replace("Z", "+00:00") : typeof v === "boolean" ? (v ? 1 : 0) : v === undefined ? null : v;
const pgValue = (v: unknown) => (v instanceof Date ? v.toISOString() : v === undefined ? null : v);


// SQLite keeps DateTime as ISO-8601 text and Boolean as 0/1; typed queries get Date and boolean back, decided by
// each result column's declared type (expressions have none and come back as SQLite gives them).
function rowDecoder(columns: Database.ColumnDefinition[]): ((row: DriverRow) => void) | undefined {
  const dates = columns.filter((c) => c.type === "DATETIME").map((c) => c.name);
  const bools = columns.filter((c) => c.type === "BOOLEAN").map((c) => c.name);
  if (!dates.length && !bools.length) return undefined;
  return (row) => {
    for (const k of dates) if (typeof row[k] === "string") row[k] = new Date(row[k] as string);
    for (const k of bools) if (typeof row[k] === "number" || typeof row[k] === "bigint") row[k] = row[k] !== 0 && row[k] !== 0n;
  };
}

function drive<T>(work: Work<T>, x: Executor, deferred: Deferred): T {
  let step = work.next();
  while (!step.done) {
    let result: unknown;
    try {
      result = answer(step.value, x, deferred);
    } catch (e) {
      step = work.throw(e);
      continue;
    }
    step = work.next(result);
  }
  return step.value;
}

/** PostgreSQL's transaction aborts at its first error, and every statement after it fails with this code. */
const ABORTED = "25P02";

/**
 * Drives the works of an `inParallel` request in lockstep: each round runs every work up to its next statement and
 * sends those statements together (the connection pipelines them: one round trip), in the works' order, which is
 * the order the server executes them in. The first error ends them all.
 */
async function driveLockstep(p: Parallel, x: Executor, deferred: Deferred): Promise<unknown[]> {
  const works = p.works.map((w) => w());
  const results: unknown[] = new Array(works.length);
  const steps = works.map((w) => w.next());
  try {
    for (;;) {
      const round: number[] = [];
      for (let i = 0; i < works.length; i++) {
        let step = steps[i];
        for (;;) {
          if (step.done) break;
          if (isParallel(step.value)) throw new Error("inParallel cannot be nested");
          const local = answerLocally(step.value, x, deferred);
          if (local === NEEDS_DB) break;
          step = works[i].next(local);
        }
        steps[i] = step;
        if (step.done) results[i] = step.value;
        else round.push(i);
      }
      if (!round.length) return results;
      const send = () => round.map((i) => statement(steps[i].value as Query | Prepared<Query>, x, deferred));
      const outcomes = await Promise.allSettled(x.round ? x.round(send) : send());
      const failures = outcomes.flatMap((o) => (o.status === "rejected" ? [o.reason as unknown] : []));
      if (failures.length) throw failures.find((e) => (e as { code?: string }).code !== ABORTED) ?? failures[0];
      round.forEach((i, k) => (steps[i] = works[i].next((outcomes[k] as PromiseFulfilledResult<Outcome>).value)));
    }
  } catch (e) {
    for (const w of works) {
      try {
        w.return(undefined);
      } catch {
        // the first error is the one to report
      }
    }
    throw e;
  }
}

async function driveAsync<T>(work: Work<T>, x: Executor, deferred: Deferred): Promise<T> {
  let step = work.next();
  while (!step.done) {
    let result: unknown;
    try {
      result = isParallel(step.value) ? await driveLockstep(step.value, x, deferred) : await answer(step.value, x, deferred);
    } catch (e) {
      step = work.throw(e);
      continue;
    }
    step = work.next(result);
  }
  return step.value;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const isBusy = (e: unknown) => typeof e === "object" && e !== null && String((e as { code?: string }).code).startsWith("SQLITE_BUSY");

/**
 * A round of pipelined statements in one write: pg writes each statement's messages to the socket as it is
 * submitted (one writev each, 13 % of the server's CPU on the push path); corked, the round leaves in one. The
 * connection's socket is not in pg's types.
 */
const corked = (client: pg.PoolClient) => <T>(send: () => T): T => {
  const socket = (client as unknown as { connection: { stream: { cork(): void; uncork(): void } } }).connection.stream;
  socket.cork();
  try {
    return send();
  } finally {
    socket.uncork();
  }
};

class SqliteDb extends Runner implements RawDb {
  readonly dialect = "sqlite" as const;
  private readonly db: Database.Database;
  private readonly cache = new Map<string, { stmt: Database.Statement; decode?: (row: DriverRow) => void }>();

  /**
   * `readonly`: a reader beside the writer's connection (the read pool's workers, lib/reads): WAL lets it read
   * the last commit while the writer writes; it cannot write, and its transactions are plain snapshots.
   */
  constructor(file: string, readonly = false) {
    super();
    this.db = new Database(file, { timeout: 0, readonly, fileMustExist: readonly });
    if (!readonly) {
      this.db.pragma("journal_mode = WAL");
      this.db.pragma("synchronous = FULL");
      this.db.pragma("foreign_keys = ON");
      // Planner statistics, cheaply (bounded sampling): without them some member queries pick the wrong index.
      this.db.pragma("analysis_limit = 1000");
      this.db.pragma("optimize = 0x10002");
    }
    this.control = { begin: this.db.prepare(readonly ? "BEGIN" : "BEGIN IMMEDIATE"), commit: this.db.prepare("COMMIT"), rollback: this.db.prepare("ROLLBACK") };
  }

  /** The transaction's own statements, prepared once: every push batch runs them. */
  private readonly control: Record<"begin" | "commit" | "rollback", Database.Statement>;

  private readonly executor: Executor = { dialect: "sqlite", statement: (c) => this.execute(c) };

  private execute(c: Compiled): Outcome {
    let prepared = this.cache.get(c.sql);
    if (!prepared) {
      const stmt = this.db.prepare(c.sql);
      prepared = { stmt, decode: stmt.reader ? rowDecoder(stmt.columns()) : undefined };
      if (this.cache.size > 500) this.cache.clear();
      this.cache.set(c.sql, prepared);
    }
    const params = c.params.map(sqliteValue);
    if (prepared.stmt.reader) {
      const rows = prepared.stmt.all(...params) as DriverRow[];
      if (prepared.decode) for (const row of rows) prepared.decode(row);
      return { rows, changes: rows.length };
    }
    const info = prepared.stmt.run(...params);
    return { rows: [], changes: info.changes };
  }

  async transaction<T>(work: () => Work<T>): Promise<T> {
    // The busy timeout is 0 so that waiting for another writer never blocks the event loop; retry instead.
    for (let attempt = 0; ; attempt++) {
      try {
        this.control.begin.run();
        break;
      } catch (e) {
        if (!isBusy(e) || attempt >= 100) throw e;
        await sleep(Math.min(50, 1 + attempt * 2));
      }
    }
    const deferred = new Pending();
    try {
      const result = drive(work(), this.executor, deferred);
      drive(deferred.flush(), this.executor, deferred);
      this.control.commit.run();
      runDeferred(deferred);
      return result;
    } catch (e) {
      if (this.db.inTransaction) this.control.rollback.run();
      throw e;
    }
  }

  async run<T>(work: () => Work<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const deferred = new Pending();
      try {
        const result = drive(work(), this.executor, deferred);
        drive(deferred.flush(), this.executor, deferred);
        runDeferred(deferred);
        return result;
      } catch (e) {
        if (!isBusy(e) || attempt >= 100) throw e;
        await sleep(Math.min(50, 1 + attempt * 2));
      }
    }
  }



  async close() {
    this.db.close();
  }
}

/**
 * Connections per instance: transactions (the push and click writers' batches, every write) have a pool of their
 * own, and statements outside a transaction (reads) another, so that a burst of console and member reads — a
 * member's summary alone sends 8 queries at once — never leaves a push batch waiting for a connection.
 */
const WRITE_CONNECTIONS = 10;
const READ_CONNECTIONS = 5;

class PgDb extends Runner implements RawDb {
  readonly dialect = "pg" as const;
  /** Transactions. */
  readonly pool: pg.Pool;
  /** Statements outside a transaction. */
  private readonly readers: pg.Pool;

  constructor(url: string) {
    super();
    this.pool = PgDb.newPool(url, WRITE_CONNECTIONS, 5_000);
    // A read waits longer for a connection than a push (which is better refused and retried by Meituan).
    this.readers = PgDb.newPool(url, READ_CONNECTIONS, 15_000);
  }

  private static newPool(url: string, max: number, connectionTimeoutMillis: number): pg.Pool {
    const pool = new pg.Pool({
      connectionString: url,
      max,
      // Statements sent without waiting for the previous one's reply (inParallel's rounds); a connection used one
      // statement at a time behaves as before. The hot path's statements (lib/db/query.ts prepare) are named
      // prepared statements, which a transaction-mode pooler keeps per server connection since PgBouncer 1.21
      // (max_prepared_statements > 0); everything else is unnamed.
      pipeline: true,
      connectionTimeoutMillis,
      // A push must fail (and be retried by Meituan) rather than hang behind a lock.
      lock_timeout: 5000,
      statement_timeout: 30_000,
      // A silent network (no reset) must not hang a push for minutes: give up client-side, answer 503.
      query_timeout: 8_000,
      keepAlive: true,
      types: {
        getTypeParser: ((oid: number, format?: string) => {
          // timestamp without time zone holds UTC (Prisma's convention); bigint counts fit in a double.
          if (oid === 1114) return (s: string) => new Date(s.replace(" ", "T") + "Z");
          if (oid === 20) return (s: string) => Number(s);
          return pg.types.getTypeParser(oid, format as "text");
        }) as typeof pg.types.getTypeParser,
      },
    });
    pool.on("error", () => {
      // An idle client lost its connection (database restarted); the pool replaces it on next use.
    });
    return pool;
  }

  private executorOn = (client: pg.PoolClient | pg.Pool): Executor => ({
    dialect: "pg",
    statement: async (c) => {
      // A named statement is parsed and planned once per connection, then only bound and executed.
      const res = await (c.name ? client.query({ name: c.name, text: c.sql, values: c.params.map(pgValue) }) : client.query(c.sql, c.params.map(pgValue)));
      return { rows: res.rows, changes: res.rowCount ?? 0 };
    },
    ...(client instanceof pg.Pool ? {} : { round: corked(client) }),
  });

  /** Which stripes of shared summary rows this instance's open transactions add to (see DayRollup in the schema). */
  private readonly stripesInUse: boolean[] = [];

  async transaction<T>(work: () => Work<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    let stripe = this.stripesInUse.indexOf(false);
    if (stripe < 0) stripe = this.stripesInUse.length;
    this.stripesInUse[stripe] = true;
    const deferred = new Pending(stripe);
    try {
      await client.query("BEGIN");
      const executor = this.executorOn(client);
      const result = await driveAsync(work(), executor, deferred);
      await driveAsync(deferred.flush(), executor, deferred);
      await client.query("COMMIT");
      runDeferred(deferred);
      return result;
    } catch (e) {
      // After a client-side timeout the connection may be silent too: drop it instead of waiting on a ROLLBACK
      // (the server rolls back when the connection goes).
      if (e instanceof Error && /timeout/i.test(e.message)) broken = e;
      else await client.query("ROLLBACK").catch((err: Error) => (broken = err));
      throw e;
    } finally {
      this.stripesInUse[stripe] = false;
      client.release(broken);
    }
  }

  async run<T>(work: () => Work<T>): Promise<T> {
    const deferred = new Pending();
    const executor = this.executorOn(this.readers);
    const result = await driveAsync(work(), executor, deferred);
    await driveAsync(deferred.flush(), executor, deferred);
    runDeferred(deferred);
    return result;
  }


  async close() {
    await Promise.all([this.pool.end(), this.readers.end()]);
  }
}

export function openRawDb(config: DbConfig, options: { readonly?: boolean } = {}): RawDb {
  return config.kind === "pg" ? new PgDb(config.url) : new SqliteDb(config.file, options.readonly);
}

export type { SqliteDb, PgDb };
