"use client";
// 佣金规则: the rules' form with a trial calculation that follows every edit, the saved versions (who changed what and
// when), and settlement on demand.
import { COMMISSION_SETTINGS_KEY as KEY, useCommissionSettings, useRuleHistory } from "@/lib/client/hooks";
import { useMutation } from "@/lib/client/use-mutation";
import { bpsToPercent, formatBps, formatYuan, percentToBps } from "@/lib/client/format";
import type { SettlementPreview, SettlementRun } from "@/lib/contracts/earnings";
import type { CommissionPreview, CommissionSettings, LevelRate, RuleVersion } from "@/lib/contracts/settings";
import { fetcher, sendJson } from "@/lib/client/api";
import { useEffect, useRef, useState } from "react";
import { DataTable, Th } from "@/components/data-table";
import { LoadMore } from "@/components/load-more";
import { formatBeijing } from "@/lib/time";
import { ConfirmDialog, ConfirmLine } from "@/components/confirm-dialog";
import { Field } from "@/components/form";
import { ErrorBox, Loading } from "@/components/states";
import { parseYuanToFen, fenToYuan } from "@/lib/money";
import { LEVELS } from "@/lib/contracts/enums";
import { LEVEL_LABEL, BUSINESS_LINE_LABEL, LEVEL_SHORT_LABEL, ruleChangeLabel } from "@/lib/labels";

/** The rules as PUT sends them: the settings without their version. */
type RulesBody = Omit<CommissionSettings, "version">;
type Rates = [string, string, string];
interface OverrideRow {
  key: number;
  businessLine: string;
  rates: Rates;
}

const ratesOf = (levels: LevelRate[]): Rates => LEVELS.map((l) => bpsToPercent(levels.find((x) => x.level === l)?.rateBps ?? 0)) as Rates;
let nextKey = 1;

/** Checks three percent inputs; returns the bps or a message. */
function checkRates(rates: Rates, where: string): { bps: number[] } | { error: string } {
  const bps: number[] = [];
  for (let i = 0; i < 3; i++) {
    const v = percentToBps(rates[i]);
    if (v === null || v > 10000) return { error: `${where}${LEVEL_LABEL[LEVELS[i]]}的比例须是 0–100 之间、最多两位小数的百分数` };
    bps.push(v);
  }
  const sum = bps.reduce((a, b) => a + b, 0);
  if (sum > 10000) return { error: `${where}三级比例之和为 ${formatBps(sum)}，不能超过 100%` };
  return { bps };
}

function RatesInputs({ rates, onChange, prefix }: { rates: Rates; onChange: (r: Rates) => void; prefix: string }) {
  return (
    <>
      {LEVELS.map((l, i) => (
        <label key={l} className="block text-xs text-slate-500">
          {LEVEL_LABEL[l]}（%）
          <input
            aria-label={`${prefix}${LEVEL_LABEL[l]}（%）`}
            inputMode="decimal"
            value={rates[i]}
            onChange={(e) => {
              const next = [...rates] as Rates;
              next[i] = e.target.value;
              onChange(next);
            }}
            className="mt-0.5 block w-24 rounded-md border border-slate-300 px-2 py-1.5 text-sm text-slate-900"
          />
        </label>
      ))}
    </>
  );
}

