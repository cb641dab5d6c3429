// What a driver keeps for the transaction at hand besides its statements: the work to run after COMMIT, and the
// summary deltas (lib/db/query.ts Tally) to write just before it, scoped by the savepoints the work opens.
import type { Tally, Work } from "./query";

const SAVEPOINT = /^(SAVEPOINT|RELEASE|ROLLBACK TO) (\w+)$/;

export class Pending {
  /** @param stripe the stripe of shared summary rows this transaction adds to (distinct among concurrent ones). */
  constructor(readonly stripe = 0) {}

  readonly afterCommit: (() => void)[] = [];
  private readonly tallies: Tally[] = [];
  /** Open savepoints, innermost last, each with how many tallies were recorded when it was set. */
  private readonly savepoints: { name: string; mark: number }[] = [];

  tally(t: Tally) {
    this.tallies.push(t);
  }

  /**
   * Follows a statement that ran: savepoints have no builder, so they reach the driver as their text (upper case,
   * where the builder's statements are lower case, so the check costs one character for every other statement).
   */
  ran(sqlText: string) {
    const c = sqlText.charCodeAt(0);
    if (c !== 83 /* S */ && c !== 82 /* R */) return;
    const m = SAVEPOINT.exec(sqlText);
    if (!m) return;
    const [, verb, name] = m;
    if (verb === "SAVEPOINT") {
      this.savepoints.push({ name, mark: this.tallies.length });
      return;
    }
    const at = this.savepoints.map((s) => s.name).lastIndexOf(name);
    if (at < 0) return;
    if (verb === "ROLLBACK TO") {
      // The savepoint stays (released later); those set inside it are gone, as in the database.
      this.tallies.length = this.savepoints[at].mark;
      this.savepoints.length = at + 1;
    } else this.savepoints.length = at;
  }

  /** The work that writes the transaction's deltas: per target (in name order), the sums in key order. */
  *flush(): Work<void> {
    if (!this.tallies.length) return;
    const byTarget = new Map<string, { flush: Tally["flush"]; sums: Map<string, number[]> }>();
    for (const t of this.tallies) {
      let target = byTarget.get(t.target);
      if (!target) byTarget.set(t.target, (target = { flush: t.flush, sums: new Map() }));
      const sum = target.sums.get(t.key);
      if (!sum) target.sums.set(t.key, [...t.delta]);
      else for (let i = 0; i < t.delta.length; i++) sum[i] += t.delta[i];
    }
    this.tallies.length = 0;
    for (const name of [...byTarget.keys()].sort()) {
      const { flush, sums } = byTarget.get(name)!;
      const rows = [...sums.entries()].filter(([, s]) => s.some((v) => v !== 0)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      if (rows.length) yield* flush(rows, this.stripe);
    }
  }
}
