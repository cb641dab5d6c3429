// How the pages show what the API sends: money as yuan strings ("18.50", "-5.00"), rates in basis points, a batch's
// outcome counts, stored JSON.
import type { OutcomeCounts } from "@/lib/contracts/inbox";
import { PUSH_OUTCOMES } from "@/lib/contracts/enums";
import { OUTCOME_SHORT_LABEL } from "@/lib/labels";
import { formatMoney, parseYuanToFen } from "@/lib/money";

/** "¥18.50", "-¥5.00", "—" for null. */
export function formatYuan(yuan: string | null | undefined): string {
  if (yuan === null || yuan === undefined || yuan === "") return "—";
  const fen = parseYuanToFen(yuan);
  return fen === null ? `¥${yuan}` : formatMoney(fen);
}

export const isNegativeYuan = (yuan: string | null | undefined) => {
  const fen = yuan ? parseYuanToFen(yuan) : null;
  return fen !== null && fen < 0;
};

/** 5000 bps → "50%", 1234 → "12.34%", 5 → "0.05%". */
export function formatBps(bps: number): string {
  const whole = Math.trunc(bps / 100);
  const frac = String(Math.abs(bps % 100)).padStart(2, "0").replace(/0+$/, "");
  return `${whole}${frac ? `.${frac}` : ""}%`;
}

const PERCENT = /^\s*(\d{1,3})(?:\.(\d{1,2}))?\s*$/;

/** "12.34" (percent, up to 2 decimals) → 1234 bps, without floating point; null if not such a number. */
export function percentToBps(text: string): number | null {
  const m = PERCENT.exec(text);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
}

/** 1234 bps → "12.34", 5000 → "50" (for inputs, no % sign). */
export const bpsToPercent = (bps: number) => formatBps(bps).slice(0, -1);

/** "12.5%" for 0.125, "30%" for 0.3. */
export function formatRate(fraction: number): string {
  const percent = Math.round(fraction * 1000) / 10;
  return `${Number.isInteger(percent) ? percent : percent.toFixed(1)}%`;
}

/** "应用 3 · 忽略 1 · 失败 0": the counts of a batch, in a fixed order, zeros left out except when all are zero. */
export function outcomeSummary(o: OutcomeCounts | undefined): string {
  const parts = PUSH_OUTCOMES.filter((k) => (o?.[k] ?? 0) > 0).map((k) => `${OUTCOME_SHORT_LABEL[k]} ${o?.[k]}`);
  return parts.length ? parts.join(" · ") : "无";
}

/** Pretty-prints a JSON string; anything that is not JSON is shown as it is. */
export function prettyJson(text: string | null): string {
  if (text === null) return "";
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
