"use client";
// 我的团队 in two views: 成员 (who joined, what each earned me) and 团队订单 (the orders that earn me money), the
// view and the orders' filters kept in the URL so that a reload or a shared link shows the same list.
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { ORDER_STATUSES } from "@/lib/contracts/enums";
import { ORDER_STATUS_LABEL } from "@/lib/labels";
import { StatusTabs } from "@/components/status-tabs";
import { TeamView } from "./team-view";
import { NoTeamOrders, TeamOrderList } from "./team-orders";

const STATUS_TABS = ["", "paid", "completed", "refunded", "risk"] as const;
const LEVEL_TABS = [
  ["", "全部层级"],
  ["1", "一级团队"],
  ["2", "二级团队"],
] as const;

export function TeamTabs() {
  const params = useSearchParams();
  const view = params.get("view") === "orders" ? "orders" : "members";
  const level = LEVEL_TABS.find(([k]) => k && k === params.get("level"))?.[0] ?? "";
  const status = ORDER_STATUSES.find((s) => s === params.get("status")) ?? "";
  const href = (next: { view?: string; level?: string; status?: string }) => {
    const p = new URLSearchParams();
    const v = next.view ?? view;
    if (v === "orders") {
      p.set("view", "orders");
      const l = next.level ?? level;
      const s = next.status ?? status;
      if (l) p.set("level", l);
      if (s) p.set("status", s);
    }
    const qs = String(p);
    return `/me/team${qs ? `?${qs}` : ""}`;
  };
  const query = new URLSearchParams({ limit: "20", ...(level ? { level } : {}), ...(status ? { status } : {}) });
  return (
    <>
      <StatusTabs
        label="团队视图"
        className="mb-3"
        current={view}
        tabs={[
          { key: "members", text: "团队成员", href: href({ view: "members" }) },
          { key: "orders", text: "团队订单", href: href({ view: "orders" }) },
        ]}
      />
      {view === "members" ? (
        <TeamView />
      ) : (
        <>
          <div className="mb-2 flex flex-wrap items-center gap-2 text-xs">
            {LEVEL_TABS.map(([k, text]) => (
              <Link
                key={k}
                href={href({ level: k })}
                aria-current={level === k ? "true" : undefined}
                className={`rounded px-2 py-1 ring-1 ${level === k ? "bg-amber-100 text-amber-900 ring-amber-300" : "bg-white text-slate-600 ring-slate-200"}`}
              >
                {text}
              </Link>
            ))}
          </div>
          <StatusTabs
            label="订单状态"
            className="mb-3"
            current={status}
            tabs={STATUS_TABS.map((k) => ({ key: k, text: k ? ORDER_STATUS_LABEL[k] : "全部", href: href({ status: k }) }))}
          />
          <p className="mb-2 text-[11px] leading-snug text-slate-400">「我的佣金」是你在这笔订单上的佣金记录之和，与收益明细、余额使用同一批记录；订单退款后记为 ¥0.00。</p>
          <TeamOrderList query={query} emptyHint={<NoTeamOrders filtered={Boolean(level || status)} />} />
        </>
      )}
    </>
  );
}
