"use client";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { StatusBadge } from "@/components/status-badge";
import { Empty, ErrorBox, Loading } from "@/components/states";
import { LoadMore } from "@/components/load-more";
import { usePaged } from "@/components/use-paged";
import { ORDER_STATUS_LABEL, ORDER_STATUSES, BUSINESS_LINE_LABEL } from "@/lib/meituan/status";
import { COMMISSION_STATUS_LABEL } from "@/components/money-labels";
import type { OrderDto } from "@/lib/orders/dto";
import { formatBeijing } from "@/lib/time";

const FILTERS = ["orderId", "sid", "memberId", "status", "attributed", "businessLine", "moneyStatus", "from", "to", "sort"] as const;

/** Orders having a commission row in that status. */
const MONEY_STATUSES = ["estimated", "pending", "available", "withdrawn", "void"] as const;
const SORTS: [string, string][] = [
  ["time_desc", "时间从新到旧"],
  ["time_asc", "时间从旧到新"],
  ["amount_desc", "实付金额从高到低"],
];
/** One option per business line code, in code order (到餐/到综 have two codes each). */
const BUSINESS_LINES = Object.entries(BUSINESS_LINE_LABEL).map(([code, name]) => [code, `${name}（${code}）`] as const);

export function AdminOrders() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const query = new URLSearchParams();
  for (const k of FILTERS) {
    const v = params.get(k);
    if (v) query.set(k, v);
  }
  // The CSV export takes the same filters, without paging.
  const exportHref = `/api/admin/orders/export.csv${query.size ? `?${query}` : ""}`;
  query.set("limit", "50");
  const { items, error, isLoading, hasMore, loadMore, loadingMore, mutate } = usePaged<OrderDto>(`/api/admin/orders?${query}`);

  function apply(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const next = new URLSearchParams();
    for (const k of FILTERS) {
      const v = String(form.get(k) ?? "").trim();
      if (v && !(k === "sort" && v === "time_desc")) next.set(k, v);
    }
    router.push(`${pathname}?${next}`);
  }

  const input = "rounded-md border border-slate-300 px-2 py-1.5 text-sm";
  return (
    <div>
      <h1 className="mb-4 text-xl font-semibold">{params.get("attributed") === "no" ? "未归属订单" : "订单"}</h1>
      <form key={params.toString()} onSubmit={apply} className="mb-4 flex flex-wrap items-end gap-2 rounded-lg bg-white p-3 ring-1 ring-slate-200">
        <label className="text-xs text-slate-500">
          订单号
          <input name="orderId" defaultValue={params.get("orderId") ?? ""} className={`${input} block w-48`} placeholder="美团订单号" />
        </label>
        <label className="text-xs text-slate-500">
          sid
          <input name="sid" defaultValue={params.get("sid") ?? ""} className={`${input} block w-40`} />
        </label>
        <label className="text-xs text-slate-500">
          会员 ID
          <input name="memberId" defaultValue={params.get("memberId") ?? ""} className={`${input} block w-40`} />
        </label>
        <label className="text-xs text-slate-500">
          状态
          <select name="status" defaultValue={params.get("status") ?? ""} className={`${input} block`}>
            <option value="">全部</option>
            {ORDER_STATUSES.map((s) => (
              <option key={s} value={s}>
                {ORDER_STATUS_LABEL[s]}
              </option>
            ))}
          </select>
        </label>
        <label className="text-xs text-slate-500">
          归属
          <select name="attributed" defaultValue={params.get("attributed") ?? ""} className={`${input} block`}>
            <option value="">全部</option>
            <option value="yes">已归属</option>
            <option value="no">未归属</option>
          </select>
        </label>
        <label className="text-xs text-slate-500">
          业务线
          <select name="businessLine" defaultValue={params.get("businessLine") ?? ""} className={`${input} block`}>
            <option value="">全部</option>
            {BUSINESS_LINES.map(([code, text]) => (
              <option key={code} value={code}>
                {text}
              </option>
            ))}
          </select>
        </label>
        <label className="text-xs text-slate-500">
          佣金状态
          <select name="moneyStatus" defaultValue={params.get("moneyStatus") ?? ""} className={`${input} block`}>
            <option value="">全部</option>
            {MONEY_STATUSES.map((s) => (
              <option key={s} value={s}>
                有{COMMISSION_STATUS_LABEL[s]}佣金
              </option>
            ))}
          </select>
        </label>
        <label className="text-xs text-slate-500">
          开始日期（北京时间）
          <input type="date" name="from" defaultValue={params.get("from") ?? ""} className={`${input} block`} />
        </label>
        <label className="text-xs text-slate-500">
          结束日期
          <input type="date" name="to" defaultValue={params.get("to") ?? ""} className={`${input} block`} />
        </label>
        <label className="text-xs text-slate-500">
          排序
          <select name="sort" defaultValue={params.get("sort") ?? "time_desc"} className={`${input} block`}>
            {SORTS.map(([v, text]) => (
              <option key={v} value={v}>
                {text}
              </option>
            ))}
          </select>
        </label>
        <button className="rounded-md bg-slate-900 px-3 py-1.5 text-sm text-white">筛选</button>
        <Link href={pathname} className="px-2 py-1.5 text-sm text-slate-600 underline">
          清除
        </Link>
        <a
          href={exportHref}
          download
          data-testid="export-csv"
          className="ml-auto rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm text-slate-700 hover:bg-slate-50"
          title="按当前筛选条件导出全部订单（不止当前页）"
        >
          导出 CSV
        </a>
      </form>

      {error ? (
        <ErrorBox error={error} onRetry={() => mutate()} />
      ) : isLoading ? (
        <Loading rows={6} />
      ) : items.length === 0 ? (
        <Empty title="没有符合条件的订单" hint="调整筛选条件试试，或确认美团联盟后台已配置回调地址。" />
      ) : (
        <div className="overflow-x-auto rounded-lg bg-white ring-1 ring-slate-200">
          <table className="min-w-full text-sm" data-testid="admin-orders">
            <thead className="bg-slate-50 text-left text-xs text-slate-500">
              <tr>
                <th className="px-3 py-2">时间（北京）</th>
                <th className="px-3 py-2">订单号</th>
                <th className="px-3 py-2">标题</th>
                <th className="px-3 py-2">业务线</th>
                <th className="px-3 py-2">状态</th>
                <th className="px-3 py-2 text-right">实付金额</th>
                <th className="px-3 py-2">sid / 归属</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {items.map((o) => (
                <tr key={o.orderId} data-order-id={o.orderId} className="hover:bg-amber-50/40">
                  <td className="px-3 py-2 whitespace-nowrap text-slate-600">{formatBeijing(o.occurredAt)}</td>
                  <td className="px-3 py-2 font-mono">
                    <Link href={`/admin/orders/${encodeURIComponent(o.orderId)}`} className="text-amber-700 underline">
                      {o.orderId}
                    </Link>
                  </td>
                  <td className="max-w-xs truncate px-3 py-2">{o.title ?? "—"}</td>
                  <td className="px-3 py-2">{o.businessLine !== null ? (BUSINESS_LINE_LABEL[o.businessLine] ?? `未知(${o.businessLine})`) : "—"}</td>
                  <td className="px-3 py-2">
                    <StatusBadge status={o.status} refundType={o.refundType} />
                    {o.flags.length ? <span title={o.flags.join(", ")} className="ml-1 text-xs text-purple-600">⚑</span> : null}
                  </td>
                  <td className="px-3 py-2 text-right font-medium">{o.payAmount === null ? "—" : `¥${o.payAmount}`}</td>
                  <td className="px-3 py-2 font-mono text-xs">
                    {o.sid ?? "（无 sid）"}
                    {o.memberId ? null : <span className="ml-2 rounded bg-red-50 px-1.5 py-0.5 font-sans text-red-700 ring-1 ring-red-200">未归属</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {items.length > 0 ? <LoadMore hasMore={hasMore} loading={loadingMore} onClick={loadMore} /> : null}
    </div>
  );
}
