// The commission base: what Meituan pays us for an order, in fen. From a push it can only be estimated as
// payPrice × ratio; reconciliation later replaces it with Meituan's own profit.

const DECIMAL = /^\s*(\d{1,9})(?:\.(\d{1,9}))?\s*%?\s*$/;

/**
 * payFen × ratio, rounded down to the fen. The ratio's format is undocumented: a value ≤ 1 is read as a
 * fraction (0.05), a value in (1, 100] as a percentage (5 or "5%"). Anything else gives null.
 */
export function estimateCommissionFen(payFen: number | null, ratio: string | null): number | null {
  if (payFen === null || ratio === null || payFen < 0) return null;
  const m = DECIMAL.exec(ratio);
  if (!m) return null;
  const digits = m[2] ?? "";
  const scaled = BigInt(m[1] + digits); // ratio × 10^digits
  const scale = 10n ** BigInt(digits.length);
  const isPercent = ratio.includes("%") || scaled > scale;
  if (isPercent && scaled > 100n * scale) return null;
  const divisor = isPercent ? scale * 100n : scale;
  return Number((BigInt(payFen) * scaled) / divisor);
}

/** One level's share: floor(base × rate / 10000) in whole fen; never more than its share, never negative. */
export function shareFen(baseFen: number, rateBps: number): number {
  if (baseFen <= 0 || rateBps <= 0) return 0;
  return Number((BigInt(baseFen) * BigInt(rateBps)) / 10000n);
}
