// Meituan's own numbers replace our estimate: the commission becomes profit − refundprofit (never below zero),
// the refunded amount is kept for the GMV of a partial refund, and every row of the order follows (recomputed,
// or a 扣回/调整 row where reserved or withdrawn). Reconciliation calls this.
import { one, type Work } from "../db/sql";
import { syncOrderCommissions, type LedgerContext } from "./ledger";

export function* setAuthoritativeCommission(orderRef: number, profitFen: number, refundProfitFen: number, ctx: LedgerContext, refundFen: number | null = null): Work<void> {
  const commissionFen = Math.max(0, profitFen - refundProfitFen);
  yield* one(`UPDATE orders SET "commissionFen" = ?, "commissionSource" = 'profit', "refundFen" = COALESCE(?, "refundFen"), "updatedAt" = ? WHERE "id" = ?`, [
    commissionFen,
    refundFen,
    ctx.at,
    orderRef,
  ]);
  yield* syncOrderCommissions(orderRef, ctx);
}
