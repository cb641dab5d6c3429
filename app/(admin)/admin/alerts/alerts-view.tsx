"use client";
// 告警: what is wrong now (open incidents, in the words the group robots received), what was wrong lately, the
// thresholds that open an alert, and whether the off-site messages get out.
import Link from "next/link";
import { useEffect, useState } from "react";
import { mutate } from "swr";
import { sendJson } from "@/lib/client/api";
import { ALERTS_KEY, useAlerts } from "@/lib/client/hooks";
import { useMutation } from "@/lib/client/use-mutation";
import type { AlertsOverview, Incident } from "@/lib/contracts/alerts";
import { formatBeijing } from "@/lib/time";
import { Field } from "@/components/form";
import { Flash } from "@/components/flash";
import { Empty, ErrorBox, Loading } from "@/components/states";

type Thresholds = AlertsOverview["thresholds"];
const FIELDS: { key: keyof Thresholds; label: string; hint: string }[] = [
  { key: "signatureFailures", label: "签名失败（次 / 10 分钟）", hint: "10 分钟内签名校验失败达到此数即告警" },
  { key: "failedPushes", label: "处理失败的推送（条）", hint: "等待重试的失败推送达到此数即告警" },
  { key: "silenceHours", label: "无回推（小时）", hint: "白天（北京时间 8–23 点）连续这么久没有回推即告警" },
  { key: "withdrawalsWaiting", label: "待审核提现（笔）", hint: "待审核的提现达到此数即告警" },
  { key: "jobFailures", label: "后台任务连续失败（次）", hint: "同一后台任务连续失败这么多次即告警" },
];

function IncidentCard({ i }: { i: Incident }) {
  const open = i.resolvedAt === null;
  return (
    <li data-testid="incident" className={`rounded-lg px-4 py-3 ring-1 ring-inset ${open ? "bg-red-50 ring-red-200" : "bg-white ring-slate-200"}`}>
      <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
        <span className={`font-medium ${open ? "text-red-800" : "text-slate-800"}`}>{i.title}</span>
        <span className="text-xs text-slate-500 tabular-nums">
          {formatBeijing(i.openedAt)}
          {i.resolvedAt ? ` – ${formatBeijing(i.resolvedAt)}` : " 起，未恢复"}
        </span>
      </div>
      <p className="mt-1 text-sm whitespace-pre-line text-slate-700">{i.body}</p>
    </li>
  );
}

/** The thresholds as the form's inputs hold them. */
const asText = (t: Thresholds) => Object.fromEntries(FIELDS.map((f) => [f.key, String(t[f.key])])) as Record<keyof Thresholds, string>;

function ThresholdsForm({ thresholds }: { thresholds: Thresholds }) {
  const [values, setValues] = useState(() => asText(thresholds));
  const save = useMutation("保存失败，请稍后再试");
  useEffect(() => setValues(asText(thresholds)), [thresholds]);
  return (
    <form
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        const body = Object.fromEntries(FIELDS.map((f) => [f.key, Number(values[f.key])]));
        void save.run(() => sendJson<AlertsOverview>(ALERTS_KEY, "PUT", body), {
          done: (answer) => {
            void mutate(ALERTS_KEY, answer, { revalidate: false });
            return "告警阈值已保存";
          },
        });
      }}
    >
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {FIELDS.map((f) => (
          <div key={f.key}>
            <Field
              label={f.label}
              name={f.key}
              inputMode="numeric"
              value={values[f.key]}
              error={save.fields[f.key]?.[0]}
              onChange={(e) => {
                setValues({ ...values, [f.key]: e.target.value });
                save.clear();
              }}
            />
            <p className="mt-1 text-xs text-slate-500">{f.hint}</p>
          </div>
        ))}
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" disabled={save.busy} className="rounded-md bg-slate-900 px-4 py-2 text-sm font-medium text-white hover:bg-slate-700 disabled:opacity-60">
          {save.busy ? "保存中…" : "保存阈值"}
        </button>
        {save.error && !Object.values(save.fields).some((m) => m?.length) ? <span className="text-sm text-red-600">{save.error}</span> : null}
        <Flash message={save.result?.ok ? save.result.text : null} />
      </div>
    </form>
  );
}

export function AlertsView() {
  const { data, error, isLoading, mutate: reload } = useAlerts();
  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-xl font-semibold">告警</h1>
        <p className="mt-1 text-sm text-slate-600">
          告警开始和恢复时各发一条消息到
          <Link href="/admin/settings/notifications" className="mx-1 text-amber-700 underline-offset-2 hover:underline">
            群机器人
          </Link>
          ；每分钟检查一次。
        </p>
      </div>
      {error ? <ErrorBox error={error} onRetry={() => void reload()} /> : isLoading || !data ? <Loading rows={4} /> : (
        <>
          <section aria-labelledby="open-alerts">
            <h2 id="open-alerts" className="mb-3 font-medium">未恢复（{data.open.length}）</h2>
            {data.open.length ? <ul className="space-y-2">{data.open.map((i) => <IncidentCard key={i.id} i={i} />)}</ul> : <Empty title="一切正常" hint="没有未恢复的告警。告警开始和恢复时，会各发一条消息到设置的群机器人。" />}
          </section>
          <section aria-labelledby="alert-thresholds" className="rounded-lg bg-white p-4 ring-1 ring-slate-200">
            <h2 id="alert-thresholds" className="mb-3 font-medium">告警阈值</h2>
            <ThresholdsForm thresholds={data.thresholds} />
          </section>
          <section aria-labelledby="deliveries" className="rounded-lg bg-white p-4 ring-1 ring-slate-200">
            <h2 id="deliveries" className="mb-2 font-medium">站外消息发送（微信、手机推送、群机器人）</h2>
            <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-4">
              {([["pending", "待发送"], ["sent", "已送达"], ["failed", "发送失败"], ["dropped", "目标已失效"]] as const).map(([k, label]) => (
                <div key={k} className="rounded-md bg-slate-50 px-3 py-2">
                  <dt className="text-slate-500">{label}</dt>
                  <dd className={`text-lg font-semibold tabular-nums ${k === "failed" && data.deliveries.failed ? "text-red-600" : ""}`}>{data.deliveries[k]}</dd>
                </div>
              ))}
            </dl>
          </section>
          <section aria-labelledby="recent-alerts">
            <h2 id="recent-alerts" className="mb-3 font-medium">最近恢复</h2>
            {data.recent.length ? <ul className="space-y-2">{data.recent.map((i) => <IncidentCard key={i.id} i={i} />)}</ul> : <Empty title="暂无记录" />}
          </section>
        </>
      )}
    </div>
  );
}
