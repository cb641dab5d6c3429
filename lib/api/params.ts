// A path segment's id: anything but a positive INT4 is "not found". (Query and body pieces: lib/contracts/common.ts.)
import { MAX_INT4 } from "../contracts/common";
import { notFound } from "./errors";

/** A positive integer id from a path segment; anything else is "not found". */
export function parseId(value: string | undefined, what: string): number {
  const id = Number(value);
  if (!/^\d{1,10}$/.test(value ?? "") || !Number.isSafeInteger(id) || id <= 0 || id > MAX_INT4) throw notFound(what);
  return id;
}
