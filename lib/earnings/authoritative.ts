// Meituan's own numbers replace our estimate: the base becomes profit − refundprofit (never below zero) and
// every row of the order follows (recomputed, or clawed back where already withdrawn). Reconciliation calls this.
import { one, type Dialect, type Work } from "../db/sql";
import { syncOrderCommissions } from "./ledger";

export function* setAuthoritativeCommission(
  orderRef: number,
  profitFen: number,
  refundProfitFen: number,
  ctx: { dialect: Dialect; at: Date; cause: string },
): Work<void> {
  const baseFen = Math.max(0, profitFen - refundProfitFen);
  yield* one(`UPDATE orders SET "commissionFen" = ?, "commissionSource" = 'profit', "updatedAt" = ? WHERE "id" = ?`, [baseFen, ctx.at, orderRef]);
  yield* syncOrderCommissions(orderRef, ctx);
}
