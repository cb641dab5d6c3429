// Database errors the domain reacts to, named once for both drivers.

const UNIQUE = new Set(["23505", "SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY"]);

/** A write refused by a unique key: the row is already there (a repeat, or a name someone else holds). */
export const isUniqueViolation = (e: unknown): boolean => UNIQUE.has(String((e as { code?: unknown } | null)?.code ?? ""));
