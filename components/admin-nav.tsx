"use client";
// The admin console's navigation; the current section is highlighted. Below lg it folds into a menu button: open,
// it lists the sections under the header, and it folds again on Esc or when the page changes. Sections with work
// waiting (withdrawals and claims to review, failed pushes) carry its count; the folded menu button their sum.
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { useConsoleBadges } from "@/lib/client/hooks";
import type { ConsoleBadges } from "@/lib/contracts/badges";
import { BADGE_LABEL } from "@/lib/labels";

type Badge = keyof ConsoleBadges;

const ITEMS: { href: string; label: string; exact?: boolean; badge?: Badge; also?: string[] }[] = [
  { href: "/admin", label: "概览", exact: true },
  { href: "/admin/orders", label: "订单" },
  { href: "/admin/unattributed", label: "未归属订单" },
  { href: "/admin/claims", label: "订单找回", badge: "claims" },
  { href: "/admin/pushes", label: "推送日志", badge: "failedPushes" },
  { href: "/admin/sync", label: "对账" },
  { href: "/admin/members", label: "会员" },
  { href: "/admin/activities", label: "推广活动" },
  { href: "/admin/funnel", label: "推广漏斗" },
  { href: "/admin/withdrawals", label: "提现审核", badge: "withdrawals" },
  { href: "/admin/settings/commission", label: "佣金规则" },
  { href: "/admin/alerts", label: "通知与告警", badge: "alerts", also: ["/admin/settings/notifications"] },
  { href: "/admin/settings/agreements", label: "用户协议" },
  { href: "/admin/audit", label: "操作日志" },
];

/** "12", "99+": a count that fits a badge. */
const shortCount = (n: number) => (n > 99 ? "99+" : String(n));

function CountBadge({ n, name, active }: { n: number; name: Badge; active: boolean }) {
  return (
    // The link's name stays the section's; its title (the accessible description) says what the number counts.
    <span
      aria-hidden="true"
      data-testid={`badge-${name}`}
      className={`ml-1.5 inline-flex min-w-5 items-center justify-center rounded-full px-1.5 text-[11px] leading-5 font-semibold tabular-nums ${active ? "bg-white text-slate-900" : "bg-red-500 text-white"}`}
    >
      {shortCount(n)}
    </span>
  );
}

export function AdminNav() {
  const pathname = usePathname();
  const { data: badges } = useConsoleBadges();
  const waiting = badges ? badges.withdrawals + badges.claims + badges.failedPushes : 0;
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
        title={waiting > 0 ? `${waiting} 项待处理` : undefined}
        onClick={() => setOpenOn(open ? null : pathname)}
        className="order-first -ml-1.5 flex shrink-0 items-center gap-1 rounded-md px-1.5 py-1 text-sm text-slate-700 hover:bg-slate-100 lg:hidden"
      >
        <svg viewBox="0 0 24 24" aria-hidden="true" className="size-5 fill-none stroke-current stroke-2">
          <path d={open ? "M6 6l12 12M18 6 6 18" : "M4 7h16M4 12h16M4 17h16"} />
        </svg>
        菜单
        {waiting > 0 ? (
          <span data-testid="badge-menu" aria-hidden="true" className="inline-flex min-w-5 items-center justify-center rounded-full bg-red-500 px-1.5 text-[11px] leading-5 font-semibold text-white tabular-nums">
            {shortCount(waiting)}
          </span>
        ) : null}
      </button>
      <nav
        id="admin-nav"
        aria-label="管理后台导航"
        className={`${open ? "grid" : "hidden"} order-last w-full grid-cols-2 gap-1 border-t border-slate-100 pt-2 text-sm sm:grid-cols-3 lg:flex lg:flex-wrap lg:border-0 lg:pt-0 xl:order-1 xl:w-auto xl:flex-1`}
      >
        {ITEMS.map((item) => {
          const active = item.exact ? pathname === item.href : [item.href, ...(item.also ?? [])].some((href) => pathname === href || pathname.startsWith(`${href}/`));
          const n = item.badge && badges ? badges[item.badge] : 0;
          return (
            <Link
              key={item.href}
              href={item.href}
              aria-current={active ? "page" : undefined}
              onClick={() => setOpenOn(null)}
              title={n > 0 && item.badge ? `${n} ${BADGE_LABEL[item.badge]}` : undefined}
              className={`flex items-center rounded-md px-2.5 py-2 whitespace-nowrap lg:py-1 ${active ? "bg-slate-900 text-white" : "text-slate-600 hover:bg-slate-100 hover:text-slate-900"}`}
            >
              {item.label}
              {n > 0 && item.badge ? <CountBadge n={n} name={item.badge} active={active} /> : null}
            </Link>
          );
        })}
      </nav>
    </>
  );
}
