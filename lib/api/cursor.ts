// Keyset cursors: opaque to clients, (sort value, id) inside, so a page deep in a million rows costs the same as
// the first.
import { ApiError } from "./errors";

export function encodeKey(value: number, id: number): string {
  return Buffer.from(`${value}:${id}`).toString("base64url");
}

export function decodeKey(cursor: string): { value: number; id: number } {
  const m = /^(-?\d{1,15}):(\d{1,12})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  if (!m) throw new ApiError(422, "invalid_cursor", "分页参数无效，请刷新后重试", { cursor: ["分页参数无效"] });
  return { value: Number(m[1]), id: Number(m[2]) };
}

export const encodeCursor = (at: Date, id: number) => encodeKey(at.getTime(), id);

/** Keyset condition for rows sorted by (time desc, id desc) after the cursor row. */
export function afterCursor<K extends string>(timeField: K, cursor: string | undefined, direction: "desc" | "asc" = "desc") {
  if (!cursor) return {};
  const { value, id } = decodeKey(cursor);
  const at = new Date(value);
  const op = direction === "desc" ? "lt" : "gt";
  return { OR: [{ [timeField]: { [op]: at } }, { [timeField]: at, id: { [op]: id } }] } as Record<string, unknown>;
}
