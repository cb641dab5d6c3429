// Bulk writers for the large seed, bypassing Prisma: better-sqlite3 prepared multi-row INSERTs in big
// transactions, or pg multi-row INSERT … SELECT FROM unnest($1::type[], …) batches in transactions, with the
// next batch built while PostgreSQL writes the previous one.
//
// Values are given as JavaScript values: times as epoch milliseconds (number) or null, booleans as boolean,
// bytes as Buffer. Each sink converts them to what its database stores (SQLite: ISO-8601 text with "+00:00",
// exactly like Prisma's adapter, and 0/1; PostgreSQL: timestamp(3) holding UTC, and boolean).
import Database from "better-sqlite3";
import pg from "pg";

export type ColType = "text" | "int" | "ts" | "bool" | "bytes";
export type Columns = readonly (readonly [name: string, type: ColType])[];

export interface Inserter {
  add(values: unknown[]): void | Promise<void>;
  end(): Promise<void>;
}

export interface Sink {
  readonly kind: "sqlite" | "pg";
  /** Rows in the tables that a seed would write to. */
  counts(tables: string[]): Promise<Record<string, number>>;
  /** Deletes every row the seed writes (and resets the id counters); keeps the migration-seeded rule version 1. */
  reset(tables: string[]): Promise<void>;
  inserter(table: string, columns: Columns): Inserter;
  /** Makes the id sequences continue after the explicit ids the seed wrote (PostgreSQL). */
  fixSequences(tables: string[]): Promise<void>;
  /** Statistics for the planner and (PostgreSQL) the visibility map, as a running system would have. */
  analyze(): Promise<void>;
  close(): Promise<void>;
}

const sqliteTime = (ms: number) => new Date(ms).toISOString().slice(0, 23) + "+00:00";
const pgTime = (ms: number) => new Date(ms).toISOString().slice(0, 23);

// ------------------------------------------------------------------------------------------------ SQLite

export class SqliteSink implements Sink {
  readonly kind = "sqlite" as const;
  readonly db: Database.Database;
  private rowsInTx = 0;
  private static readonly TX_ROWS = 200_000;

  constructor(file: string) {
    this.db = new Database(file, { timeout: 30_000 });
    this.db.pragma("journal_mode = WAL");
    // Only for the seed's own connection: nothing here outlives it except the data.
    this.db.pragma("synchronous = OFF");
    this.db.pragma("cache_size = -4000000"); // 4 GB of page cache: the indexes stay in memory while they grow
    this.db.pragma("temp_store = MEMORY");
    this.db.pragma("foreign_keys = ON");
    this.db.pragma("wal_autocheckpoint = 10000");
  }

  async counts(tables: string[]) {
    const out: Record<string, number> = {};
    for (const t of tables) out[t] = Number((this.db.prepare(`SELECT count(*) AS n FROM "${t}"`).get() as { n: number }).n);
    return out;
  }

  async reset(tables: string[]) {
    this.db.pragma("foreign_keys = OFF");
    this.db.exec("BEGIN IMMEDIATE");
    for (const t of tables) this.db.exec(`DELETE FROM "${t}"`);
    this.db.exec(`DELETE FROM "commission_rules" WHERE "version" > 1`);
    const names = tables.map((t) => `'${t}'`).join(", ");
    this.db.exec(`DELETE FROM sqlite_sequence WHERE name IN (${names})`);
    this.db.exec("COMMIT");
    this.db.pragma("foreign_keys = ON");
    this.db.pragma("wal_checkpoint(TRUNCATE)");
  }

  /** Called by the inserters: commits every TX_ROWS rows so the WAL stays small. */
  private counted(n: number) {
    if (!this.db.inTransaction) this.db.exec("BEGIN");
    this.rowsInTx += n;
    if (this.rowsInTx >= SqliteSink.TX_ROWS) {
      this.db.exec("COMMIT");
      this.rowsInTx = 0;
    }
  }

  private commit() {
    if (this.db.inTransaction) this.db.exec("COMMIT");
    this.rowsInTx = 0;
  }

  inserter(table: string, columns: Columns): Inserter {
    const n = columns.length;
    // Rows per statement: fewer calls into the binding; at most ~900 parameters per statement.
    const perStmt = Math.max(1, Math.min(64, Math.floor(900 / n)));
    const head = `INSERT INTO "${table}" (${columns.map(([c]) => `"${c}"`).join(", ")}) VALUES `;
    const tuple = `(${new Array(n).fill("?").join(", ")})`;
    const many = this.db.prepare(head + new Array(perStmt).fill(tuple).join(", "));
    const single = this.db.prepare(head + tuple);
    const types = columns.map(([, t]) => t);
    const buf: unknown[] = [];
    let rows = 0;
    const convert = (v: unknown, t: ColType): unknown => {
      if (v === null || v === undefined) return null;
      if (t === "ts") return sqliteTime(v as number);
      if (t === "bool") return v ? 1 : 0;
      return v;
    };
    const flushFull = () => {
      many.run(buf);
      buf.length = 0;
      rows = 0;
      this.counted(perStmt);
    };
    return {
      add: (values: unknown[]) => {
        for (let i = 0; i < n; i++) buf.push(convert(values[i], types[i]));
        if (++rows === perStmt) flushFull();
      },
      end: async () => {
        for (let r = 0; r < rows; r++) single.run(buf.slice(r * n, (r + 1) * n));
        this.counted(rows);
        buf.length = 0;
        rows = 0;
        this.commit();
      },
    };
  }

