"use client";
import { useState } from "react";
import useSWR from "swr";
import { fetcher } from "@/components/fetcher";
import { ApiCallError, sendJson, type CommissionSettings, type LevelRate } from "@/components/earnings-api";
import { Field } from "@/components/form";
import { LEVEL_LABEL, LEVELS } from "@/components/money-labels";
import { ErrorBox, Loading } from "@/components/states";
import { bpsToPercent, formatBps, formatYuan, percentToBps } from "@/components/yuan";
import { parseYuanToFen, fenToYuan } from "@/lib/money";
import { BUSINESS_LINE_LABEL } from "@/lib/meituan/status";

const KEY = "/api/admin/settings/commission";
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

function Form({ initial, onSaved }: { initial: CommissionSettings; onSaved: (s: CommissionSettings | null) => void }) {
  const [rates, setRates] = useState<Rates>(ratesOf(initial.levels));
  const [holdDays, setHoldDays] = useState(String(initial.holdDays));
  const [minWithdrawal, setMinWithdrawal] = useState(initial.minWithdrawal);
  const [overrides, setOverrides] = useState<OverrideRow[]>(
    initial.businessLineOverrides.map((o) => ({ key: nextKey++, businessLine: String(o.businessLine), rates: ratesOf(o.levels) })),
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  const sum = rates.reduce((s, r) => s + (percentToBps(r) ?? 0), 0);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setError(null);
    setSaved(null);
    const base = checkRates(rates, "");
    if ("error" in base) return setError(base.error);
    if (!/^\d{1,4}$/.test(holdDays.trim())) return setError("结算期须是 0 或正整数天数");
    const minFen = parseYuanToFen(minWithdrawal);
    if (minFen === null || minFen < 0 || !/^\s*\d+(\.\d{1,2})?\s*$/.test(minWithdrawal)) return setError("最低提现金额须是不小于 0、最多两位小数的金额");
    const lines = new Set<number>();
    const businessLineOverrides = [];
    for (const o of overrides) {
      const line = Number(o.businessLine);
      if (!/^\d{1,3}$/.test(o.businessLine.trim()) || line <= 0) return setError("业务线须是正整数（如 2 = 到家）");
      if (lines.has(line)) return setError(`业务线 ${line} 重复设置了`);
      lines.add(line);
      const r = checkRates(o.rates, `业务线 ${line} 的`);
      if ("error" in r) return setError(r.error);
      businessLineOverrides.push({ businessLine: line, levels: r.bps.map((rateBps, i) => ({ level: LEVELS[i], rateBps })) });
    }
    setBusy(true);
    try {
      const res = await sendJson<CommissionSettings>(KEY, "PUT", {
        levels: base.bps.map((rateBps, i) => ({ level: LEVELS[i], rateBps })),
        businessLineOverrides,
        holdDays: Number(holdDays.trim()),
        minWithdrawal: fenToYuan(minFen),
      });
      setSaved(`已保存，当前规则版本 v${res?.version ?? "?"}。新规则适用于此后计算的佣金，已有佣金保持原规则。`);
      onSaved(res && Array.isArray(res.levels) ? res : null);
    } catch (err) {
      setError(err instanceof ApiCallError ? err.message : "保存失败，请稍后再试");
    } finally {
      setBusy(false);
    }
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

function Settlement() {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  async function run() {
    setBusy(true);
    setResult(null);
    try {
      const res = await sendJson<{ settled: number }>("/api/admin/settlement/run", "POST", {});
      setResult({ ok: true, text: res.settled > 0 ? `已结算 ${res.settled} 条佣金，已转为可提现。` : "没有到期的待结算佣金。" });
    } catch (e) {
      setResult({ ok: false, text: e instanceof ApiCallError ? e.message : "结算失败，请稍后再试" });
    } finally {
      setBusy(false);
    }
  }
  return (
    <section className="rounded-lg bg-white p-5 ring-1 ring-slate-200">
      <h2 className="font-medium">结算</h2>
      <p className="mt-0.5 text-xs text-slate-500">把结算期已满的待结算佣金转为可提现。系统会定时自动结算，这里可以立即执行一次。</p>
      <button type="button" onClick={run} disabled={busy} className="mt-3 rounded-md bg-slate-900 px-4 py-2 text-sm font-medium text-white hover:bg-slate-700 disabled:opacity-60">
        {busy ? "结算中…" : "立即结算"}
      </button>
      {result ? (
        <p role="status" data-testid="settlement-result" className={`mt-2 text-sm ${result.ok ? "text-emerald-700" : "text-red-600"}`}>
          {result.text}
        </p>
      ) : null}
    </section>
  );
}

export function CommissionSettingsForm() {
  const { data, error, isLoading, mutate } = useSWR<CommissionSettings>(KEY, fetcher, { revalidateOnFocus: false });
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
          <Form initial={data} onSaved={(s) => (s ? mutate(s, { revalidate: false }) : mutate())} />
          <p className="text-xs text-slate-500">
            当前：默认 {data.levels.map((l) => `${LEVEL_LABEL[l.level as 0 | 1 | 2] ?? l.level} ${formatBps(l.rateBps)}`).join("，")}；结算期 {data.holdDays} 天；最低提现 {formatYuan(data.minWithdrawal)}。
          </p>
        </>
      )}
      <Settlement />
    </div>
  );
}
