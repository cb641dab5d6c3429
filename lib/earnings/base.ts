// The commission base: what Meituan pays us for an order, in fen. From a push it can only be estimated as
// payPrice × ratio; reconciliation later replaces it with Meituan's own profit.

import type { Selectable } from "kysely";
import type { DB } from "@/generated/kysely/types";
import type { BaseSource } from "../contracts/enums";

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

/** What an order's money is computed from: its stored state. */
export type MoneyInputs = Pick<Selectable<DB["orders"]>, "status" | "refundType" | "payFen" | "refundFen" | "ratio" | "commissionFen" | "commissionSource">;

export interface OrderMoney {
  /** The paid amount counted as GMV: what remains after a partial refund; 0 for a full refund or risk. */
  gmvFen: number;
  /** Our commission from Meituan counted for the order (美团佣金): every member share is a part of it. */
  baseFen: number;
  source: BaseSource;
}

/** A full refund (refundType 1, or unknown) or risk control: the order earns nothing, for anyone. */
export const isLost = (o: Pick<MoneyInputs, "status" | "refundType">) => o.status === "risk" || (o.status === "refunded" && o.refundType !== "2");

/**
 * The one definition of an order's money, used by every view (dashboard, order list and page, CSV, member pages)
 * and by the ledger. A partial refund counts the remaining paid amount and Meituan's profit − refundprofit when
 * reconciliation brought it, else the estimate from the latest push (on the remaining amount when Meituan told us
 * the refund); a full refund or risk counts ¥0.
 */
export function orderMoneyBase(o: MoneyInputs): OrderMoney {
  if (isLost(o)) return { gmvFen: 0, baseFen: 0, source: "lost" };
  const partial = o.status === "refunded" && o.refundType === "2";
  const refunded = partial ? (o.refundFen ?? 0) : 0;
  const gmvFen = Math.max(0, (o.payFen ?? 0) - refunded);
  if (o.commissionSource === "profit" && o.commissionFen !== null) return { gmvFen, baseFen: Math.max(0, o.commissionFen), source: "profit" };
  const estimate = (partial && o.refundFen !== null ? estimateCommissionFen(gmvFen, o.ratio) : null) ?? o.commissionFen ?? estimateCommissionFen(o.payFen, o.ratio);
  return estimate === null ? { gmvFen, baseFen: 0, source: "none" } : { gmvFen, baseFen: Math.max(0, estimate), source: "estimate" };
}