  async fixSequences() {
    // AUTOINCREMENT keeps sqlite_sequence at the largest id written, explicit ids included.
  }

  async analyze() {
    this.db.exec("ANALYZE");
  }

  async close() {
    this.commit();
    this.db.pragma("wal_checkpoint(TRUNCATE)");
    this.db.pragma("synchronous = FULL");
    this.db.close();
  }
}

// ------------------------------------------------------------------------------------------------ PostgreSQL

const PG_ARRAY_TYPE: Record<ColType, string> = { text: "text[]", int: "int4[]", ts: "timestamp(3)[]", bool: "bool[]", bytes: "bytea[]" };

export class PgSink implements Sink {
  readonly kind = "pg" as const;
  private client!: pg.Client;
  private rowsInTx = 0;
  private static readonly TX_ROWS = 500_000;
  private static readonly BATCH = 5_000;
  /** The batch PostgreSQL is writing while the next one is being built. */
  private inflight: Promise<unknown> = Promise.resolve();

  private constructor(private readonly url: string) {}

  static async open(url: string): Promise<PgSink> {
    const s = new PgSink(url);
    s.client = new pg.Client({ connectionString: url });
    await s.client.connect();
    // Session settings only: no fsync wait per commit, more memory for sorts. The server's config is untouched.
    await s.client.query("SET synchronous_commit = off");
    await s.client.query("SET maintenance_work_mem = '512MB'");
    await s.client.query("SET work_mem = '64MB'");
    return s;
  }

  async counts(tables: string[]) {
    const out: Record<string, number> = {};
    for (const t of tables) out[t] = Number((await this.client.query(`SELECT count(*)::int AS n FROM "${t}"`)).rows[0].n);
    return out;
  }

  async reset(tables: string[]) {
    await this.client.query(`TRUNCATE ${tables.map((t) => `"${t}"`).join(", ")} RESTART IDENTITY`);
    await this.client.query(`DELETE FROM "commission_rules" WHERE "version" > 1`);
  }

  private async send(sql: string, params: unknown[], rows: number) {
    await this.inflight; // at most one batch in flight: its errors surface here
    if (this.rowsInTx === 0) await this.client.query("BEGIN");
    this.rowsInTx += rows;
    const commit = this.rowsInTx >= PgSink.TX_ROWS;
    if (commit) this.rowsInTx = 0;
    const p = this.client.query(sql, params).then(() => (commit ? this.client.query("COMMIT") : undefined));
    p.catch(() => {}); // observed by the next await of inflight
    this.inflight = p;
  }

  private async commit() {
    await this.inflight;
    if (this.rowsInTx > 0) await this.client.query("COMMIT");
    this.rowsInTx = 0;
  }

  inserter(table: string, columns: Columns): Inserter {
    const n = columns.length;
    const sql =
      `INSERT INTO "${table}" (${columns.map(([c]) => `"${c}"`).join(", ")}) ` +
      `SELECT * FROM unnest(${columns.map(([, t], i) => `$${i + 1}::${PG_ARRAY_TYPE[t]}`).join(", ")})`;
    const types = columns.map(([, t]) => t);
    let cols: unknown[][] = columns.map(() => []);
    let rows = 0;
    const flush = async () => {
      if (rows === 0) return;
      const params = cols;
      const count = rows;
      cols = columns.map(() => []);
      rows = 0;
      await this.send(sql, params, count);
    };
    return {
      add: (values: unknown[]) => {
        for (let i = 0; i < n; i++) {
          const v = values[i];
          cols[i].push(v === null || v === undefined ? null : types[i] === "ts" ? pgTime(v as number) : v);
        }
        if (++rows >= PgSink.BATCH) return flush();
      },
      end: async () => {
        await flush();
        await this.commit();
      },
    };
  }

  async fixSequences(tables: string[]) {
    for (const t of tables) {
      await this.client.query(
        `SELECT setval(pg_get_serial_sequence('"${t}"', 'id'), COALESCE((SELECT MAX("id") FROM "${t}"), 0) + 1, false)`,
      );
    }
  }

  async analyze() {
    await this.commit();
    await this.client.query("VACUUM (ANALYZE)");
  }

  async close() {
    await this.commit().catch(() => {});
    await this.client.end();
  }
}
