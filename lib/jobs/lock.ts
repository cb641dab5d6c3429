// Job leases in the database: a job runs once at a time across every instance, and a holder that died lets
// go when its lease runs out. Not an in-process flag.
import { randomUUID } from "node:crypto";
import { q } from "../db/query";
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
    const taken = await raw.row(
      q.insertInto("job_locks")
        .values({ name, holder, lockedUntil: new Date(now.getTime() + seconds * 1000) })
        .onConflict((oc) =>
          oc.column("name")
            .doUpdateSet((eb) => ({ holder: eb.ref("excluded.holder"), lockedUntil: eb.ref("excluded.lockedUntil") }))
            .where((eb) => eb.or([eb("job_locks.lockedUntil", "<", now), eb("job_locks.holder", "=", eb.ref("excluded.holder"))])),
        )
        .returning("holder"),
    );
    return taken?.holder === holder;
  };
  if (!(await take())) return null;
  return {
    holder,
    renew: take,
    release: async () => {
      await raw.rows(q.deleteFrom("job_locks").where("name", "=", name).where("holder", "=", holder));
    },
  };
}
