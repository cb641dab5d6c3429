"use client";
// 会员: who they are, what they can withdraw, how active, their team; searchable by phone, email, name, sid or
// invite code, filterable by status and balance, sortable by registration, balance or recent orders.
import { useMembers } from "@/lib/client/hooks";
import { formatYuan, isNegativeYuan } from "@/lib/client/format";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { DisabledBadge, RoleBadge } from "@/components/admin-badges";
import { DataTable, Th } from "@/components/data-table";
import { FilterForm, FilterInput, FilterSelect, pickParams, SortSelect } from "@/components/filter-form";
import { MemberLink } from "@/components/member-link";
import { PagedList } from "@/components/paged-list";
import { formatBeijing } from "@/lib/time";
import type { AdminMember } from "@/lib/contracts/members";

const FILTERS = ["q", "status", "balance", "sort"] as const;
const SORTS: [string, string][] = [
  ["registered_desc", "注册时间从新到旧"],
  ["balance_desc", "可提现从高到低"],
  ["orders30d_desc", "近 30 天订单从多到少"],
];
const LAST_ACTIVE: Record<AdminMember["lastActiveKind"], string> = { order: "下单", withdrawal: "申请提现", registration: "注册" };

export function MembersList() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const query = pickParams(params, FILTERS);
  const filtered = FILTERS.some((k) => k !== "sort" && params.get(k));
  const computedSort = (params.get("sort") ?? "registered_desc") !== "registered_desc";
  query.set("limit", "50");
  const list = useMembers(query);

  function apply(next: URLSearchParams) {
    if (next.get("sort") === "registered_desc") next.delete("sort");
    router.push(next.size ? `${pathname}?${next}` : pathname);
  }

  return (
    <div>
      <h1 className="mb-4 text-xl font-semibold">会员</h1>
      <FilterForm keys={FILTERS} onApply={apply}>
        <FilterInput label="搜索" name="q" width="w-64" placeholder="手机号、邮箱、姓名、sid 或邀请码" />
        <FilterSelect
          label="状态"
          name="status"
          options={[
            ["active", "正常"],
            ["disabled", "已停用"],
          ]}
        />
        <FilterSelect
          label="可提现"
          name="balance"
          options={[
            ["positive", "有余额"],
            ["negative", "余额为负"],
          ]}
        />
        <SortSelect options={SORTS} />
      </FilterForm>
      {computedSort ? <p className="-mt-2 mb-3 text-xs text-slate-500">按可提现或近 30 天订单排序时，最多列出前 1000 位会员；需要更多请加筛选条件。</p> : null}

      <PagedList
        list={list}
        loadingRows={6}
        emptyTitle={filtered ? "没有符合条件的会员" : "还没有会员"}
        emptyHint={filtered ? "换个关键词或筛选条件，或点「清除」。" : "会员注册后会出现在这里。"}
      >
        <DataTable
          testId="members-table"
          head={
            <>
              <Th>会员</Th>
              <Th className="text-right">可提现</Th>
              <Th className="text-right">近 30 天订单</Th>
              <Th className="text-right">团队</Th>
              <Th>最近活跃（北京）</Th>
              <Th>状态</Th>
              <Th>邀请人</Th>
              <Th>sid / 邀请码</Th>
              <Th>注册时间（北京）</Th>
            </>
          }
        >
          {list.items.map((m) => (
            <tr key={m.id} data-member-id={m.id} data-disabled={m.disabled} className={m.disabled ? "bg-slate-50 text-slate-500" : "hover:bg-amber-50/40"}>
              <td className="px-3 py-2">
                <Link href={`/admin/members/${encodeURIComponent(m.id)}`} className="font-medium text-amber-700 underline">
                  {m.label}
                </Link>
                {m.role === "ADMIN" ? (
                  <span className="ml-2">
                    <RoleBadge role={m.role} />
                  </span>
                ) : null}
              </td>
              <td className={`px-3 py-2 text-right font-medium whitespace-nowrap tabular-nums ${isNegativeYuan(m.balance) ? "text-red-600" : ""}`} data-label="可提现" data-testid="member-balance">
                {formatYuan(m.balance)}
              </td>
              <td className="px-3 py-2 text-right tabular-nums" data-label="近 30 天订单">
                {m.orders30d}
              </td>
              <td className="px-3 py-2 text-right tabular-nums" data-label="团队">
                {m.teamSize} 人
              </td>
              <td className="px-3 py-2 whitespace-nowrap text-slate-600" data-label="最近活跃">
                {formatBeijing(m.lastActiveAt)}
                <span className="ml-1 text-xs text-slate-400">{LAST_ACTIVE[m.lastActiveKind]}</span>
              </td>
              <td className="px-3 py-2" data-label="状态">
                {m.disabled ? <DisabledBadge /> : <span className="text-xs text-emerald-700">正常</span>}
              </td>
              <td className="px-3 py-2 text-xs" data-label="邀请人">
                <MemberLink member={m.inviter} empty="无" className="text-slate-600 underline" />
              </td>
              <td className="px-3 py-2 font-mono text-xs" data-label="sid / 邀请码">
                {m.sid ?? "—"}
                <span className="block text-slate-400">{m.inviteCode ?? "—"}</span>
              </td>
              <td className="px-3 py-2 whitespace-nowrap text-slate-600" data-label="注册时间">
                {formatBeijing(m.createdAt)}
              </td>
            </tr>
          ))}
        </DataTable>
      </PagedList>
    </div>
  );
}
