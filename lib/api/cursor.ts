// Keyset cursors: opaque to clients, (time, id) inside, so a page deep in a million rows costs the same as the first.
import { ApiError } from "./errors";

export function encodeCursor(at: Date, id: number): string {
  return Buffer.from(`${at.getTime()}:${id}`).toString("base64url");
}

export function decodeCursor(cursor: string): { at: Date; id: number } {
  const m = /^(-?\d{1,15}):(\d{1,12})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  if (!m) throw new ApiError(422, "invalid_cursor", "分页参数无效，请刷新后重试", { cursor: ["分页参数无效"] });
  return { at: new Date(Number(m[1])), id: Number(m[2]) };
}

/** Keyset condition for rows sorted by (time desc, id desc) after the cursor row. */
export function afterCursor<K extends string>(timeField: K, cursor: string | undefined) {
  if (!cursor) return {};
  const { at, id } = decodeCursor(cursor);
  return { OR: [{ [timeField]: { lt: at } }, { [timeField]: at, id: { lt: id } }] } as Record<string, unknown>;
}
