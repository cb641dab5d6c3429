"use client";
// 推广漏斗: clicks → orders → GMV → commission for every member's short links, grouped by link (top links), member,
// activity, link type or Beijing day, filtered, paged (GET /api/admin/funnel).
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useAdminActivities, useAdminFunnel } from "@/lib/client/hooks";
import { formatRate, formatYuan } from "@/lib/client/format";
import { DataTable, Th } from "@/components/data-table";
import { DateRangeFilter, FILTER_INPUT, FilterField, FilterForm, FilterSelect, pickParams } from "@/components/filter-form";
import { MemberLink } from "@/components/member-link";
import { Empty, ErrorBox, Loading } from "@/components/states";
import { FUNNEL_GROUP_LABEL, LINK_TYPE_LABEL } from "@/lib/labels";
import { LINK_TYPES } from "@/lib/contracts/enums";
import { FUNNEL_GROUPS, type AdminFunnel, type FunnelGroup, type FunnelNumbers } from "@/lib/contracts/links";

const FILTERS = ["from", "to", "group", "activityId", "linkType", "memberId"] as const;
const PAGE = 50;

const rate = (n: FunnelNumbers) => (n.conversion === null ? "—" : formatRate(n.conversion));

function Total({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <div className="rounded-lg bg-white p-3 ring-1 ring-slate-200">
      <p className="text-xs text-slate-500">{label}</p>
      <p className="mt-1 text-lg font-semibold tabular-nums">{value}</p>
      {hint ? <p className="text-[11px] text-slate-400">{hint}</p> : null}
    </div>
  );
}

export function AdminFunnelView() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const query = pickParams(params, [...FILTERS, "cursor"]);
  query.set("limit", String(PAGE));
  const group = (FUNNEL_GROUPS as readonly string[]).includes(params.get("group") ?? "") ? (params.get("group") as FunnelGroup) : "link";
  const { data, error, mutate, isLoading } = useAdminFunnel(query);
  const activities = useAdminActivities();
  const memberId = params.get("memberId");

  const go = (next: URLSearchParams) => router.push(next.size ? `${pathname}?${next}` : pathname);
  const withParam = (key: string, value: string | null) => {
    const next = pickParams(params, FILTERS);
    if (value === null) next.delete(key);
    else next.set(key, value);
    return `${pathname}?${next}`;
  };

  return (
    <div>
      <h1 className="mb-1 text-xl font-semibold">推广漏斗</h1>
      <p className="mb-4 text-sm text-slate-500">
        会员短链接的点击 → 订单 → 成交额 → 会员佣金。订单归属于同一会员、同一活动在支付前 {data?.windowDays ?? 7} 天内的最后一次真人点击；机器人、微信链接预览和预加载单独计数，不计入转化率。
      </p>
      <FilterForm keys={FILTERS} onApply={go}>
        <DateRangeFilter />
        <FilterField label="分组">
          <select name="group" defaultValue={group} className={`${FILTER_INPUT} block`}>
            {FUNNEL_GROUPS.map((g) => (
              <option key={g} value={g}>
                {FUNNEL_GROUP_LABEL[g]}
              </option>
            ))}
          </select>
        </FilterField>
        <FilterSelect label="活动" name="activityId" options={(activities.data?.items ?? []).map((a) => [String(a.id), a.name] as const)} />
        <FilterSelect label="链接类型" name="linkType" options={LINK_TYPES.map((t) => [t, LINK_TYPE_LABEL[t]] as const)} />
        {memberId ? <input type="hidden" name="memberId" value={memberId} /> : null}
      </FilterForm>
      {memberId ? (
        <p className="-mt-2 mb-3 text-sm text-slate-600">
          只看一位会员（{data?.items.find((r) => r.member)?.member?.label ?? "已选会员"}）
          <Link href={withParam("memberId", null)} className="ml-2 text-amber-700 underline">
            看全部会员
          </Link>
        </p>
      ) : null}

      {error ? (
        <ErrorBox error={error} onRetry={() => mutate()} />
      ) : !data ? (
        <Loading rows={6} />
      ) : (
        <div className={isLoading ? "opacity-60" : ""}>
          <p className="mb-2 text-xs text-slate-500">
            {data.from} 至 {data.to}（北京时间）· {FUNNEL_GROUP_LABEL[data.group]}
          </p>
          <div className="mb-4 grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-6" data-testid="funnel-totals">
            <Total label="点击" value={String(data.totals.clicks)} />
            <Total label="机器人/预览" value={String(data.totals.botClicks)} hint="不计入点击" />
            <Total label="订单" value={String(data.totals.orders)} />
            <Total label="转化率" value={rate(data.totals)} hint="订单 ÷ 点击" />
            <Total label="成交额" value={formatYuan(data.totals.gmv)} />
            <Total label="会员佣金" value={formatYuan(data.totals.commission)} />
          </div>
          <FunnelTable data={data} group={group} memberFilter={(id) => withParam("memberId", id)} />
          <Pager data={data} onPage={(cursor) => go(withCursor(params, cursor))} />
        </div>
      )}
    </div>
  );
}

