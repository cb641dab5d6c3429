"use client";
// 会员: search by username, sid, invite code or id; each row opens the member's page.
import { useMembers } from "@/lib/client/hooks";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { DisabledBadge, RoleBadge } from "@/components/admin-badges";
import { DataTable, Th } from "@/components/data-table";
import { PagedList } from "@/components/paged-list";
import { formatBeijing } from "@/lib/time";

export function MembersList() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const q = params.get("q") ?? "";
  const query = new URLSearchParams({ limit: "50" });
  if (q) query.set("q", q);
  const list = useMembers(query);

  function search(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const v = String(new FormData(e.currentTarget).get("q") ?? "").trim();
    router.push(v ? `${pathname}?q=${encodeURIComponent(v)}` : pathname);
  }

  return (
    <div>
      <h1 className="mb-4 text-xl font-semibold">会员</h1>
      <form key={q} onSubmit={search} className="mb-4 flex flex-wrap items-end gap-2 rounded-lg bg-white p-3 ring-1 ring-slate-200" role="search">
        <label className="text-xs text-slate-500">
          搜索
          <input
            name="q"
            type="search"
            defaultValue={q}
            className="block w-80 rounded-md border border-slate-300 px-2 py-1.5 text-sm"
            placeholder="用户名、sid、邀请码或会员 ID"
          />
        </label>
        <button className="rounded-md bg-slate-900 px-3 py-1.5 text-sm text-white">搜索</button>
        {q ? (
          <Link href={pathname} className="px-2 py-1.5 text-sm text-slate-600 underline">
            清除
          </Link>
        ) : null}
      </form>

      <PagedList
        list={list}
        loadingRows={6}
        emptyTitle={q ? `没有找到与“${q}”匹配的会员` : "还没有会员"}
        emptyHint={q ? "可以按用户名、sid、邀请码或会员 ID 搜索。" : undefined}
      >
        <DataTable
          testId="members-table"
          head={
            <>
              <Th>用户名</Th>
              <Th>昵称</Th>
              <Th>角色</Th>
              <Th>sid</Th>
              <Th>邀请码</Th>
              <Th>邀请人</Th>
              <Th>注册时间（北京）</Th>
              <Th>会员 ID</Th>
            </>
          }
        >
          {list.items.map((m) => (
            <tr key={m.id} data-member-id={m.id} data-disabled={m.disabled} className={m.disabled ? "bg-slate-50 text-slate-500" : "hover:bg-amber-50/40"}>
              <td className="px-3 py-2">
                <Link href={`/admin/members/${encodeURIComponent(m.id)}`} className="font-medium text-amber-700 underline">
                  {m.username}
                </Link>
                {m.disabled ? (
                  <span className="ml-2">
                    <DisabledBadge />
                  </span>
                ) : null}
              </td>
              <td className="px-3 py-2">{m.name ?? "—"}</td>
              <td className="px-3 py-2">
                <RoleBadge role={m.role} />
              </td>
              <td className="px-3 py-2 font-mono text-xs">{m.sid ?? "—"}</td>
              <td className="px-3 py-2 font-mono text-xs">{m.inviteCode ?? "—"}</td>
              <td className="px-3 py-2 font-mono text-xs">
                {m.inviterId ? (
                  <Link href={`/admin/members/${encodeURIComponent(m.inviterId)}`} className="text-slate-600 underline">
                    {m.inviterId}
                  </Link>
                ) : (
                  <span className="font-sans text-slate-400">无</span>
                )}
              </td>
              <td className="px-3 py-2 whitespace-nowrap text-slate-600">{formatBeijing(m.createdAt)}</td>
              <td className="px-3 py-2 font-mono text-xs text-slate-400">{m.id}</td>
            </tr>
          ))}
        </DataTable>
      </PagedList>
    </div>
  );
}
