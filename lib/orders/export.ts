// CSV export of every order matching the admin filters: streamed in keyset batches, so there is no row cap
// and memory stays flat; UTF-8 with a BOM so Excel opens the Chinese text correctly.
import { fenToYuan } from "../money";
import { type OrderStatus } from "../meituan/status";
import { formatBeijing } from "../time";
import { rawDb } from "../db";
import { beijingDayEnd, beijingDayStart } from "../time";
import type { AdminOrderFilter } from "./queries";
import { BUSINESS_LINE_LABEL, ORDER_STATUS_LABEL } from "../labels";

const BATCH = 5000;

const HEADER = ["订单号", "下单时间（北京）", "标题", "业务线", "状态", "美团状态码", "退款类型", "实付金额", "订单总额", "sid", "会员ID", "归属", "来源", "美团最后修改（北京）"];

/** One CSV field: quoted when needed, and never read by Excel as a formula. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  let s = String(value);
  if (typeof value === "string" && /^[=+\-@\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

const line = (fields: (string | number | null | undefined)[]) => fields.map(csvField).join(",") + "\r\n";

/**
 * The admin filter as SQL, for the export's raw read (Prisma's row mapping would cap it near 25k rows/s).
 * Mirrors adminOrderWhere in queries.ts; tests/integration/admin.test.ts checks both give the same rows.
 */
function filterSql(f: Omit<AdminOrderFilter, "cursor" | "limit">): { sql: string; params: unknown[] } {
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
  return { sql: parts.length ? parts.join(" AND ") : "1 = 1", params };
}

/** Every matching order, newest first, as CSV. Streamed in keyset batches: flat memory, no row cap. */
export function exportOrdersCsv(filter: Omit<AdminOrderFilter, "cursor" | "limit">, batch = BATCH): ReadableStream<Uint8Array> {
  const { sql, params } = filterSql(filter);
  const encoder = new TextEncoder();
  let after: { at: Date; id: number } | null = null;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode("\uFEFF" + line(HEADER)));
        return;
      }
      const keyset = after ? ` AND "occurredAt" <= ? AND ("occurredAt" < ? OR "id" < ?)` : "";
      const rows = await rawDb().query(
        `SELECT "id", "orderId", "occurredAt", "title", "businessLine", "status", "upstreamStatus", "refundType", "payFen", "totalFen",
           "sid", "memberId", "source", "upstreamUpdatedAt" FROM orders WHERE ${sql}${keyset} ORDER BY "occurredAt" DESC, "id" DESC LIMIT ${batch}`,
        after ? [...params, after.at, after.at, after.id] : params,
      );
      let chunk = "";
      for (const o of rows) {
        const businessLine = o.businessLine === null ? null : Number(o.businessLine);
        // Order ids are long digit strings: a tab prefix keeps Excel from turning them into 6.01E+17.
        chunk += line([
          `\t${o.orderId}`,
          formatBeijing(o.occurredAt as string | Date, true),
          o.title as string | null,
          businessLine === null ? "" : (BUSINESS_LINE_LABEL[businessLine] ?? String(businessLine)),
          ORDER_STATUS_LABEL[o.status as OrderStatus] ?? String(o.status),
          o.upstreamStatus as string,
          o.refundType as string | null,
          o.payFen === null ? "" : fenToYuan(Number(o.payFen)),
          o.totalFen === null ? "" : fenToYuan(Number(o.totalFen)),
          o.sid as string | null,
          o.memberId as string | null,
          o.memberId ? "已归属" : "未归属",
          o.source as string,
          formatBeijing(o.upstreamUpdatedAt as string | Date | null, true),
        ]);
      }
      if (chunk) controller.enqueue(encoder.encode(chunk));
      const last = rows[rows.length - 1];
      if (rows.length < batch || !last) {
        controller.close();
        return;
      }
      after = { at: new Date(last.occurredAt as string | Date), id: Number(last.id) };
    },
  });
}
