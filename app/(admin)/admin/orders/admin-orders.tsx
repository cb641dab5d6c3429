"use client";
import { formatYuan } from "@/lib/client/format";
import { useAdminOrders } from "@/lib/client/hooks";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { StatusBadge } from "@/components/status-badge";
import { DataTable, Th } from "@/components/data-table";
import { DateRangeFilter, FilterForm, FilterInput, FilterSelect, pickParams, SortSelect } from "@/components/filter-form";
import { OrderSummaryCells } from "@/components/order-cells";
import { PagedList } from "@/components/paged-list";
import { MemberLink } from "@/components/member-link";
import { ORDER_STATUSES } from "@/lib/contracts/enums";
import { OrderMoneyCells, OrderTotalsBar } from "@/components/order-money";

import { ORDER_STATUS_LABEL, BUSINESS_LINE_LABEL, COMMISSION_STATUS_LABEL, orderFlagLabel } from "@/lib/labels";

const FILTERS = ["orderId", "sid", "member", "memberId", "status", "attributed", "businessLine", "moneyStatus", "from", "to", "sort"] as const;

/** Orders having a commission row in that status. */
const MONEY_STATUSES = ["estimated", "pending", "available", "reserved", "withdrawn", "void", "clawback"] as const;
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
  const query = pickParams(params, FILTERS);
  // The CSV export takes the same filters, without paging.
  const exportHref = `/api/admin/orders/export.csv${query.size ? `?${query}` : ""}`;
  const totalsQuery = new URLSearchParams(query);
  totalsQuery.delete("sort");
  query.set("limit", "50");
  const list = useAdminOrders(query);

  function apply(next: URLSearchParams) {
    if (next.get("sort") === "time_desc") next.delete("sort");
    router.push(`${pathname}?${next}`);
  }

  return (
    <div>
      <h1 className="mb-4 text-xl font-semibold">{params.get("attributed") === "no" ? "未归属订单" : "订单"}</h1>
      <FilterForm
        keys={FILTERS}
        onApply={apply}
        after={
          <a
            href={exportHref}
            download
            data-testid="export-csv"
            className="ml-auto rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm text-slate-700 hover:bg-slate-50"
            title="按当前筛选条件导出全部订单（不止当前页）"
          >
            导出 CSV
          </a>
        }
      >
        <FilterInput label="订单号" name="orderId" width="w-48" placeholder="美团订单号" />
        <FilterInput label="sid" name="sid" width="w-40" />
        <FilterInput label="会员" name="member" width="w-48" placeholder="手机号/姓名/sid" />
        {/* A link from a member's page may carry their id: kept through the form, never shown. */}
        {params.get("memberId") ? <input type="hidden" name="memberId" value={params.get("memberId") ?? ""} /> : null}
        <FilterSelect label="状态" name="status" options={ORDER_STATUSES.map((s) => [s, ORDER_STATUS_LABEL[s]] as const)} />
        <FilterSelect
          label="归属"
          name="attributed"
          options={[
            ["yes", "已归属"],
            ["no", "未归属"],
          ]}
        />
        <FilterSelect label="业务线" name="businessLine" options={BUSINESS_LINES} />
        <FilterSelect label="佣金状态" name="moneyStatus" options={MONEY_STATUSES.map((s) => [s, `有${COMMISSION_STATUS_LABEL[s]}佣金`] as const)} />
        <DateRangeFilter />
        <SortSelect options={SORTS} />
      </FilterForm>

      <OrderTotalsBar query={totalsQuery.toString()} />
      <PagedList
        list={list}
        loadingRows={6}
        emptyTitle="没有符合条件的订单"
        emptyHint={FILTERS.some((k) => k !== "sort" && params.get(k)) ? "没有订单符合这些条件：换个条件或点「清除」。" : "还没有收到订单：确认美团联盟后台已配置回调地址，或到「对账」拉取订单。"}
      >
        <DataTable
          testId="admin-orders"
          head={
            <>
              <Th>时间（北京）</Th>
              <Th>订单号</Th>
              <Th>标题</Th>
              <Th>业务线</Th>
              <Th>状态</Th>
              <Th className="text-right">实付金额</Th>
              <Th className="text-right">美团佣金</Th>
              <Th>会员佣金（各级）</Th>
              <Th className="text-right">毛利</Th>
              <Th>会员 / sid</Th>
            </>
          }
        >
          {list.items.map((o) => (
            <tr key={o.orderId} data-order-id={o.orderId} className="hover:bg-amber-50/40">
              <OrderSummaryCells o={o} />
              <td className="px-3 py-2">
                <StatusBadge status={o.status} refundType={o.refundType} />
                {o.flags.length ? <span title={o.flags.map(orderFlagLabel).join("，")} className="ml-1 text-xs text-purple-600">⚑</span> : null}
              </td>
              <td className="px-3 py-2 text-right font-medium whitespace-nowrap tabular-nums" data-label="实付">
                {formatYuan(o.payAmount)}
                {o.money.gmv !== (o.payAmount ?? "0.00") ? <span className="block text-[11px] font-normal text-slate-500">计入 {formatYuan(o.money.gmv)}</span> : null}
              </td>
              <OrderMoneyCells m={o.money} />
              <td className="px-3 py-2 text-xs" data-label="会员" data-testid="order-member">
                {o.member ? <MemberLink member={o.member} /> : <span className="rounded bg-red-50 px-1.5 py-0.5 text-red-700 ring-1 ring-red-200">未归属</span>}
                <span className="block font-mono text-slate-500">{o.sid ?? "（无 sid）"}</span>
              </td>
            </tr>
          ))}
        </DataTable>
      </PagedList>
    </div>
  );
}
