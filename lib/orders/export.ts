// CSV export of every order matching the admin filters: streamed in keyset batches, so there is no row cap
// and memory stays flat; UTF-8 with a BOM so Excel opens the Chinese text correctly.
import { fenToYuan } from "../money";
import { type OrderStatus } from "../meituan/status";
import { formatBeijing } from "../time";
import { rawDb } from "../db";
import { dialect, exec, q } from "../db/query";
import { afterKey, keyOf, type Key, type KeysetOrder } from "../api/cursor";
import { orderWhere, type OrderFilter } from "./filter";
import { parseShares, sharesColumn } from "./money";
import { memberRefsOf } from "../accounts/display";
import { isLost } from "../earnings/base";
import { BASE_SOURCE_LABEL, BUSINESS_LINE_LABEL, ORDER_SOURCE_LABEL, ORDER_STATUS_LABEL, REFUND_TYPE_LABEL, label } from "../labels";

const BATCH = 5000;

// Every money column says where it came from: 美团佣金 is Meituan's profit − refundprofit after reconciliation,
// else our estimate (实付 × 比例); 计入 GMV is what was paid less what Meituan says was refunded; a full refund or
// risk counts 0. The members' shares are their rows (net of 扣回/调整) and add up to at most 美团佣金.
const HEADER = [
  "订单号", "下单时间（北京）", "标题", "业务线", "状态", "美团状态码", "退款类型", "实付金额", "订单总额", "美团退款金额", "计入 GMV", "计入 GMV 来源",
  "美团佣金", "美团佣金来源", "自己（L0）会员", "自己（L0）佣金", "一级（L1）会员", "一级（L1）佣金", "二级（L2）会员", "二级（L2）佣金", "会员佣金合计", "毛利",
  "sid", "会员", "归属", "来源", "美团最后修改（北京）",
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

const money = (v: number | null) => (v === null ? "" : fenToYuan(v));
const line = (fields: (string | number | null | undefined)[]) => fields.map(csvField).join(",") + "\r\n";

const NEWEST_FIRST: KeysetOrder<"occurredAt"> = { column: "occurredAt", direction: "desc", time: true };

/** One batch of the export: the orders after `after`, newest first, each with its level shares. */
function* exportBatch(filter: OrderFilter, after: Key | null, batch: number) {
  const d = yield* dialect();
  const query = q
    .selectFrom("orders")
    .select([
      "id", "orderId", "occurredAt", "title", "businessLine", "status", "upstreamStatus", "refundType", "payFen", "totalFen", "refundFen",
      "gmvFen", "baseFen", "baseSource", "sid", "memberId", "source", "upstreamUpdatedAt", sharesColumn(d),
    ])
    .where(orderWhere(filter));
  return yield* exec(afterKey(query, NEWEST_FIRST, after).limit(batch));
}

/** Every matching order, newest first, as CSV. Streamed in keyset batches: flat memory, no row cap. */
export function exportOrdersCsv(filter: OrderFilter, batch = BATCH): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let after: Key | null = null;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode("\uFEFF" + line(HEADER)));
        return;
      }
      const rows = await rawDb().run(() => exportBatch(filter, after, batch));
      const owns = rows.map((o) => parseShares(o.shares));
      const names = await memberRefsOf([...rows.map((o) => o.memberId), ...owns.flatMap((own) => own.map((s) => s.memberId))]);
      let chunk = "";
      for (const [i, o] of rows.entries()) {
        const own = owns[i];
        const level = (l: number) => own.filter((s) => s.level === l);
        const memberFen = own.reduce((t, s) => t + s.amountFen, 0);
        // Order ids are long digit strings: a tab prefix keeps Excel from turning them into 6.01E+17.
        chunk += line([
          `\t${o.orderId}`,
          formatBeijing(o.occurredAt, true),
          o.title,
          o.businessLine === null ? "" : (BUSINESS_LINE_LABEL[o.businessLine] ?? String(o.businessLine)),
          ORDER_STATUS_LABEL[o.status as OrderStatus] ?? o.status,
          o.upstreamStatus,
          o.refundType === null ? "" : label(REFUND_TYPE_LABEL, o.refundType),
          money(o.payFen),
          money(o.totalFen),
          money(o.refundFen),
          fenToYuan(o.gmvFen),
          GMV_SOURCE(o),
          fenToYuan(o.baseFen),
          label(BASE_SOURCE_LABEL, o.baseSource),
          ...[0, 1, 2].flatMap((l) => {
            const at = level(l);
            return [at.map((s) => names.get(s.memberId)?.label ?? "").join(" / "), at.length ? fenToYuan(at.reduce((t, s) => t + s.amountFen, 0)) : ""];
          }),
          fenToYuan(memberFen),
          fenToYuan(o.baseFen - memberFen),
          o.sid,
          o.memberId ? (names.get(o.memberId)?.label ?? "") : "",
          o.memberId ? "已归属" : "未归属",
          label(ORDER_SOURCE_LABEL, o.source),
          formatBeijing(o.upstreamUpdatedAt, true),
        ]);
      }
      if (chunk) controller.enqueue(encoder.encode(chunk));
      const last = rows[rows.length - 1];
      if (rows.length < batch || !last) {
        controller.close();
        return;
      }
      after = keyOf(last, NEWEST_FIRST);
    },
  });
}
