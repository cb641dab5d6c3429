"use client";
// Pill links that switch a list between its states; the current one is marked for screen readers too.
import Link from "next/link";

export interface Tab {
  key: string;
  text: string;
  href: string;
}

export function StatusTabs({
  tabs,
  current,
  label,
  className,
  onSelect,
}: {
  tabs: Tab[];
  current: string;
  label: string;
  className: string;
  onSelect?: () => void;
}) {
  return (
    <nav className={`flex flex-wrap gap-2 ${className}`} aria-label={label}>
      {tabs.map(({ key, text, href }) => (
        <Link
          key={key}
          href={href}
          aria-current={current === key ? "page" : undefined}
          onClick={onSelect}
          className={`rounded-full px-3 py-1 text-sm ring-1 ${current === key ? "bg-slate-900 text-white ring-slate-900" : "bg-white text-slate-600 ring-slate-300 hover:bg-slate-50"}`}
        >
          {text}
        </Link>
      ))}
    </nav>
  );
}
