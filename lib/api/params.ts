// Input pieces shared by every API schema: one definition of a page size, a cursor, a day, an id.
import { z } from "zod";
import { isValidDay } from "../time";
import { notFound } from "./errors";

export const MAX_INT4 = 2_147_483_647;

export const limitParam = (fallback: number, max = 100) =>
  z.coerce.number().int("limit 必须是整数").min(1, "limit 至少为 1").max(max, `limit 最多为 ${max}`).default(fallback);

export const cursorParam = z.string().max(200, "分页参数无效，请刷新后重试").optional();

/** A Beijing day yyyy-mm-dd, in the years the business can have data for. */
export const dayParam = (label: string) => z.string({ error: `请选择${label}` }).refine(isValidDay, `${label}格式应为 YYYY-MM-DD（1970–2999 年）`);

/** A text filter: bounded, trimmed. */
export const textParam = (label: string, max = 64) => z.string().trim().max(max, `${label}最多 ${max} 个字符`).optional();

/** A positive integer id from a path segment; anything else is "not found". */
export function parseId(value: string | undefined, what: string): number {
  const id = Number(value);
  if (!/^\d{1,10}$/.test(value ?? "") || !Number.isSafeInteger(id) || id <= 0 || id > MAX_INT4) throw notFound(what);
  return id;
}
