// CSV export of every order matching the admin filters: streamed in keyset batches, so there is no row cap
// and memory stays flat; UTF-8 with a BOM so Excel opens the Chinese text correctly.
import { fenToYuan } from "../money";
import { BUSINESS_LINE_LABEL, ORDER_STATUS_LABEL, type OrderStatus } from "../meituan/status";
import { formatBeijing } from "../time";
import { adminOrderWhere, fetchOrderPage, type AdminOrderFilter } from "./queries";

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

export function exportOrdersCsv(filter: Omit<AdminOrderFilter, "cursor" | "limit">): ReadableStream<Uint8Array> {
  const where = adminOrderWhere(filter as AdminOrderFilter);
  const encoder = new TextEncoder();
  let cursor: string | undefined;
  let started = false;
  let done = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode("\uFEFF" + line(HEADER)));
        return;
      }
      if (done) return;
      const { rows, nextCursor } = await fetchOrderPage(where, { cursor, limit: BATCH, sort: filter.sort });
      let chunk = "";
      for (const o of rows) {
        // Order ids are long digit strings: a tab prefix keeps Excel from turning them into 6.01E+17.
        chunk += line([
          `\t${o.orderId}`,
          formatBeijing(o.occurredAt, true),
          o.title,
          o.businessLine === null ? "" : (BUSINESS_LINE_LABEL[o.businessLine] ?? String(o.businessLine)),
          ORDER_STATUS_LABEL[o.status as OrderStatus] ?? o.status,
          o.upstreamStatus,
          o.refundType,
          o.payFen === null ? "" : fenToYuan(o.payFen),
          o.totalFen === null ? "" : fenToYuan(o.totalFen),
          o.sid,
          o.memberId,
          o.memberId ? "已归属" : "未归属",
          o.source,
          formatBeijing(o.upstreamUpdatedAt, true),
        ]);
      }
      if (chunk) controller.enqueue(encoder.encode(chunk));
      cursor = nextCursor ?? undefined;
      if (!nextCursor) {
        done = true;
        controller.close();
      }
    },
  });
}
