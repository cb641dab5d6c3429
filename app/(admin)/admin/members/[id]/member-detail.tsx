"use client";
// One member: who they are, their team and balance, their latest money and orders, and the admin's actions on
// them (disable/enable, role, inviter), each with a reason for the audit log.
import { formatBps, formatYuan, isNegativeYuan } from "@/lib/client/format";
import type { Role } from "@/lib/contracts/enums";
import { useMember } from "@/lib/client/hooks";
import type { MemberDetail } from "@/lib/contracts/members";
import { sendJson } from "@/lib/client/api";
import { useMutation } from "@/lib/client/use-mutation";
import Link from "next/link";
import { MemberLink } from "@/components/member-link";
import { MemberActivity } from "./member-activity";
import { useState } from "react";
import { CommissionBadge, LevelTag, WithdrawalBadge } from "@/components/money-badges";
import { ErrorBox, Loading } from "@/components/states";
import { StatusBadge } from "@/components/status-badge";
import { formatBeijing } from "@/lib/time";
import { DisabledBadge, RoleBadge } from "@/components/admin-badges";
import { OrderLink } from "@/components/order-cells";
import { ROLE_LABEL, PAYOUT_METHOD_LABEL, label } from "@/lib/labels";


/** A small form: its own fields, a required reason, one submit button; shows the API's message. */
function ReasonAction({
  title,
  hint,
  button,
  tone = "dark",
  disabled,
  disabledHint,
  children,
  onSubmit,
  testId,
}: {
  title: string;
  hint?: string;
  button: string;
  tone?: "dark" | "danger" | "primary";
  disabled?: boolean;
  disabledHint?: string;
  children?: React.ReactNode;
  onSubmit: (reason: string) => Promise<string>;
  testId: string;
}) {
  const [reason, setReason] = useState("");
  const { busy, result: flash, run, fail, clear } = useMutation();
  async function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    clear();
    if (reason.trim().length < 2) return fail("请填写原因");
    await run(() => onSubmit(reason.trim()), {
      done: (text) => {
        setReason("");
        return text;
      },
    });
  }
  const style = {
    dark: "bg-slate-900 text-white hover:bg-slate-700",
    danger: "bg-red-600 text-white hover:bg-red-500",
    primary: "bg-amber-400 text-slate-900 hover:bg-amber-300",
  }[tone];
  return (
    <form onSubmit={submit} noValidate className="space-y-2 py-3" data-testid={testId}>
      <div>
        <h3 className="text-sm font-medium">{title}</h3>
        {hint ? <p className="text-xs text-slate-500">{hint}</p> : null}
      </div>
      {disabled ? (
        <p className="text-xs text-slate-500">{disabledHint}</p>
      ) : (
        <>
          {children}
          <div className="flex gap-2">
            <input
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              aria-label={`${title}原因`}
              placeholder="原因（必填，记入操作日志）"
              maxLength={500}
              className="min-w-0 flex-1 rounded-md border border-slate-300 px-2 py-1.5 text-sm"
            />
            <button type="submit" disabled={busy} className={`rounded-md px-3 py-1.5 text-sm font-medium whitespace-nowrap disabled:opacity-60 ${style}`}>
              {busy ? "处理中…" : button}
            </button>
          </div>
        </>
      )}
      {flash ? (
        <p role={flash.ok ? "status" : "alert"} className={`text-xs ${flash.ok ? "text-emerald-700" : "text-red-600"}`}>
          {flash.text}
        </p>
      ) : null}
    </form>
  );
}

