"use client";
// The filter bar above admin lists: labelled fields, 筛选 and 清除. Keyed by the query so it shows what is applied.
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";

export const FILTER_INPUT = "rounded-md border border-slate-300 px-2 py-1.5 text-sm";

/** The query's values for `keys`, the empty ones left out. */
export function pickParams(params: { get(key: string): string | null }, keys: readonly string[]): URLSearchParams {
  const query = new URLSearchParams();
  for (const k of keys) {
    const v = params.get(k);
    if (v) query.set(k, v);
  }
  return query;
}

export function FilterForm({
  keys,
  onApply,
  children,
  after,
}: {
  keys: readonly string[];
  /** The submitted `keys`, trimmed, the empty ones left out. */
  onApply: (query: URLSearchParams) => void;
  children: React.ReactNode;
  /** Shown after 清除. */
  after?: React.ReactNode;
}) {
  const pathname = usePathname();
  const params = useSearchParams();

  function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    onApply(pickParams({ get: (k) => String(form.get(k) ?? "").trim() }, keys));
  }

  return (
    <form key={params.toString()} onSubmit={submit} className="mb-4 flex flex-wrap items-end gap-2 rounded-lg bg-white p-3 ring-1 ring-slate-200">
      {children}
      <button className="rounded-md bg-slate-900 px-3 py-1.5 text-sm text-white">筛选</button>
      <Link href={pathname} className="px-2 py-1.5 text-sm text-slate-600 underline">
        清除
      </Link>
      {after}
    </form>
  );
}

export function FilterField({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <label className="text-xs text-slate-500">
      {label}
      {children}
    </label>
  );
}

/** A text filter showing the query's current value. */
export function FilterInput({ label, name, width, placeholder }: { label: string; name: string; width: string; placeholder?: string }) {
  const params = useSearchParams();
  return (
    <FilterField label={label}>
      <input name={name} defaultValue={params.get(name) ?? ""} className={`${FILTER_INPUT} block ${width}`} placeholder={placeholder} />
    </FilterField>
  );
}

/** A select whose first option, 全部, leaves the filter out. */
export function FilterSelect({ label, name, options }: { label: string; name: string; options: readonly (readonly [string, string])[] }) {
  const params = useSearchParams();
  return (
    <FilterField label={label}>
      <select name={name} defaultValue={params.get(name) ?? ""} className={`${FILTER_INPUT} block`}>
        <option value="">全部</option>
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </FilterField>
  );
}

/** The list's order (`sort`): always one of the options, the first when the query names none. */
export function SortSelect({ options }: { options: readonly (readonly [string, string])[] }) {
  const params = useSearchParams();
  return (
    <FilterField label="排序">
      <select name="sort" defaultValue={params.get("sort") ?? options[0]?.[0]} className={`${FILTER_INPUT} block`}>
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </FilterField>
  );
}

/** from / to as Beijing dates. */
export function DateRangeFilter() {
  const params = useSearchParams();
  return (
    <>
      <FilterField label="开始日期（北京时间）">
        <input type="date" name="from" defaultValue={params.get("from") ?? ""} className={`${FILTER_INPUT} block`} />
      </FilterField>
      <FilterField label="结束日期">
        <input type="date" name="to" defaultValue={params.get("to") ?? ""} className={`${FILTER_INPUT} block`} />
      </FilterField>
    </>
  );
}
