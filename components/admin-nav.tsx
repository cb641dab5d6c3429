"use client";
// The admin console's navigation; the current section is highlighted. Below lg it folds into a menu button: open,
// it lists the sections under the header, and it folds again on Esc or when the page changes.
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useRef, useState } from "react";

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
  // Open only on the page where it was opened: following any link folds it without an effect.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === pathname;
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      setOpenOn(null);
      button.current?.focus();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [open]);
  return (
    <>
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls="admin-nav"
        onClick={() => setOpenOn(open ? null : pathname)}
        className="order-first -ml-1.5 flex shrink-0 items-center gap-1 rounded-md px-1.5 py-1 text-sm text-slate-700 hover:bg-slate-100 lg:hidden"
      >
        <svg viewBox="0 0 24 24" aria-hidden="true" className="size-5 fill-none stroke-current stroke-2">
          <path d={open ? "M6 6l12 12M18 6 6 18" : "M4 7h16M4 12h16M4 17h16"} />
        </svg>
        菜单
      </button>
      <nav
        id="admin-nav"
        aria-label="管理后台导航"
        className={`${open ? "grid" : "hidden"} order-last w-full grid-cols-2 gap-1 border-t border-slate-100 pt-2 text-sm sm:grid-cols-3 lg:flex lg:flex-wrap lg:border-0 lg:pt-0 xl:order-1 xl:w-auto xl:flex-1`}
      >
        {ITEMS.map((item) => {
          const active = item.exact ? pathname === item.href : pathname === item.href || pathname.startsWith(`${item.href}/`);
          return (
            <Link
              key={item.href}
              href={item.href}
              aria-current={active ? "page" : undefined}
              onClick={() => setOpenOn(null)}
              className={`rounded-md px-2.5 py-2 whitespace-nowrap lg:py-1 ${active ? "bg-slate-900 text-white" : "text-slate-600 hover:bg-slate-100 hover:text-slate-900"}`}
            >
              {item.label}
            </Link>
          );
        })}
      </nav>
    </>
  );
}
