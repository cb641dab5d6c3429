"use client";
// Five tabs built around earning: 推广 (links, posters, the funnel) in the middle; 收益 and 提现 live under 我的,
// and 提现 stays one tap from home (the balance card's button).
import Link from "next/link";
import { usePathname } from "next/navigation";

const ICON: Record<string, React.ReactNode> = {
  home: <path d="M3 10.5 12 3l9 7.5V20a1 1 0 0 1-1 1h-5v-6h-6v6H4a1 1 0 0 1-1-1z" />,
  orders: <path d="M6 3h12a1 1 0 0 1 1 1v17l-3-2-2 2-2-2-2 2-2-2-3 2V4a1 1 0 0 1 1-1zm3 5h6M9 12h6" />,
  promote: <path d="M4 10v4a1 1 0 0 0 1 1h2l5 4V5L7 9H5a1 1 0 0 0-1 1zm12-2a5 5 0 0 1 0 8m2.5-10.5a8.5 8.5 0 0 1 0 13" />,
  team: <path d="M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8zm-7 10a7 7 0 0 1 14 0M16 3.5a4 4 0 0 1 0 7.5M22 21a7 7 0 0 0-4-6.3" />,
  mine: <path d="M12 12a4.5 4.5 0 1 0 0-9 4.5 4.5 0 0 0 0 9zm-8 9a8 8 0 0 1 16 0" />,
};

/** Each tab with the pages it stands for (the first is where it goes). */
export const NAV_ITEMS = [
  { href: "/me", label: "首页", icon: "home", pages: ["/me"] },
  { href: "/me/orders", label: "订单", icon: "orders", pages: ["/me/orders", "/me/claim"] },
  { href: "/me/links", label: "推广", icon: "promote", pages: ["/me/links", "/me/invite"] },
  { href: "/me/team", label: "团队", icon: "team", pages: ["/me/team"] },
  { href: "/me/account", label: "我的", icon: "mine", pages: ["/me/account", "/me/earnings", "/me/withdraw"] },
] as const;

const isActive = (pages: readonly string[], pathname: string) =>
  pages.some((p) => (p === "/me" ? pathname === "/me" : pathname === p || pathname.startsWith(`${p}/`)));

export function BottomNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="会员导航" className="fixed inset-x-0 bottom-0 z-10 border-t border-slate-200 bg-white/95 pb-[env(safe-area-inset-bottom)] backdrop-blur">
      <ul className="mx-auto grid max-w-xl grid-cols-5">
        {NAV_ITEMS.map((item) => {
          const active = isActive(item.pages, pathname);
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={active ? "page" : undefined}
                className={`flex flex-col items-center gap-0.5 py-2 text-[11px] ${active ? "font-medium text-amber-600" : "text-slate-500"}`}
              >
                <svg viewBox="0 0 24 24" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth={1.8} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
                  {ICON[item.icon]}
                </svg>
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
