"use client";
// The admin console's top navigation; the current section is highlighted.
import Link from "next/link";
import { usePathname } from "next/navigation";

const ITEMS: { href: string; label: string; exact?: boolean }[] = [
  { href: "/admin", label: "概览", exact: true },
  { href: "/admin/orders", label: "订单" },
  { href: "/admin/unattributed", label: "未归属订单" },
  { href: "/admin/claims", label: "订单找回" },
  { href: "/admin/pushes", label: "推送日志" },
  { href: "/admin/sync", label: "对账" },
  { href: "/admin/members", label: "会员" },
  { href: "/admin/activities", label: "推广活动" },
  { href: "/admin/withdrawals", label: "提现审核" },
  { href: "/admin/settings/commission", label: "佣金规则" },
  { href: "/admin/audit", label: "操作日志" },
];

export function AdminNav() {
  const pathname = usePathname();
  return (
    <nav className="-mx-4 flex w-[calc(100%+2rem)] gap-1 overflow-x-auto px-4 text-sm xl:mx-0 xl:w-auto xl:flex-1 xl:flex-wrap xl:overflow-visible xl:px-0" aria-label="管理后台导航">
      {ITEMS.map((item) => {
        const active = item.exact ? pathname === item.href : pathname === item.href || pathname.startsWith(`${item.href}/`);
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={active ? "page" : undefined}
            className={`rounded-md px-2.5 py-1 whitespace-nowrap ${active ? "bg-slate-900 text-white" : "text-slate-600 hover:bg-slate-100 hover:text-slate-900"}`}
          >
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}