function Form({ initial, onSaved }: { initial: CommissionSettings; onSaved: (s: CommissionSettings) => void }) {
  const [rates, setRates] = useState<Rates>(ratesOf(initial.levels));
  const [holdDays, setHoldDays] = useState(String(initial.holdDays));
  const [minWithdrawal, setMinWithdrawal] = useState(initial.minWithdrawal);
  const [overrides, setOverrides] = useState<OverrideRow[]>(
    initial.businessLineOverrides.map((o) => ({ key: nextKey++, businessLine: String(o.businessLine), rates: ratesOf(o.levels) })),
  );
  const { busy, error, result, run, fail, clear } = useMutation("保存失败，请稍后再试");
  const saved = result?.ok ? result.text : null;

  const sum = rates.reduce((s, r) => s + (percentToBps(r) ?? 0), 0);

  /** The PUT body of the form as it stands, or the first thing wrong with it. */
  function draft(): { body: RulesBody } | { error: string } {
    const base = checkRates(rates, "");
    if ("error" in base) return { error: base.error };
    if (!/^\d{1,4}$/.test(holdDays.trim())) return { error: "结算期须是 0 或正整数天数" };
    const minFen = parseYuanToFen(minWithdrawal);
    if (minFen === null || minFen < 0 || !/^\s*\d+(\.\d{1,2})?\s*$/.test(minWithdrawal)) return { error: "最低提现金额须是不小于 0、最多两位小数的金额" };
    const lines = new Set<number>();
    const businessLineOverrides: RulesBody["businessLineOverrides"] = [];
    for (const o of overrides) {
      const line = Number(o.businessLine);
      if (!/^\d{1,3}$/.test(o.businessLine.trim()) || line <= 0) return { error: "业务线须是正整数（如 2 = 到家）" };
      if (lines.has(line)) return { error: `业务线 ${line} 重复设置了` };
      lines.add(line);
      const r = checkRates(o.rates, `业务线 ${line} 的`);
      if ("error" in r) return { error: r.error };
      businessLineOverrides.push({ businessLine: line, levels: r.bps.map((rateBps, i) => ({ level: LEVELS[i], rateBps })) });
    }
    return {
      body: {
        levels: base.bps.map((rateBps, i) => ({ level: LEVELS[i], rateBps })),
        businessLineOverrides,
        holdDays: Number(holdDays.trim()),
        minWithdrawal: fenToYuan(minFen),
      },
    };
  }

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    clear();
    const d = draft();
    if ("error" in d) return fail(d.error);
    await run(() => sendJson<CommissionSettings>(KEY, "PUT", d.body), {
      done: (res) => {
        onSaved(res);
        return `已保存，当前规则版本 v${res.version}。新规则适用于此后计算的佣金，已有佣金保持原规则。`;
      },
    });
  }

  return (
    <form onSubmit={onSubmit} className="space-y-5 rounded-lg bg-white p-5 ring-1 ring-slate-200" data-testid="commission-form" noValidate>
      <section>
        <h2 className="font-medium">分佣比例</h2>
        <p className="mt-0.5 text-xs text-slate-500">按平台从美团获得的佣金计算，三级之和不超过 100%；每级金额向下取整到分。</p>
        <div className="mt-3 grid max-w-xl grid-cols-3 gap-3">
          {LEVELS.map((l, i) => (
            <Field
              key={l}
              label={`${LEVEL_LABEL[l]}（%）`}
              name={`rate${l}`}
              inputMode="decimal"
              value={rates[i]}
              onChange={(e) => {
                const next = [...rates] as Rates;
                next[i] = e.target.value;
                setRates(next);
              }}
            />
          ))}
        </div>
        <p className={`mt-2 text-xs ${sum > 10000 ? "text-red-600" : "text-slate-500"}`}>合计 {formatBps(sum)}，平台留存 {formatBps(Math.max(0, 10000 - sum))}</p>
      </section>

      <section>
        <h2 className="font-medium">按业务线覆盖</h2>
        <p className="mt-0.5 text-xs text-slate-500">某个业务线的订单使用单独的比例；未设置的业务线使用上面的默认比例。</p>
        <ul className="mt-3 space-y-2" data-testid="overrides">
          {overrides.map((o, idx) => (
            <li key={o.key} className="flex flex-wrap items-end gap-3 rounded-md bg-slate-50 p-3">
              <label className="block text-xs text-slate-500">
                业务线编号
                <input
                  aria-label="业务线编号"
                  inputMode="numeric"
                  list="business-lines"
                  value={o.businessLine}
                  onChange={(e) => setOverrides(overrides.map((x, j) => (j === idx ? { ...x, businessLine: e.target.value } : x)))}
                  className="mt-0.5 block w-24 rounded-md border border-slate-300 px-2 py-1.5 text-sm text-slate-900"
                />
              </label>
              <span className="w-12 pb-2 text-xs text-slate-600">{BUSINESS_LINE_LABEL[Number(o.businessLine)] ?? ""}</span>
              <RatesInputs prefix={`业务线 ${o.businessLine} `} rates={o.rates} onChange={(r) => setOverrides(overrides.map((x, j) => (j === idx ? { ...x, rates: r } : x)))} />
              <button type="button" onClick={() => setOverrides(overrides.filter((_, j) => j !== idx))} className="pb-1.5 text-sm text-red-600 underline">
                删除
              </button>
            </li>
          ))}
        </ul>
        <datalist id="business-lines">
          {Object.entries(BUSINESS_LINE_LABEL).map(([k, v]) => (
            <option key={k} value={k}>
              {v}
            </option>
          ))}
        </datalist>
        <button
          type="button"
          onClick={() => setOverrides([...overrides, { key: nextKey++, businessLine: "", rates: [...rates] as Rates }])}
          className="mt-2 rounded-md border border-slate-300 px-3 py-1.5 text-sm text-slate-700 hover:bg-slate-50"
        >
          添加业务线覆盖
        </button>
      </section>

      <section className="grid max-w-xl grid-cols-2 gap-3">
        <Field label="结算期（天）" name="holdDays" inputMode="numeric" value={holdDays} onChange={(e) => setHoldDays(e.target.value)} />
        <Field label="最低提现金额（元）" name="minWithdrawal" inputMode="decimal" value={minWithdrawal} onChange={(e) => setMinWithdrawal(e.target.value)} />
        <p className="col-span-2 -mt-1 text-xs text-slate-500">订单完成后经过结算期，佣金才转为可提现；结算期内退款则佣金失效。</p>
      </section>

      <Preview rules={draft()} />

      {error ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </p>
      ) : null}
      {saved ? (
        <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-700" data-testid="settings-saved">
          {saved}
        </p>
      ) : null}
      <button type="submit" disabled={busy} className="rounded-md bg-amber-400 px-5 py-2 font-medium text-slate-900 hover:bg-amber-300 disabled:opacity-60">
        {busy ? "保存中…" : "保存为新版本"}
      </button>
    </form>
  );
}

