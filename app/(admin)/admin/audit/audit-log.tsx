"use client";
// 操作日志: every admin action with its reason, and what it changed (before and after, side by side).
import { useAuditLog } from "@/lib/client/hooks";
import type { AuditItem } from "@/lib/contracts/audit";
import { AUDIT_ACTIONS, AUDIT_TARGET_TYPES } from "@/lib/contracts/enums";
import { prettyJson } from "@/lib/client/format";
import { auditTargetHref, changedFields, fieldRows } from "@/lib/client/audit";
import Link from "next/link";
import { MemberLink } from "@/components/member-link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { Fragment, useState } from "react";
import { DataTable, Th } from "@/components/data-table";
import { DateRangeFilter, FilterForm, FilterInput, FilterSelect, pickParams } from "@/components/filter-form";
import { PagedList } from "@/components/paged-list";
import { formatBeijing } from "@/lib/time";
import { AUDIT_ACTION_LABEL, AUDIT_TARGET_LABEL } from "@/lib/labels";

const FILTERS = ["action", "targetType", "targetId", "actorId", "from", "to"] as const;

/** What an action changed, field by field in Chinese; the stored JSON stays available underneath. */
function ChangeView({ before, after, targetType, people }: { before: string | null; after: string | null; targetType: string; people: Record<string, string> }) {
  const rows = fieldRows(before, after, targetType, people);
  return (
    <div className="space-y-2" data-testid="audit-change">
      {rows.length ? (
        <table className="min-w-full text-xs">
          <thead className="text-left text-slate-500">
            <tr>
              <th className="py-1 pr-4">项目</th>
              <th className="py-1 pr-4">之前</th>
              <th className="py-1">之后</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-200">
            {rows.map((r) => (
              <tr key={r.name} className={r.changed ? "font-medium text-slate-900" : "text-slate-500"}>
                <td className="py-1 pr-4 whitespace-nowrap">{r.name}</td>
                <td className="py-1 pr-4 break-all">{r.before}</td>
                <td className="py-1 break-all">{r.after}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <details>
        <summary className="cursor-pointer text-xs text-slate-500">原始记录（JSON）</summary>
        <div className="mt-1 grid gap-3 md:grid-cols-2">
          {(
            [
              ["之前", before],
              ["之后", after],
            ] as const
          ).map(([title, text]) => (
            <div key={title}>
              <p className="mb-1 text-xs font-medium text-slate-500">{title}</p>
              {text === null ? (
                <p className="rounded bg-white px-2 py-1.5 text-xs text-slate-400 ring-1 ring-slate-200">（无）</p>
              ) : (
                <pre className="max-h-96 overflow-auto rounded bg-slate-900 p-2 text-xs whitespace-pre-wrap break-all text-slate-100">{prettyJson(text)}</pre>
              )}
            </div>
          ))}
        </div>
      </details>
    </div>
  );
}

function AuditRow({ a }: { a: AuditItem }) {
  const [open, setOpen] = useState(false);
  const href = auditTargetHref(a.targetType, a.targetId);
  const target =
    a.targetType === "commission_rules"
      ? `v${a.targetId}`
      : a.targetType === "settlement" && !Number.isNaN(Date.parse(a.targetId))
        ? formatBeijing(a.targetId, true)
        : a.targetId;
  const hasChange = a.before !== null || a.after !== null;
  const fields = hasChange ? changedFields(a.before, a.after, a.targetType, a.people) : [];
  return (
    <Fragment>
      <tr data-audit-id={a.id} data-action={a.action} className="align-top hover:bg-amber-50/40">
        <td className="px-3 py-2 whitespace-nowrap text-slate-600">{formatBeijing(a.at, true)}</td>
        <td className="px-3 py-2">
          <MemberLink member={a.actor} className="text-slate-700 underline" />
        </td>
        <td className="px-3 py-2 whitespace-nowrap">
          <span className="font-medium">{AUDIT_ACTION_LABEL[a.action]}</span>
        </td>
        <td className="px-3 py-2">
          <span className="text-xs text-slate-500">{AUDIT_TARGET_LABEL[a.targetType]}</span>{" "}
          {a.targetMember ? (
            <MemberLink member={a.targetMember} />
          ) : href ? (
            <Link href={href} className="font-mono text-xs break-all text-amber-700 underline">
              {target}
            </Link>
          ) : (
            <span className="font-mono text-xs break-all">{target}</span>
          )}
        </td>
        <td className="max-w-sm px-3 py-2 text-sm break-words">{a.reason ?? <span className="text-slate-400">—</span>}</td>
        <td className="max-w-xs px-3 py-2">
          {fields.length ? (
            <ul className="mb-0.5 space-y-0.5 text-[11px] break-all text-slate-600" data-testid="audit-fields">
              {fields.slice(0, 4).map((f) => (
                <li key={f}>{f}</li>
              ))}
              {fields.length > 4 ? <li className="text-slate-400">…共 {fields.length} 项</li> : null}
            </ul>
          ) : null}
          {hasChange ? (
            <button type="button" aria-expanded={open} onClick={() => setOpen(!open)} className="text-xs whitespace-nowrap text-slate-600 underline hover:text-slate-900">
              {open ? "收起" : "查看变更"}
            </button>
          ) : (
            <span className="text-xs text-slate-400">—</span>
          )}
        </td>
      </tr>
      {open ? (
        <tr className="bg-slate-50">
          <td colSpan={6} className="px-3 py-3">
            <ChangeView before={a.before} after={a.after} targetType={a.targetType} people={a.people} />
          </td>
        </tr>
      ) : null}
    </Fragment>
  );
}

export function AuditLog() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const query = pickParams(params, FILTERS);
  query.set("limit", "50");
  const list = useAuditLog(query);

  return (
    <div>
      <h1 className="mb-4 text-xl font-semibold">操作日志</h1>
      <FilterForm keys={FILTERS} onApply={(next) => router.push(`${pathname}${next.size ? `?${next}` : ""}`)}>
        <FilterSelect label="操作" name="action" options={AUDIT_ACTIONS.map((a) => [a, AUDIT_ACTION_LABEL[a]] as const)} />
        <FilterSelect label="对象类型" name="targetType" options={AUDIT_TARGET_TYPES.map((t) => [t, AUDIT_TARGET_LABEL[t]] as const)} />
        <FilterInput label="对象 ID" name="targetId" width="w-48" placeholder="订单号、提现编号…" />
        <FilterInput label="操作人 ID" name="actorId" width="w-40" />
        <DateRangeFilter />
      </FilterForm>

      <PagedList list={list} loadingRows={6} emptyTitle="没有符合条件的操作记录">
        <DataTable
          testId="audit-table"
          head={
            <>
              <Th>时间（北京）</Th>
              <Th>操作人</Th>
              <Th>操作</Th>
              <Th>对象</Th>
              <Th>原因 / 备注</Th>
              <Th>变更</Th>
            </>
          }
        >
          {list.items.map((a) => (
            <AuditRow key={a.id} a={a} />
          ))}
        </DataTable>
      </PagedList>
    </div>
  );
}