function withCursor(params: URLSearchParams, cursor: string | null) {
  const next = pickParams(params, FILTERS);
  if (cursor) next.set("cursor", cursor);
  return next;
}

function FunnelTable({ data, group, memberFilter }: { data: AdminFunnel; group: FunnelGroup; memberFilter: (id: string) => string }) {
  if (!data.items.length) return <Empty title="这段时间没有点击或订单" hint="换个日期范围或筛选条件；会员分享短链接后，点击会出现在这里。" />;
  const showMember = group === "link" || group === "member";
  const showActivity = group === "link" || group === "activity";
  const showType = group === "link" || group === "linkType";
  return (
    <DataTable
      testId="funnel-table"
      head={
        <>
          {showMember ? <Th>会员</Th> : null}
          {showActivity ? <Th>活动</Th> : null}
          {showType ? <Th>链接类型</Th> : null}
          {group === "day" ? <Th>日期（北京）</Th> : null}
          <Th className="text-right">点击</Th>
          <Th className="text-right">机器人/预览</Th>
          <Th className="text-right">订单</Th>
          <Th className="text-right">转化率</Th>
          <Th className="text-right">成交额</Th>
          <Th className="text-right">会员佣金</Th>
        </>
      }
    >
      {data.items.map((r) => (
        <tr key={r.key} className="hover:bg-amber-50/40">
          {showMember ? (
            <td className="px-3 py-2" data-label="会员">
              <MemberLink member={r.member} />
              {r.member ? (
                <Link href={memberFilter(r.member.id)} className="ml-2 text-xs text-slate-500 underline">
                  只看 TA
                </Link>
              ) : null}
            </td>
          ) : null}
          {showActivity ? (
            <td className="px-3 py-2" data-label="活动">
              {r.activityName}
            </td>
          ) : null}
          {showType ? (
            <td className="px-3 py-2 whitespace-nowrap" data-label="链接类型">
              {r.linkType ? LINK_TYPE_LABEL[r.linkType] : "—"}
            </td>
          ) : null}
          {group === "day" ? (
            <td className="px-3 py-2 whitespace-nowrap" data-label="日期">
              {r.day}
            </td>
          ) : null}
          <td className="px-3 py-2 text-right tabular-nums" data-label="点击">
            {r.clicks}
          </td>
          <td className="px-3 py-2 text-right text-slate-500 tabular-nums" data-label="机器人/预览">
            {r.botClicks}
          </td>
          <td className="px-3 py-2 text-right tabular-nums" data-label="订单">
            {r.orders}
          </td>
          <td className="px-3 py-2 text-right tabular-nums" data-label="转化率">
            {rate(r)}
          </td>
          <td className="px-3 py-2 text-right whitespace-nowrap tabular-nums" data-label="成交额">
            {formatYuan(r.gmv)}
          </td>
          <td className="px-3 py-2 text-right font-medium whitespace-nowrap text-amber-700 tabular-nums" data-label="会员佣金">
            {formatYuan(r.commission)}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

function Pager({ data, onPage }: { data: AdminFunnel; onPage: (cursor: string | null) => void }) {
  const params = useSearchParams();
  const offset = Number(params.get("cursor") ?? 0) || 0;
  const pages = Math.max(1, Math.ceil(data.total / PAGE));
  if (pages <= 1) return <p className="mt-3 text-xs text-slate-500">共 {data.total} 行</p>;
  const page = Math.floor(offset / PAGE) + 1;
  return (
    <div className="mt-3 flex items-center gap-3 text-sm">
      <button type="button" disabled={page <= 1} onClick={() => onPage(offset - PAGE > 0 ? String(offset - PAGE) : null)} className="rounded-md border border-slate-300 px-3 py-1.5 disabled:opacity-40">
        上一页
      </button>
      <span className="text-slate-600 tabular-nums">
        第 {page} / {pages} 页 · 共 {data.total} 行
      </span>
      <button type="button" disabled={!data.nextCursor} onClick={() => onPage(data.nextCursor)} className="rounded-md border border-slate-300 px-3 py-1.5 disabled:opacity-40">
        下一页
      </button>
    </div>
  );
}