const BASE_SOURCE: Record<string, string> = { order: "按订单计算的佣金基数", amounts: "按输入的金额计算" };

/** How long the trial calculation waits after the last keystroke before it asks again. */
const PREVIEW_DELAY_MS = 300;

/**
 * What each level would get under the draft rules, for a real order or for amounts typed in; nothing is saved.
 * It recomputes shortly after any rate or amount changes (for an order, once one has been looked up), and only
 * the answer to the latest question is shown.
 */
function Preview({ rules }: { rules: { body: RulesBody } | { error: string } }) {
  const [mode, setMode] = useState<"order" | "amounts" | "base">("order");
  const [orderId, setOrderId] = useState("");
  const [payAmount, setPayAmount] = useState("100.00");
  const [ratio, setRatio] = useState("0.05");
  const [base, setBase] = useState("5.00");
  const { busy, error, run: send, fail, clear } = useMutation("试算失败，请稍后再试");
  const [result, setResult] = useState<CommissionPreview | null>(null);
  // An order's number is looked up when asked for (Enter or 试算); after that, rate changes recompute it too.
  const [orderAsked, setOrderAsked] = useState(false);
  const asked = useRef(0);

  async function run() {
    const question = ++asked.current;
    const stop = (message: string) => {
      setResult(null);
      fail(message);
    };
    const d = rules;
    if ("error" in d) return stop(d.error);
    const req: Record<string, unknown> = { rules: d.body };
    if (mode === "order") {
      if (!orderId.trim()) return stop("请输入订单号");
      req.orderId = orderId.trim();
    } else if (mode === "amounts") {
      if (!/^\s*\d+(\.\d{1,2})?\s*$/.test(payAmount)) return stop("实付金额须是最多两位小数的金额");
      if (!/^\s*(0(\.\d+)?|1(\.0+)?)\s*$/.test(ratio)) return stop("佣金比例须是 0 到 1 之间的小数，如 0.05");
      req.payAmount = payAmount.trim();
      req.ratio = ratio.trim();
    } else {
      if (!/^\s*\d+(\.\d{1,2})?\s*$/.test(base)) return stop("佣金基数须是最多两位小数的金额");
      req.base = base.trim();
    }
    const answer = await send(() => sendJson<CommissionPreview>("/api/admin/settings/commission/preview", "POST", req));
    // A later edit asked again meanwhile: this answer is for rates no longer on the screen.
    if (question !== asked.current) return;
    setResult(answer ?? null);
  }

  function ask() {
    if (mode === "order") setOrderAsked(true);
    void run();
  }

  // The question as it stands; the order's number only counts once asked for, so typing it does not look up
  // every prefix.
  const question = JSON.stringify([rules, mode, mode === "amounts" ? [payAmount, ratio] : mode === "base" ? base : orderAsked]);
  useEffect(() => {
    if (mode === "order" && !orderAsked) return;
    const timer = setTimeout(() => void run(), PREVIEW_DELAY_MS);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `question` is everything run() reads
  }, [question]);

  const input = "mt-0.5 block rounded-md border border-slate-300 px-2 py-1.5 text-sm text-slate-900";
  const modes: [typeof mode, string][] = [
    ["order", "按订单"],
    ["amounts", "按实付金额和比例"],
    ["base", "按佣金基数"],
  ];
  return (
    <section
      className="rounded-md bg-slate-50 p-4 ring-1 ring-slate-200"
      data-testid="commission-preview"
      onKeyDown={(e) => {
        // Enter in a preview field runs the preview, never submits (saves) the rules form around it.
        if (e.key === "Enter" && (e.target as HTMLElement).tagName === "INPUT") {
          e.preventDefault();
          ask();
        }
      }}
    >
      <h2 className="font-medium">试算</h2>
      <p className="mt-0.5 text-xs text-slate-500">用上面尚未保存的规则，看看一笔订单每一级会分到多少。不会保存任何内容。</p>
      <div className="mt-3 flex flex-wrap gap-1 text-sm" role="radiogroup" aria-label="试算方式">
        {modes.map(([m, text]) => (
          <label key={m} className={`cursor-pointer rounded-full px-3 py-1 whitespace-nowrap ring-1 ${mode === m ? "bg-slate-900 text-white ring-slate-900" : "bg-white text-slate-600 ring-slate-300"}`}>
            <input type="radio" name="preview-mode" value={m} checked={mode === m} onChange={() => setMode(m)} className="sr-only" />
            {text}
          </label>
        ))}
      </div>
      <div className="mt-3 flex flex-wrap items-end gap-3">
        {mode === "order" ? (
          <label className="text-xs text-slate-500">
            订单号
            <input
              aria-label="试算订单号"
              value={orderId}
              onChange={(e) => {
                setOrderId(e.target.value);
                setOrderAsked(false);
              }}
              className={`${input} w-56 font-mono`}
              placeholder="美团订单号"
            />
          </label>
        ) : mode === "amounts" ? (
          <>
            <label className="text-xs text-slate-500">
              实付金额（元）
              <input aria-label="试算实付金额" inputMode="decimal" value={payAmount} onChange={(e) => setPayAmount(e.target.value)} className={`${input} w-32`} />
            </label>
            <label className="text-xs text-slate-500">
              美团佣金比例（小数）
              <input aria-label="试算佣金比例" inputMode="decimal" value={ratio} onChange={(e) => setRatio(e.target.value)} className={`${input} w-32`} />
            </label>
          </>
        ) : (
          <label className="text-xs text-slate-500">
            佣金基数（元）
            <input aria-label="试算佣金基数" inputMode="decimal" value={base} onChange={(e) => setBase(e.target.value)} className={`${input} w-32`} />
          </label>
        )}
        <button type="button" onClick={ask} className="rounded-md bg-slate-900 px-4 py-1.5 text-sm font-medium text-white hover:bg-slate-700">
          试算
        </button>
        <span className="pb-1.5 text-xs text-slate-400" aria-live="polite">
          {busy ? "计算中…" : mode === "order" && !orderAsked ? "输入订单号后按回车或点「试算」" : "修改比例或金额后自动重算"}
        </span>
      </div>
      {error ? (
        <p role="alert" className="mt-2 text-sm text-red-600">
          {error}
        </p>
      ) : null}
      {result ? (
        <div className={`mt-3 transition-opacity ${busy ? "opacity-60" : ""}`} data-testid="preview-result" aria-busy={busy}>
          <p className="text-sm text-slate-600">
            佣金基数 <b className="tabular-nums">{formatYuan(result.base)}</b>
            <span className="ml-1 text-xs text-slate-400">（{BASE_SOURCE[result.baseSource] ?? result.baseSource}）</span>
            {result.businessLine !== undefined && result.businessLine !== null ? (
              <span className="ml-2 text-xs text-slate-500">
                业务线 {BUSINESS_LINE_LABEL[result.businessLine] ?? "未知"}（{result.businessLine}）
              </span>
            ) : null}
          </p>
          <table className="mt-2 min-w-80 text-sm">
            <thead className="text-left text-xs text-slate-500">
              <tr>
                <th className="py-1 pr-6">级别</th>
                <th className="py-1 pr-6 text-right">比例</th>
                <th className="py-1 text-right">金额</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {result.levels.map((l) => (
                <tr key={l.level} data-preview-level={l.level}>
                  <td className="py-1 pr-6">{LEVEL_LABEL[l.level as 0 | 1 | 2] ?? `第 ${l.level} 级`}</td>
                  <td className="py-1 pr-6 text-right tabular-nums">{formatBps(l.rateBps)}</td>
                  <td className="py-1 text-right font-medium tabular-nums">{formatYuan(l.amount)}</td>
                </tr>
              ))}
              <tr className="font-semibold">
                <td className="py-1 pr-6">合计</td>
                <td />
                <td className="py-1 text-right tabular-nums" data-testid="preview-total">
                  {formatYuan(result.total)}
                </td>
              </tr>
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

function Settlement() {
  const { busy, result, run: start } = useMutation("结算失败，请稍后再试");
  const due = useMutation("无法读取到期的佣金，请稍后再试");
  const [preview, setPreview] = useState<SettlementPreview | null>(null);
  const loading = due.busy;
  const error = due.error;
  const ask = () => due.run(() => fetcher<SettlementPreview>("/api/admin/settlement/preview"), { done: setPreview });
  const run = () =>
    start(() => sendJson<SettlementRun>("/api/admin/settlement/run", "POST", {}), {
      done: (res) => {
        setPreview(null);
        return res.settled > 0 ? `已结算 ${res.settled} 条佣金，已转为可提现。` : "没有到期的待结算佣金。";
      },
    });
  return (
    <section className="rounded-lg bg-white p-5 ring-1 ring-slate-200">
      <h2 className="font-medium">结算</h2>
      <p className="mt-0.5 text-xs text-slate-500">把结算期已满的待结算佣金转为可提现。系统会定时自动结算，这里可以立即执行一次。</p>
      <button type="button" onClick={ask} disabled={busy || loading} className="mt-3 rounded-md bg-slate-900 px-4 py-2 text-sm font-medium text-white hover:bg-slate-700 disabled:opacity-60">
        {busy ? "结算中…" : loading ? "读取中…" : "立即结算"}
      </button>
      {error ? (
        <p role="alert" className="mt-2 text-sm text-red-600">
          {error}
        </p>
      ) : null}
      {result ? (
        <p role="status" data-testid="settlement-result" className={`mt-2 text-sm ${result.ok ? "text-emerald-700" : "text-red-600"}`}>
          {result.text}
        </p>
      ) : null}
      {preview ? (
        <ConfirmDialog title="立即结算？" confirmLabel="确认结算" busy={busy} onConfirm={run} onCancel={() => setPreview(null)} testId="settlement-dialog">
          <ConfirmLine label="到期的待结算佣金">{preview.rows} 条</ConfirmLine>
          <ConfirmLine label="金额合计" testId="settlement-amount">
            {formatYuan(preview.amount)}
          </ConfirmLine>
          <ConfirmLine label="涉及会员">{preview.members} 位</ConfirmLine>
          <p className="text-xs text-slate-500">结算后这些佣金转为会员的可提现余额。</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}

const CHANGED = "rounded bg-amber-100 px-1 font-semibold text-amber-900 ring-1 ring-amber-300";

/** A value of a version, marked when that version changed it. */
function Value({ changed, children }: { changed: boolean; children: React.ReactNode }) {
  return changed ? (
    <span data-changed="true" className={CHANGED} title="此版本修改了这一项">
      {children}
    </span>
  ) : (
    <span className="text-slate-600">{children}</span>
  );
}

function VersionRow({ v, current }: { v: RuleVersion; current: boolean }) {
  const changed = new Set(v.changes);
  const rate = (levels: LevelRate[], level: number) => formatBps(levels.find((l) => l.level === level)?.rateBps ?? 0);
  return (
    <tr data-rule-version={v.version} className="align-top">
      <td className="px-3 py-2 font-medium whitespace-nowrap">
        v{v.version}
        {current ? <span className="ml-1.5 rounded-full bg-emerald-50 px-1.5 py-0.5 text-[11px] font-normal text-emerald-700 ring-1 ring-emerald-200">当前</span> : null}
      </td>
      <td className="px-3 py-2 whitespace-nowrap text-slate-600">{formatBeijing(v.createdAt)}</td>
      <td className="px-3 py-2 whitespace-nowrap" data-label="操作人">
        {v.actor ? v.actor.name : <span className="text-slate-400">系统</span>}
      </td>
      <td className="min-w-32 basis-full px-3 py-2" data-label="改动" data-testid="rule-changes">
        {v.initial ? (
          <span className="text-slate-400">初始规则</span>
        ) : v.changes.length ? (
          v.changes.map(ruleChangeLabel).join("、")
        ) : (
          <span className="text-slate-400">与上一版相同</span>
        )}
      </td>
      {LEVELS.map((l) => (
        <td key={l} className="px-3 py-2 text-right whitespace-nowrap tabular-nums" data-label={LEVEL_SHORT_LABEL[l]}>
          <Value changed={changed.has(`level:${l}`)}>{rate(v.levels, l)}</Value>
        </td>
      ))}
      <td className="px-3 py-2" data-label="业务线覆盖">
        {v.businessLineOverrides.length === 0 && ![...changed].some((c) => c.startsWith("override:")) ? (
          <span className="text-slate-400">无</span>
        ) : (
          <span className="flex flex-wrap gap-1">
            {v.businessLineOverrides.map((o) => (
              <Value key={o.businessLine} changed={changed.has(`override:${o.businessLine}`)}>
                <span className="whitespace-nowrap">
                  {BUSINESS_LINE_LABEL[o.businessLine] ?? `业务线 ${o.businessLine}`} {LEVELS.map((l) => rate(o.levels, l)).join("/")}
                </span>
              </Value>
            ))}
            {[...changed]
              .filter((c) => c.startsWith("override:") && !v.businessLineOverrides.some((o) => `override:${o.businessLine}` === c))
              .map((c) => (
                <span key={c} data-changed="true" className={`${CHANGED} line-through`} title="此版本删除了这条覆盖">
                  {ruleChangeLabel(c)}
                </span>
              ))}
          </span>
        )}
      </td>
      <td className="px-3 py-2 text-right whitespace-nowrap tabular-nums" data-label="结算期">
        <Value changed={changed.has("holdDays")}>{v.holdDays} 天</Value>
      </td>
      <td className="px-3 py-2 text-right whitespace-nowrap tabular-nums" data-label="最低提现">
        <Value changed={changed.has("minWithdrawal")}>{formatYuan(v.minWithdrawal)}</Value>
      </td>
    </tr>
  );
}

/** The saved versions, newest first: who saved each and when, its values, the ones it changed marked. */
function RuleHistory({ history, currentVersion }: { history: ReturnType<typeof useRuleHistory>; currentVersion: number | undefined }) {
  const { items, error, isLoading, hasMore, loadingMore, loadMore, mutate } = history;
  return (
    <section className="space-y-2" data-testid="rule-history">
      <div>
        <h2 className="font-medium">历史版本</h2>
        <p className="mt-0.5 text-xs text-slate-500">每次保存生成一个新版本；已有佣金按产生时的版本计算。标黄的是该版本相对上一版修改的项。</p>
      </div>
      {error ? (
        <ErrorBox error={error} onRetry={() => mutate()} />
      ) : isLoading ? (
        <Loading rows={3} />
      ) : (
        <>
          <DataTable
            testId="rule-versions"
            head={
              <>
                <Th>版本</Th>
                <Th>保存时间</Th>
                <Th>操作人</Th>
                <Th>改动</Th>
                {LEVELS.map((l) => (
                  <Th key={l} className="text-right">
                    {LEVEL_SHORT_LABEL[l]}
                  </Th>
                ))}
                <Th>业务线覆盖</Th>
                <Th className="text-right">结算期</Th>
                <Th className="text-right">最低提现</Th>
              </>
            }
          >
            {items.map((v) => (
              <VersionRow key={v.version} v={v} current={v.version === currentVersion} />
            ))}
          </DataTable>
          {items.length > 1 || hasMore ? <LoadMore hasMore={hasMore} loading={loadingMore} onClick={loadMore} /> : null}
        </>
      )}
    </section>
  );
}

export function CommissionSettingsForm() {
  const { data, error, isLoading, mutate } = useCommissionSettings();
  const history = useRuleHistory();
  return (
    <div className="max-w-4xl space-y-6">
      <div className="flex items-baseline gap-3">
        <h1 className="text-xl font-semibold">佣金规则</h1>
        {data ? (
          <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-600" data-testid="rule-version">
            当前版本 v{data.version}
          </span>
        ) : null}
      </div>
      {error ? (
        <ErrorBox error={error} onRetry={() => mutate()} />
      ) : isLoading || !data ? (
        <Loading rows={3} />
      ) : (
        <>
          <Form
            initial={data}
            onSaved={(s) => {
              void mutate(s, { revalidate: false });
              void history.mutate();
            }}
          />
          <p className="text-xs text-slate-500">
            当前：默认 {data.levels.map((l) => `${LEVEL_LABEL[l.level]} ${formatBps(l.rateBps)}`).join("，")}；结算期 {data.holdDays} 天；最低提现 {formatYuan(data.minWithdrawal)}。
          </p>
        </>
      )}
      <RuleHistory history={history} currentVersion={data?.version} />
      <Settlement />
    </div>
  );
}
