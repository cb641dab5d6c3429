// Meituan's own numbers replace our estimate: the commission becomes profit − refundprofit (never below zero),
// the refunded amount is kept for the GMV of a partial refund, and every row of the order follows (recomputed,
// or a 扣回/调整 row where reserved or withdrawn). Reconciliation calls this.
import { exec, q, type Work } from "../db/query";
import { syncOrderCommissions, type LedgerContext } from "./ledger";

export function* setAuthoritativeCommission(orderRef: number, profitFen: number, refundProfitFen: number, ctx: LedgerContext, refundFen: number | null = null): Work<void> {
  const commissionFen = Math.max(0, profitFen - refundProfitFen);
  yield* exec(
    q.updateTable("orders")
      .set((eb) => ({ commissionFen, commissionSource: "profit", refundFen: eb.fn.coalesce(eb.val(refundFen), "refundFen"), updatedAt: ctx.at }))
      .where("id", "=", orderRef),
  );
  yield* syncOrderCommissions(orderRef, ctx);
}
