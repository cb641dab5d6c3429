// Days are Asia/Shanghai days (UTC+8, no daylight saving). API times are ISO-8601 UTC.
const OFFSET_MS = 8 * 3600 * 1000;

export const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** The first day a day parameter may name (isValidDay). */
export const FIRST_DAY = "1970-01-01";

/** The UTC instant at which the Beijing day `yyyy-mm-dd` starts. */
export function beijingDayStart(day: string): Date {
  if (!isValidDay(day)) throw new RangeError(`invalid day: ${day}`);
  return new Date(`${day}T00:00:00+08:00`);
}

function shiftDay(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The start of the Beijing day after `day`: the exclusive end of a "to" filter. */
export const beijingDayEnd = (day: string) => beijingDayStart(shiftDay(day, 1));

/** The Beijing calendar day of an instant, as yyyy-mm-dd. */
export const beijingDay = (at: Date) => new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);

/** "2026-11-28 17:48" in Beijing time, for people. */
export function formatBeijing(at: Date | string | null | undefined, withSeconds = false): string {
  if (!at) return "—";
  const iso = new Date(new Date(at).getTime() + OFFSET_MS).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, withSeconds ? 19 : 16)}`;
}

/** True for a real calendar day in yyyy-mm-dd form, in the years 1970–2999. */
export function isValidDay(day: string): boolean {
  if (!DAY_PATTERN.test(day)) return false;
  const d = new Date(`${day}T00:00:00Z`);
  const year = Number(day.slice(0, 4));
  return day >= FIRST_DAY && year <= 2999 && !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day;
}
