"use client";
// 未归属订单: orders whose sid matched no member. Tick some, name the member they belong to, give the reason.
import { formatYuan } from "@/lib/client/format";
import { useAdminOrders } from "@/lib/client/hooks";
import Link from "next/link";
import { useState } from "react";
import { AssignOrdersForm } from "@/components/assign-orders";
import { DataTable, Th } from "@/components/data-table";
import { OrderSummaryCells } from "@/components/order-cells";
import { PagedList } from "@/components/paged-list";
import { StatusBadge } from "@/components/status-badge";

export function UnattributedOrders() {
  const list = useAdminOrders("attributed=no&limit=50");
  const { items, mutate } = list;
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const visible = items.map((o) => o.orderId);
  const chosen = visible.filter((id) => selected.has(id));
  const allChosen = visible.length > 0 && chosen.length === visible.length;

  function toggle(id: string) {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
  }

  return (
    <div>
      <div className="mb-4 flex items-baseline justify-between">
        <h1 className="text-xl font-semibold">未归属订单</h1>
        <Link href="/admin/orders?attributed=no" className="text-sm text-slate-500 underline">
          在订单列表中筛选
        </Link>
      </div>
      <p className="mb-4 text-sm text-slate-500">
        这些订单的 sid 没有对应任何会员（或没有 sid），因此没有产生会员佣金。核实后可以把订单指定给某位会员，系统会按当前规则为其及上级计算佣金，并记录到操作日志。
      </p>

      <section className="sticky top-0 z-10 mb-4 rounded-lg bg-white p-3 shadow-sm ring-1 ring-slate-200" aria-label="指定会员">
        <p className="mb-2 text-sm">
          已选 <b data-testid="selected-count">{chosen.length}</b> 笔订单
          {chosen.length ? (
            <button type="button" onClick={() => setSelected(new Set())} className="ml-2 text-xs text-slate-500 underline">
              清空
            </button>
          ) : null}
        </p>
        <AssignOrdersForm
          orderIds={chosen}
          onDone={(res) => {
            if (res.assigned.length) {
              const next = new Set(selected);
              for (const id of res.assigned) next.delete(id);
              setSelected(next);
              mutate();
            }
          }}
        />
      </section>

      <PagedList
        list={list}
        loadingRows={5}
        emptyTitle="没有未归属的订单"
        emptyHint="所有订单都已对应到会员。"
      >
        <DataTable
          testId="unattributed-orders"
          head={
            <>
              <Th className="w-10">
                <input type="checkbox" aria-label="全选" checked={allChosen} onChange={() => setSelected(allChosen ? new Set() : new Set(visible))} />
              </Th>
              <Th>时间（北京）</Th>
              <Th>订单号</Th>
              <Th>标题</Th>
              <Th>业务线</Th>
              <Th>状态</Th>
              <Th className="text-right">实付金额</Th>
              <Th>sid</Th>
            </>
          }
        >
          {items.map((o) => (
            <tr key={o.orderId} data-order-id={o.orderId} className={selected.has(o.orderId) ? "bg-amber-50" : "hover:bg-amber-50/40"}>
              <td className="px-3 py-2">
                <input type="checkbox" aria-label={`选择订单 ${o.orderId}`} checked={selected.has(o.orderId)} onChange={() => toggle(o.orderId)} />
              </td>
              <OrderSummaryCells o={o} />
              <td className="px-3 py-2">
                <StatusBadge status={o.status} refundType={o.refundType} />
              </td>
              <td className="px-3 py-2 text-right font-medium tabular-nums">{formatYuan(o.payAmount)}</td>
              <td className="px-3 py-2 font-mono text-xs">{o.sid ?? <span className="font-sans text-slate-400">（无 sid）</span>}</td>
            </tr>
          ))}
        </DataTable>
      </PagedList>
    </div>
  );
}
