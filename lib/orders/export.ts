// CSV export of every order matching the admin filters: streamed in keyset batches, so there is no row cap
// and memory stays flat; UTF-8 with a BOM so Excel opens the Chinese text correctly.
import { fenToYuan } from "../money";
import { type OrderStatus } from "../meituan/status";
import { formatBeijing } from "../time";
import { rawDb } from "../db";
import type { AdminOrderFilter } from "./queries";
import { filterSql } from "./filter-sql";
import { parseShares, SHARES_COLUMN, usernamesOf } from "./money";
import { isLost } from "../earnings/base";
import { BASE_SOURCE_LABEL, BUSINESS_LINE_LABEL, ORDER_SOURCE_LABEL, ORDER_STATUS_LABEL, REFUND_TYPE_LABEL, label } from "../labels";

const BATCH = 5000;

// Every money column says where it came from: 美团佣金 is Meituan's profit − refundprofit after reconciliation,
// else our estimate (实付 × 比例); 计入 GMV is what was paid less what Meituan says was refunded; a full refund or
// risk counts 0. The members' shares are their rows (net of 扣回/调整) and add up to at most 美团佣金.
const HEADER = [
  "订单号", "下单时间（北京）", "标题", "业务线", "状态", "美团状态码", "退款类型", "实付金额", "订单总额", "美团退款金额", "计入 GMV", "计入 GMV 来源",
  "美团佣金", "美团佣金来源", "自己（L0）会员", "自己（L0）佣金", "一级（L1）会员", "一级（L1）佣金", "二级（L2）会员", "二级（L2）佣金", "会员佣金合计", "毛利",
  "sid", "会员ID", "归属", "来源", "美团最后修改（北京）",
];

const GMV_SOURCE = (o: { status: string; refundType: string | null; refundFen: number | null; payFen: number | null }) =>
  isLost(o) ? "退款/风控计 0" : o.status === "refunded" && o.refundType === "2" && o.refundFen !== null ? "实付 − 美团退款" : o.payFen === null ? "无实付金额" : "实付金额";

/** One CSV field: quoted when needed, and never read by Excel as a formula. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  let s = String(value);
  if (typeof value === "string" && /^[=+\-@\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

const fen = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const money = (v: number | null) => (v === null ? "" : fenToYuan(v));
const line = (fields: (string | number | null | undefined)[]) => fields.map(csvField).join(",") + "\r\n";

/** Every matching order, newest first, as CSV. Streamed in keyset batches: flat memory, no row cap. */
export function exportOrdersCsv(filter: Omit<AdminOrderFilter, "cursor" | "limit">, batch = BATCH): ReadableStream<Uint8Array> {
  const { sql, params } = filterSql(filter);
  const encoder = new TextEncoder();
  const shares = SHARES_COLUMN(rawDb().dialect);
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
        `SELECT "id", "orderId", "occurredAt", "title", "businessLine", "status", "upstreamStatus", "refundType", "payFen", "totalFen", "refundFen",
           "gmvFen", "baseFen", "baseSource", "sid", "memberId", "source", "upstreamUpdatedAt", ${shares} FROM orders WHERE ${sql}${keyset} ORDER BY "occurredAt" DESC, "id" DESC LIMIT ${batch}`,
        after ? [...params, after.at, after.at, after.id] : params,
      );
      const owns = rows.map((o) => parseShares(o.shares));
      const names = await usernamesOf(owns.flatMap((own) => own.map((s) => s.memberId)));
      let chunk = "";
      for (const [i, o] of rows.entries()) {
        const businessLine = o.businessLine === null ? null : Number(o.businessLine);
        const own = owns[i];
        const level = (l: number) => own.filter((s) => s.level === l);
        const memberFen = own.reduce((t, s) => t + s.amountFen, 0);
        const state = { status: String(o.status), refundType: (o.refundType as string | null) ?? null, refundFen: fen(o.refundFen), payFen: fen(o.payFen) };
        // Order ids are long digit strings: a tab prefix keeps Excel from turning them into 6.01E+17.
        chunk += line([
          `\t${o.orderId}`,
          formatBeijing(o.occurredAt as string | Date, true),
          o.title as string | null,
          businessLine === null ? "" : (BUSINESS_LINE_LABEL[businessLine] ?? String(businessLine)),
          ORDER_STATUS_LABEL[o.status as OrderStatus] ?? String(o.status),
          o.upstreamStatus as string,
          o.refundType === null ? "" : label(REFUND_TYPE_LABEL, String(o.refundType)),
          money(fen(o.payFen)),
          money(fen(o.totalFen)),
          money(fen(o.refundFen)),
          fenToYuan(Number(o.gmvFen)),
          GMV_SOURCE(state),
          fenToYuan(Number(o.baseFen)),
          label(BASE_SOURCE_LABEL, String(o.baseSource)),
          ...[0, 1, 2].flatMap((l) => {
            const at = level(l);
            return [at.map((s) => names.get(s.memberId) ?? s.memberId).join(" / "), at.length ? fenToYuan(at.reduce((t, s) => t + s.amountFen, 0)) : ""];
          }),
          fenToYuan(memberFen),
          fenToYuan(Number(o.baseFen) - memberFen),
          o.sid as string | null,
          o.memberId as string | null,
          o.memberId ? "已归属" : "未归属",
          label(ORDER_SOURCE_LABEL, String(o.source)),
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
