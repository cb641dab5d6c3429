// The JSON API's building blocks: money as yuan strings with 2 decimals, times as ISO-8601 UTC, days as Beijing
// yyyy-mm-dd, keyset pages, and the one error shape; and the input pieces every request schema shares: one
// definition of a page size, a cursor, a day, an id's range.
import { z } from "zod";
import { isValidDay } from "../time";

// Every validation message a user can see is Chinese, including zod's defaults for checks without our own text —
// on the server and in the browser, which checks forms with these same schemas.
z.config(z.locales.zhCN());

/** "18.50", "-5.00". */
export const Yuan = z.string().regex(/^-?\d+\.\d{2}$/);
/** An instant, ISO-8601 UTC ("2026-11-28T08:00:00.000Z"). */
export const Instant = z.iso.datetime();
/** A Beijing day, "2026-11-28". */
export const Day = z.iso.date();

/** One page of a keyset-paginated list: pass `nextCursor` back as `cursor` (null: the last page). */
export const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });
export type Page<T> = { items: T[]; nextCursor: string | null };

/** Every error: a code, a Chinese message and, for invalid input (422), the messages per field. */
export const ApiErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), fields: z.record(z.string(), z.array(z.string()).optional()).optional() }),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;

/** A member as the console names them: name and masked login ("张三 138****5678"); the id is only for the link. */
export const MemberRef = z.object({ id: z.string(), label: z.string() });
export type MemberRef = z.infer<typeof MemberRef>;

/** Invalid input as a 422 reports it: the first message as the error line, and the messages per field. */
export function invalidInput(error: z.ZodError): { message: string; fields: Record<string, string[]> } {
  const { fieldErrors, formErrors } = z.flattenError(error);
  const fields = fieldErrors as Record<string, string[]>;
  return { message: formErrors[0] ?? Object.values(fields).flat()[0] ?? "输入有误", fields };
}

// ---- input -------------------------------------------------------------------------------------------------------

/** The largest id an INT4 column holds. */
export const MAX_INT4 = 2_147_483_647;

export const limitParam = (fallback: number, max = 100) =>
  z.coerce.number().int("limit 必须是整数").min(1, "limit 至少为 1").max(max, `limit 最多为 ${max}`).default(fallback);

export const cursorParam = z.string().max(200, "分页参数无效，请刷新后重试").optional();

/** A Beijing day yyyy-mm-dd, in the years the business can have data for. */
export const dayParam = (label: string) => z.string({ error: `请选择${label}` }).refine(isValidDay, `${label}格式应为 YYYY-MM-DD（1970–2999 年）`);

/** Any keyset-paginated list's query: where to continue and how many. */
export const PageQuery = z.object({
  cursor: cursorParam,
  limit: limitParam(20),
});
