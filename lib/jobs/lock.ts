// Job leases in the database: a job runs once at a time across every instance, and a holder that died lets
// go when its lease runs out. Not an in-process flag.
import { randomUUID } from "node:crypto";
import type { RawDb } from "../db/sql";

export interface Lease {
  holder: string;
  /** Extends the lease; false when it was lost (expired and taken by someone else). */
  renew(): Promise<boolean>;
  release(): Promise<void>;
}

export async function acquireLease(raw: RawDb, name: string, seconds: number): Promise<Lease | null> {
  const holder = randomUUID();
  const take = async () => {
    const now = new Date();
    const rows = await raw.query(
      `INSERT INTO job_locks ("name", "holder", "lockedUntil") VALUES (?, ?, ?)
       ON CONFLICT ("name") DO UPDATE SET "holder" = excluded."holder", "lockedUntil" = excluded."lockedUntil"
       WHERE job_locks."lockedUntil" < ? OR job_locks."holder" = excluded."holder"
       RETURNING "holder"`,
      [name, holder, new Date(now.getTime() + seconds * 1000), now],
    );
    return rows.length > 0 && rows[0].holder === holder;
  };
  if (!(await take())) return null;
  return {
    holder,
    renew: take,
    release: async () => {
      await raw.query(`DELETE FROM job_locks WHERE "name" = ? AND "holder" = ?`, [name, holder]);
    },
  };
}
