// The admin order filter as SQL, for the raw reads (CSV export, totals) where Prisma's row mapping would be the cost.
import { beijingDayEnd, beijingDayStart } from "../time";
import type { AdminOrderFilter } from "./queries";

/**
 * The admin filter as SQL, for the export's raw read (Prisma's row mapping would cap it near 25k rows/s).
 * Mirrors adminOrderWhere in queries.ts; tests/integration/admin.test.ts checks both give the same rows.
 */
export function filterSql(f: Omit<AdminOrderFilter, "cursor" | "limit">): { sql: string; params: unknown[]; empty: boolean } {
  const parts: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, ...values: unknown[]) => (parts.push(sql), params.push(...values));
  if (f.orderId) add(`"orderId" = ?`, f.orderId);
  if (f.sid) add(`"sid" = ?`, f.sid);
  if (f.status) add(`"status" = ?`, f.status);
  if (f.memberId) add(`"memberId" = ?`, f.memberId);
  if (f.attributed === "yes") add(`"memberId" IS NOT NULL`);
  if (f.attributed === "no") add(`"memberId" IS NULL`);
  if (f.from) add(`"occurredAt" >= ?`, beijingDayStart(f.from));
  if (f.to) add(`"occurredAt" < ?`, beijingDayEnd(f.to));
  if (f.businessLine !== undefined) add(`"businessLine" = ?`, f.businessLine);
  if (f.moneyStatus) add(`"id" IN (SELECT "orderRef" FROM commissions WHERE "status" = ?)`, f.moneyStatus);
  return { sql: parts.length ? parts.join(" AND ") : "1 = 1", params, empty: parts.length === 0 };
}
