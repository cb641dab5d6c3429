// Money is integer fen (分) everywhere. These are the only conversions between fen and yuan text.

const YUAN = /^\s*(-)?(\d{1,13})(?:\.(\d*))?\s*$/;

/**
 * Parses a decimal yuan string ("28.80", "28.8", "28", "0.005") into fen without floating point.
 * Digits beyond the fen are rounded half up. Returns null for anything that is not a plain decimal.
 */
export function parseYuanToFen(text: string): number | null {
  const m = YUAN.exec(text);
  if (!m) return null;
  const [, minus, whole, frac = ""] = m;
  if (!/^\d*$/.test(frac)) return null;
  let fen = Number(whole) * 100 + Number((frac + "00").slice(0, 2));
  if (frac.length > 2 && Number(frac[2]) >= 5) fen += 1;
  if (!Number.isSafeInteger(fen)) return null;
  return minus && fen !== 0 ? -fen : fen;
}

/** "18.50" for 1850; "-0.05" for -5. The API's money format. */
export function fenToYuan(fen: number): string {
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** "¥18.50": how the UI shows money. */
export function formatMoney(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return "—";
  const yuan = fenToYuan(Math.abs(fen));
  const [whole, frac] = yuan.split(".");
  return `${fen < 0 ? "-" : ""}¥${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}.${frac}`;
}
