// The JSON API's building blocks: money as yuan strings with 2 decimals, times as ISO-8601 UTC, days as Beijing
// yyyy-mm-dd, keyset pages, and the one error shape.
import { z } from "zod";

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
