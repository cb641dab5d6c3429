// The one way to write SQL. Queries are Kysely builders typed from prisma/models.prisma (prisma-kysely writes
// generated/kysely/types.ts), used only as a compiler: a unit of work yields them and the driver of the
// database at hand (lib/db/sql.ts) compiles and executes them. That keeps the generator units of work — one
// code path, synchronous on better-sqlite3, asynchronous on PostgreSQL — and makes a renamed column a type error.
//
// Row locks are written with the builder (`.forUpdate()`, `.skipLocked()`); the SQLite compiler leaves them out
// because a SQLite transaction already holds the only write lock.
import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteQueryCompiler,
  type CompiledQuery,
  type Compilable,
  type InferResult,
  type RawBuilder,
  type RootOperationNode,
  type SelectQueryNode,
} from "kysely";
import { createHash } from "node:crypto";
import type { DB } from "@/generated/kysely/types";

export type { DB };
export type Dialect = "sqlite" | "pg";

/** The query builder. It never connects: `exec` hands its queries to the driver of the transaction at hand. */
export const q = new Kysely<DB>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

/** Anything Kysely can compile: a query builder or a `sql` template (whose compile takes an executor we never use). */
export interface Query<O = unknown> {
  toOperationNode(): RootOperationNode | { kind: string };
  compile(...executor: never[]): CompiledQuery<O>;
}

/** The rows a query returns: a builder's inferred result, or the row type a `sql<Row>` template names. */
type ResultOf<Q> = Q extends Compilable<unknown> ? InferResult<Q> : Q extends RawBuilder<infer O> ? O[] : never;

const LOCKS = new Set(["ForUpdate", "ForShare", "ForNoKeyUpdate", "ForKeyShare", "NoWait", "SkipLocked"]);

class SqliteCompiler extends SqliteQueryCompiler {
  protected override visitSelectQuery(node: SelectQueryNode): void {
    const endModifiers = node.endModifiers?.filter((m) => !m.modifier || !LOCKS.has(m.modifier));
    super.visitSelectQuery(endModifiers === node.endModifiers ? node : { ...node, endModifiers });
  }
}

const compilers = { sqlite: new SqliteCompiler(), pg: new PostgresQueryCompiler() };
const QUERY_ID = { queryId: "" };

export interface Compiled {
  sql: string;
  params: readonly unknown[];
  /** A statement of the hot path (`prepare`): the name it is prepared under on a PostgreSQL connection. */
  name?: string;
}

export function compile(query: Query, dialect: Dialect): Compiled {
  const c = compilers[dialect].compileQuery(query.toOperationNode() as RootOperationNode, QUERY_ID);
  return { sql: c.sql, params: c.parameters };
}

// ------------------------------------------------------------------------------------------ prepared statements

/** Named by its text, so every copy of this module (a production build bundles it more than once) agrees. */
const named = (c: Compiled): Compiled => ({ ...c, name: `p_${createHash("sha1").update(c.sql).digest("base64url").slice(0, 20)}` });

class Slot {
  constructor(readonly name: string) {}
}

/**
 * A statement compiled once per dialect, for the hot path: `build` receives placeholders standing for the
 * parameters, and each call fills them in, so a push pays no query building or compiling.
 */
export function prepare<P extends object>() {
  return <Q extends Query>(build: (p: P) => Q) => {
    const slots = new Proxy({}, { get: (_, name) => new Slot(String(name)) }) as P;
    const query = build(slots);
    const byDialect: Partial<Record<Dialect, Compiled>> = {};
    return (params: P): Prepared<Q> => ({
      kind: "prepared",
      compile(dialect: Dialect) {
        const c = (byDialect[dialect] ??= named(compile(query, dialect)));
        return { sql: c.sql, name: c.name, params: c.params.map((v) => (v instanceof Slot ? (params as Record<string, unknown>)[v.name] : v)) };
      },
      result: undefined as unknown as ResultOf<Q>,
    });
  };
}

export interface Prepared<Q extends Query> {
  kind: "prepared";
  compile(dialect: Dialect): Compiled;
  /** Type carrier only. */
  result: ResultOf<Q>;
}

// ------------------------------------------------------------------------------------------ units of work

const DIALECT = { kind: "dialect" } as const;

/** Something to do once the transaction at hand has committed (never if it rolls back). */
export interface AfterCommit {
  kind: "after-commit";
  run: () => void;
}

