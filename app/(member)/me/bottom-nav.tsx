"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";

const ICON: Record<string, React.ReactNode> = {
  home: <path d="M3 10.5 12 3l9 7.5V20a1 1 0 0 1-1 1h-5v-6h-6v6H4a1 1 0 0 1-1-1z" />,
  orders: <path d="M6 3h12a1 1 0 0 1 1 1v17l-3-2-2 2-2-2-2 2-2-2-3 2V4a1 1 0 0 1 1-1zm3 5h6M9 12h6" />,
  earnings: <path d="M4 20V10m6 10V4m6 16v-7m5 7H3" />,
  team: <path d="M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8zm-7 10a7 7 0 0 1 14 0M16 3.5a4 4 0 0 1 0 7.5M22 21a7 7 0 0 0-4-6.3" />,
  withdraw: <path d="M3 7h18v12H3zm0 4h18M7 15h4" />,
};

const ITEMS = [
  { href: "/me", label: "首页", icon: "home" },
  { href: "/me/orders", label: "订单", icon: "orders" },
  { href: "/me/earnings", label: "收益", icon: "earnings" },
  { href: "/me/team", label: "团队", icon: "team" },
  { href: "/me/withdraw", label: "提现", icon: "withdraw" },
] as const;

export function BottomNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="会员导航" className="fixed inset-x-0 bottom-0 z-10 border-t border-slate-200 bg-white/95 pb-[env(safe-area-inset-bottom)] backdrop-blur">
      <ul className="mx-auto grid max-w-xl grid-cols-5">
        {ITEMS.map((item) => {
          const active = item.href === "/me" ? pathname === "/me" || pathname === "/me/invite" : pathname.startsWith(item.href);
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
