"use client";
// The console header's search box: orders and members in one list, ↑/↓ to move, Enter to open, Esc to close.
// Enter on a whole order id opens that order even before its result is shown.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import { useAdminSearch } from "@/lib/client/hooks";
import { isOrderIdPrefix, type SearchResults } from "@/lib/contracts/search";
import { MEMBER_MATCH_LABEL, ROLE_LABEL } from "@/lib/labels";
import { StatusBadge } from "./status-badge";
import { formatYuan } from "@/lib/client/format";

const DEBOUNCE_MS = 200;

type Item = { key: string; href: string } & ({ kind: "order"; order: SearchResults["orders"][number] } | { kind: "member"; member: SearchResults["members"][number] });

const orderHref = (orderId: string) => `/admin/orders/${encodeURIComponent(orderId)}`;
const memberHref = (id: string) => `/admin/members/${encodeURIComponent(id)}`;

function itemsOf(data: SearchResults | undefined): Item[] {
  if (!data) return [];
  return [
    ...data.orders.map((order) => ({ kind: "order" as const, key: `o:${order.orderId}`, href: orderHref(order.orderId), order })),
    ...data.members.map((member) => ({ kind: "member" as const, key: `m:${member.id}`, href: memberHref(member.id), member })),
  ];
}


function useDebounced(value: string, ms: number) {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return debounced;
}

export function AdminSearch() {
  const router = useRouter();
  const listId = useId();
  const input = useRef<HTMLInputElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const [text, setText] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const term = useDebounced(text.trim(), DEBOUNCE_MS);
  const { data, error, isLoading } = useAdminSearch(term);
  const current = term === text.trim() ? data : undefined;
  const items = itemsOf(data);

  // "/" anywhere outside a text field jumps to the search box, as on most consoles.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (e.key !== "/" || e.metaKey || e.ctrlKey || e.altKey || target?.closest("input, textarea, select, [contenteditable=true]")) return;
      e.preventDefault();
      input.current?.focus();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  // A click outside closes the list.
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (!box.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", onDown);
    return () => document.removeEventListener("mousedown", onDown);
  }, [open]);

  useEffect(() => setActive(-1), [data]);

  function go(href: string) {
    setOpen(false);
    setText("");
    input.current?.blur();
    router.push(href);
  }

  function onKeyDown(e: React.KeyboardEvent<HTMLInputElement>) {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      setOpen(true);
      if (!items.length) return;
      const last = items.length - 1;
      setActive((i) => (e.key === "ArrowDown" ? (i >= last ? 0 : i + 1) : i <= 0 ? last : i - 1));
    } else if (e.key === "Enter") {
      e.preventDefault();
      const typed = text.trim();
      if (active >= 0 && items[active]) return go(items[active].href);
      const exact = current?.orders.find((o) => o.exact);
      if (exact) return go(orderHref(exact.orderId));
      // A whole order id typed and Enter pressed before the results came: open it (its page says if it is unknown).
      if (/^\d{15,}$/.test(typed)) return go(orderHref(typed));
      if (current && items.length === 1) return go(items[0].href);
      setOpen(true);
    } else if (e.key === "Escape") {
      if (open) setOpen(false);
      else setText("");
    }
  }

  const typed = text.trim();
  const showList = open && typed.length > 0;
  const tooShortForOrder = /^\d+$/.test(typed) && !isOrderIdPrefix(typed);
  const activeId = active >= 0 && items[active] ? `${listId}-${active}` : undefined;

  return (
    <div ref={box} className="relative order-1 w-full xl:order-last xl:w-72">
      <label htmlFor={`${listId}-input`} className="sr-only">
        查找订单或会员
      </label>
      <input
        ref={input}
        id={`${listId}-input`}
        type="search"
        role="combobox"
        aria-expanded={showList}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={activeId}
        autoComplete="off"
        spellCheck={false}
        maxLength={64}
        value={text}
        placeholder="搜索订单号、手机号、昵称、sid、邀请码（/）"
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onKeyDown={onKeyDown}
        className="block w-full rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm shadow-sm placeholder:text-slate-400 focus:border-amber-500 focus:ring-2 focus:ring-amber-200 focus:outline-none"
      />
      {showList ? (
        <div className="absolute right-0 left-0 z-50 mt-1 max-h-[70vh] overflow-y-auto rounded-md border border-slate-200 bg-white text-sm shadow-lg xl:left-auto xl:w-[28rem]">
          <ul id={listId} role="listbox" aria-label="搜索结果">
            {items.map((item, i) => (
              <li key={item.key} id={`${listId}-${i}`} role="option" aria-selected={i === active}>
                {(i === 0 || items[i - 1].kind !== item.kind) && (
                  <div className="border-t border-slate-100 bg-slate-50 px-3 py-1 text-xs font-medium text-slate-500 first:border-t-0" aria-hidden>
                    {item.kind === "order" ? "订单" : "会员"}
                  </div>
                )}
                <Link
                  href={item.href}
                  tabIndex={-1}
                  onClick={(e) => {
                    e.preventDefault();
                    go(item.href);
                  }}
                  onMouseEnter={() => setActive(i)}
                  className={`flex items-center gap-3 px-3 py-2 ${i === active ? "bg-amber-50" : "hover:bg-slate-50"}`}
                >
                  {item.kind === "order" ? <OrderRow order={item.order} /> : <MemberRow member={item.member} />}
                </Link>
              </li>
            ))}
          </ul>
          {!items.length ? (
            <p className="px-3 py-3 text-slate-500" role="status">
              {error
                ? "搜索失败，请稍后再试"
                : isLoading || !current
                  ? "搜索中…"
                  : tooShortForOrder
                    ? "没有匹配的会员。按订单号搜索请至少输入 6 位数字。"
                    : "没有找到匹配的订单或会员。可输入订单号（至少 6 位）、手机号、邮箱、昵称、sid 或邀请码。"}
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

function OrderRow({ order }: { order: SearchResults["orders"][number] }) {
  return (
    <>
      <div className="min-w-0 flex-1">
        <div className="flex items-center gap-2">
          <span className="font-mono text-xs text-slate-900">{order.orderId}</span>
          <StatusBadge status={order.status} />
        </div>
        <div className="truncate text-xs text-slate-500">
          {order.title ?? "（无标题）"} · {order.member ? `${order.member.name ?? "未设昵称"} ${order.member.phone}` : "未归属"}
        </div>
      </div>
      <span className="text-xs whitespace-nowrap text-slate-600">{formatYuan(order.gmv)}</span>
    </>
  );
}

function MemberRow({ member }: { member: SearchResults["members"][number] }) {
  return (
    <>
      <div className="min-w-0 flex-1">
        <div className="truncate text-slate-900">
          {member.name ?? "未设昵称"} <span className="text-slate-500">{member.phone}</span>
        </div>
        <div className="truncate text-xs text-slate-500">
          sid {member.sid} · 按{MEMBER_MATCH_LABEL[member.match]}匹配
        </div>
      </div>
      <span className="flex gap-1 text-xs whitespace-nowrap">
        {member.role === "ADMIN" ? <span className="rounded bg-slate-900 px-1.5 py-0.5 text-white">{ROLE_LABEL.ADMIN}</span> : null}
        {member.disabled ? <span className="rounded bg-red-50 px-1.5 py-0.5 text-red-700">已停用</span> : null}
      </span>
    </>
  );
}