/** Units of work to run side by side in the transaction at hand (see `inParallel`). */
export interface Parallel {
  kind: "parallel";
  works: (() => Work<unknown>)[];
}

/**
 * A delta to summary rows (lib/rollups), kept by the driver until just before COMMIT: the deltas of a transaction
 * are added up per `target` and `key`, and `flush` writes each target's sums once, in key order, so a summary row
 * many writers touch (today's, say) is locked only for the end of each transaction, always in the same order. A
 * savepoint rolled back drops the deltas recorded after it.
 */
export interface Tally {
  kind: "tally";
  target: string;
  key: string;
  delta: readonly number[];
  /** `stripe`: the transaction's own share of a row many transactions add to at once (see DayRollup). */
  flush: (sums: [key: string, sum: number[]][], stripe: number) => Work<void>;
}

/** What a unit of work yields to its driver. */
export type Request = Query | Prepared<Query> | typeof DIALECT | AfterCommit | Tally | Parallel;

/** What the driver returns for a statement: its rows (selects, RETURNING) and how many rows it changed. */
export interface Outcome {
  rows: unknown[];
  changes: number;
}

export type Work<T> = Generator<Request, T, unknown>;

export type Rows<Q> = Q extends Prepared<infer P> ? ResultOf<P> : Q extends Query ? ResultOf<Q> : never;

/** Runs a statement; returns its rows (a select, or a write with RETURNING). */
export function* exec<Q extends Query | Prepared<Query>>(query: Q): Work<Rows<Q>> {
  return ((yield query) as Outcome).rows as Rows<Q>;
}

/** Runs a statement; returns its first row, if any. */
export function* first<Q extends Query | Prepared<Query>>(query: Q): Work<Rows<Q>[number] | undefined> {
  return ((yield query) as Outcome).rows[0] as Rows<Q>[number] | undefined;
}

/** Runs a write; returns how many rows it changed (for compare-and-set). */
export function* changes(query: Query | Prepared<Query>): Work<number> {
  return ((yield query) as Outcome).changes;
}

/** The dialect of the transaction at hand, for the few statements the two databases spell differently. */
export function* dialect(): Work<Dialect> {
  return (yield DIALECT) as Dialect;
}

/**
 * Runs `fn` after the transaction at hand commits — to wake live pages about rows it wrote, say. A savepoint
 * rolled back inside a committed transaction does not cancel it, so `fn` must be harmless when nothing changed.
 */
export function* afterCommit(fn: () => void): Work<void> {
  yield { kind: "after-commit", run: fn };
}

/**
 * Runs independent units of work in the transaction at hand and returns their results in order. SQLite runs them
 * one after another; PostgreSQL runs them in lockstep, sending the statement each has reached in one pipelined round
 * trip, so n works of k statements cost k round trips instead of n × k. The works must not depend on each other's
 * writes, and must not catch database errors: the first error fails them all (the transaction is aborted anyway).
 */
export function* inParallel<T>(works: (() => Work<T>)[]): Work<T[]> {
  if (works.length <= 1) return works.length ? [yield* works[0]()] : [];
  return (yield { kind: "parallel", works }) as T[];
}

/** Adds `delta` to the summary row `key` of `target` when the transaction at hand commits (see Tally). */
export function* tally(target: string, key: string, delta: readonly number[], flush: Tally["flush"]): Work<void> {
  yield { kind: "tally", target, key, delta, flush };
}

// By kind, not identity: a production build may bundle this module more than once (one copy per route), and a
// unit of work from one copy can meet the driver of another.
export const isDialectRequest = (r: Request): r is typeof DIALECT => (r as { kind?: string }).kind === "dialect";
export const isAfterCommit = (r: Request): r is AfterCommit => (r as { kind?: string }).kind === "after-commit";
export const isParallel = (r: Request): r is Parallel => (r as { kind?: string }).kind === "parallel";
export const isTally = (r: Request): r is Tally => (r as { kind?: string }).kind === "tally";
export const isPrepared = (r: Request): r is Prepared<Query> => (r as { kind?: string }).kind === "prepared";

/**
 * A time computed by an expression (MAX, a scalar subquery): it has no declared column type, so SQLite returns
 * its stored text where PostgreSQL returns a Date.
 */
export const timeOf = (v: Date | string | null | undefined): Date | null => (v === null || v === undefined ? null : v instanceof Date ? v : new Date(v));