function Actions({ data, onChanged }: { data: MemberDetail; onChanged: () => void }) {
  const m = data.member;
  const base = `/api/admin/members/${encodeURIComponent(m.id)}`;
  const [role, setRole] = useState<Role>(m.role === "ADMIN" ? "MEMBER" : "ADMIN");
  const [inviteCode, setInviteCode] = useState("");
  return (
    <section className="divide-y divide-slate-100 rounded-lg bg-white px-4 py-1 ring-1 ring-slate-200" aria-label="管理操作">
      <ReasonAction
        testId="toggle-disabled"
        title={m.disabled ? "启用账号" : "停用账号"}
        hint={m.disabled ? "启用后会员可以重新登录。" : "停用后会员无法登录和申请提现；已有订单和佣金照常记录。"}
        button={m.disabled ? "启用" : "停用"}
        tone={m.disabled ? "primary" : "danger"}
        onSubmit={async (reason) => {
          await sendJson(`${base}/${m.disabled ? "enable" : "disable"}`, "POST", { reason });
          onChanged();
          return m.disabled ? "已启用" : "已停用";
        }}
      />
      <ReasonAction
        testId="change-role"
        title="修改角色"
        hint={`当前角色：${ROLE_LABEL[m.role]}`}
        button="修改"
        onSubmit={async (reason) => {
          await sendJson(`${base}/role`, "POST", { role, reason });
          onChanged();
          return `角色已改为${ROLE_LABEL[role]}`;
        }}
      >
        <label className="flex items-center gap-2 text-xs text-slate-500">
          新角色
          <select value={role} onChange={(e) => setRole(e.target.value as Role)} className="rounded-md border border-slate-300 px-2 py-1 text-sm text-slate-900">
            <option value="MEMBER">{ROLE_LABEL.MEMBER}</option>
            <option value="ADMIN">{ROLE_LABEL.ADMIN}</option>
          </select>
        </label>
      </ReasonAction>
      <ReasonAction
        testId="rebind-inviter"
        title="更换邀请人"
        hint="整个下级团队随之移动。留空邀请码表示解除邀请关系。"
        button="更换"
        disabled={data.orders.count > 0}
        disabledHint="该会员已有订单，不能更换邀请人。"
        onSubmit={async (reason) => {
          const code = inviteCode.trim();
          await sendJson(`${base}/inviter`, "POST", { inviteCode: code || null, reason });
          setInviteCode("");
          onChanged();
          return code ? `邀请人已改为邀请码 ${code.toUpperCase()} 的会员` : "已解除邀请关系";
        }}
      >
        <input
          value={inviteCode}
          onChange={(e) => setInviteCode(e.target.value)}
          aria-label="新邀请人的邀请码"
          placeholder="新邀请人的邀请码"
          className="w-full rounded-md border border-slate-300 px-2 py-1.5 font-mono text-sm uppercase"
        />
      </ReasonAction>
    </section>
  );
}

const th = "px-3 py-2";
function SectionTable({ title, link, children, empty }: { title: string; link?: { href: string; text: string }; children: React.ReactNode; empty: boolean }) {
  return (
    <section>
      <div className="mb-2 flex items-baseline justify-between">
        <h2 className="font-semibold">{title}</h2>
        {link ? (
          <Link href={link.href} className="text-sm text-amber-700 underline">
            {link.text}
          </Link>
        ) : null}
      </div>
      {empty ? (
        <p className="rounded-lg bg-white px-4 py-6 text-center text-sm text-slate-400 ring-1 ring-slate-200">暂无记录</p>
      ) : (
        <div className="overflow-x-auto rounded-lg bg-white ring-1 ring-slate-200">{children}</div>
      )}
    </section>
  );
}

