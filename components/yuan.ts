// Money from the API arrives as yuan strings ("18.50", "-5.00"); this is how the UI shows them.
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
