// Running a unit of work for real inside a transaction and rolling it back: what an action would do, exactly.
import type { Work } from "./query";
import type { RawDb } from "./sql";

class Rollback<T> extends Error {
  constructor(readonly result: T) {
    super("dry run");
  }
}

export async function dryRun<T>(raw: RawDb, work: () => Work<T>): Promise<T> {
  try {
    await raw.transaction(function* () {
      throw new Rollback(yield* work());
    });
  } catch (e) {
    if (e instanceof Rollback) return e.result as T;
    throw e;
  }
  throw new Error("dry run did not roll back");
}
