// Keyset cursors: opaque to clients, (sort value, id) inside, so a page deep in a million rows costs the same as
// the first.
import { ApiError } from "./errors";

const MAX_TIME_MS = Date.UTC(9999, 11, 31);

export function encodeKey(value: number, id: number): string {
  return Buffer.from(`${value}:${id}`).toString("base64url");
}

export function decodeKey(cursor: string): { value: number; id: number } {
  const m = /^(-?\d{1,15}):(\d{1,10})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  const value = Number(m?.[1]);
  const id = Number(m?.[2]);
  // Values are times (ms, years 1970–9999) or amounts in fen; ids fit a 32-bit integer column.
  if (!m || value < -1 || value > MAX_TIME_MS || id > 2_147_483_647) {
    throw new ApiError(422, "invalid_cursor", "分页参数无效，请刷新后重试", { cursor: ["分页参数无效"] });
  }
  return { value, id };
}

export const encodeCursor = (at: Date, id: number) => encodeKey(at.getTime(), id);

/** Keyset condition for rows sorted by (time desc, id desc) after the cursor row. */
export function afterCursor<K extends string>(timeField: K, cursor: string | undefined, direction: "desc" | "asc" = "desc") {
  if (!cursor) return {};
  const { value, id } = decodeKey(cursor);
  const at = new Date(value);
  const op = direction === "desc" ? "lt" : "gt";
  const eqOp = direction === "desc" ? "lte" : "gte";
  // "≤ t and (< t or id <)": the same rows as "< t or (= t and id <)", in a form the index can seek to.
  return { [timeField]: { [eqOp]: at }, OR: [{ [timeField]: { [op]: at } }, { id: { [op]: id } }] } as Record<string, unknown>;
}