export function MemberDetailView({ memberId }: { memberId: string }) {
  const { data, error, isLoading, mutate } = useMember(memberId);
  if (error) return <ErrorBox error={error} onRetry={() => mutate()} />;
  if (isLoading || !data) return <Loading rows={4} />;
  const { member: m, inviter, team, downline, orders, balance } = data;

  const info: [string, React.ReactNode][] = [
    ["昵称", m.name ?? "—"],
    ["sid", <span className="font-mono" data-testid="member-sid">{m.sid ?? "—"}</span>],
    ["邀请码", <span className="font-mono">{m.inviteCode ?? "—"}</span>],
    [
      "邀请人",
      <MemberLink member={inviter} empty="无" />,
    ],
    ["注册时间", formatBeijing(m.createdAt)],
    [
      "团队",
      <div data-testid="member-team">
        一级 {downline.level1} 人 · 二级 {downline.level2} 人
        {team.length ? (
          <ul className="mt-1 space-y-0.5 text-xs">
            {team.map((t) => (
              <li key={t.member.id}>
                <span className="mr-1 text-slate-400">{t.level === 1 ? "一级" : "二级"}</span>
                <MemberLink member={t.member} />
              </li>
            ))}
            {downline.level1 + downline.level2 > team.length ? <li className="text-slate-400">另有 {downline.level1 + downline.level2 - team.length} 人未列出</li> : null}
          </ul>
        ) : null}
      </div>,
    ],
    [
      "订单",
      <Link href={`/admin/orders?member=${encodeURIComponent(m.sid ?? "")}`} className="text-amber-700 underline">
        共 {orders.count} 笔 · 近 30 天 {orders.last30Days} 笔
      </Link>,
    ],
  ];
  const cards: [string, string, string][] = [
    ["预估", balance.estimated, "balance-estimated"],
    ["待结算", balance.pending, "balance-pending"],
    ["可提现", balance.available, "balance-available"],
    ["已提现", balance.withdrawn, "balance-withdrawn"],
    ["提现审核中", balance.inReview, "balance-in-review"],
  ];

  return (
    <div className="space-y-6" data-testid="member-detail">
      <div className="flex flex-wrap items-center gap-3">
        <Link href="/admin/members" className="text-sm text-slate-500 underline">
          ← 会员列表
        </Link>
        <h1 className="text-xl font-semibold">{m.username}</h1>
        <RoleBadge role={m.role} />
        {m.disabled ? <DisabledBadge /> : null}
        <Link href={`/admin/audit?targetType=member&targetId=${encodeURIComponent(m.id)}`} className="ml-auto text-sm text-slate-500 underline">
          操作记录
        </Link>
      </div>

      <div className="grid grid-cols-1 gap-4 lg:grid-cols-3">
        <div className="space-y-4 lg:col-span-2">
          <section className="grid gap-x-6 gap-y-2 rounded-lg bg-white p-4 text-sm ring-1 ring-slate-200 sm:grid-cols-2">
            {info.map(([k, v]) => (
              <div key={k} className="flex gap-2">
                <span className="w-16 shrink-0 text-slate-500">{k}</span>
                <span className="min-w-0 break-all">{v}</span>
              </div>
            ))}
          </section>
          <section className="grid grid-cols-2 gap-y-3 rounded-lg bg-white py-3 text-center ring-1 ring-slate-200 sm:grid-cols-5 sm:divide-x sm:divide-slate-100" aria-label="余额">
            {cards.map(([k, v, id]) => (
              <div key={k}>
                <p className="text-xs text-slate-500">{k}</p>
                <p data-testid={id} className={`mt-0.5 text-lg font-semibold tabular-nums ${isNegativeYuan(v) ? "text-red-600" : ""}`}>
                  {formatYuan(v)}
                </p>
              </div>
            ))}
          </section>
        </div>
        <Actions key={`${m.role}-${m.disabled}`} data={data} onChanged={() => mutate()} />
      </div>

      <SectionTable title="最近佣金" empty={data.recentCommissions.length === 0}>
        <table className="table-cards min-w-full text-sm" data-testid="member-commissions">
          <thead className="bg-slate-50 text-left text-xs text-slate-500">
            <tr>
              <th className={th}>记录时间（北京）</th>
              <th className={th}>订单</th>
              <th className={th}>级别</th>
              <th className={`${th} text-right`}>基数</th>
              <th className={`${th} text-right`}>比例</th>
              <th className={`${th} text-right`}>金额</th>
              <th className={th}>状态</th>
              <th className={th}>说明</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {data.recentCommissions.map((c) => (
              <tr key={c.id} data-commission-id={c.id} data-order-id={c.orderId ?? undefined} data-status={c.status}>
                <td className={`${th} whitespace-nowrap text-slate-600`}>{formatBeijing(c.createdAt)}</td>
                <td className={`${th} font-mono text-xs`}>
                  {c.orderId ? (
                    <OrderLink orderId={c.orderId} />
                  ) : (
                    "—"
                  )}
                  {c.orderTitle ? <span className="block max-w-48 truncate font-sans text-slate-400">{c.orderTitle}</span> : null}
                </td>
                <td className={th}>
                  <LevelTag level={c.level} />
                </td>
                <td className={`${th} text-right tabular-nums`} data-label="基数">
                  {formatYuan(c.base)}
                </td>
                <td className={`${th} text-right tabular-nums`} data-label="比例">
                  {formatBps(c.rateBps)}
                </td>
                <td className={`${th} text-right font-medium tabular-nums ${isNegativeYuan(c.amount) ? "text-red-600" : ""}`} data-label="金额">
                  {formatYuan(c.amount)}
                </td>
                <td className={th}>
                  <CommissionBadge status={c.status} />
                </td>
                <td className={`${th} text-xs text-slate-500`}>{c.reason ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </SectionTable>

      <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
        <SectionTable title="最近提现" link={{ href: `/admin/withdrawals?status=all&memberId=${encodeURIComponent(m.id)}`, text: "全部提现" }} empty={data.recentWithdrawals.length === 0}>
          <table className="table-cards min-w-full text-sm" data-testid="member-withdrawals">
            <thead className="bg-slate-50 text-left text-xs text-slate-500">
              <tr>
                <th className={th}>申请时间</th>
                <th className={`${th} text-right`}>金额</th>
                <th className={th}>方式</th>
                <th className={th}>状态</th>
                <th className={th}>备注</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {data.recentWithdrawals.map((w) => (
                <tr key={w.id} data-withdrawal-id={w.id}>
                  <td className={`${th} whitespace-nowrap text-slate-600`}>{formatBeijing(w.requestedAt)}</td>
                  <td className={`${th} text-right font-medium tabular-nums`}>{formatYuan(w.amount)}</td>
                  <td className={th}>
                    {label(PAYOUT_METHOD_LABEL, w.method)}
                    <span className="ml-1 font-mono text-xs text-slate-400">{w.account}</span>
                  </td>
                  <td className={th}>
                    <WithdrawalBadge status={w.status} />
                  </td>
                  <td className={`${th} text-xs text-slate-500`}>{w.note ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </SectionTable>

        <SectionTable title="最近订单" link={{ href: `/admin/orders?member=${encodeURIComponent(m.sid ?? "")}`, text: "全部订单" }} empty={data.recentOrders.length === 0}>
          <table className="table-cards min-w-full text-sm" data-testid="member-orders">
            <thead className="bg-slate-50 text-left text-xs text-slate-500">
              <tr>
                <th className={th}>时间</th>
                <th className={th}>订单号</th>
                <th className={th}>状态</th>
                <th className={`${th} text-right`}>实付金额</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {data.recentOrders.map((o) => (
                <tr key={o.orderId} data-order-id={o.orderId}>
                  <td className={`${th} whitespace-nowrap text-slate-600`}>{formatBeijing(o.occurredAt)}</td>
                  <td className={`${th} font-mono text-xs`}>
                    <OrderLink orderId={o.orderId} />
                  </td>
                  <td className={th}>
                    <StatusBadge status={o.status} refundType={o.refundType} />
                  </td>
                  <td className={`${th} text-right tabular-nums`}>{formatYuan(o.payAmount)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </SectionTable>
        <MemberActivity memberId={m.id} />
      </div>
    </div>
  );
}
