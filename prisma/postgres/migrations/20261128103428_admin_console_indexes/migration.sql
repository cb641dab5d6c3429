-- CreateIndex
CREATE INDEX "commissions_status_orderRef_idx" ON "commissions"("status", "orderRef");

-- CreateIndex
CREATE INDEX "orders_payFen_id_idx" ON "orders"("payFen", "id");

-- CreateIndex
CREATE INDEX "orders_businessLine_occurredAt_id_idx" ON "orders"("businessLine", "occurredAt", "id");

-- AddForeignKey
ALTER TABLE "commissions" ADD CONSTRAINT "commissions_orderRef_fkey" FOREIGN KEY ("orderRef") REFERENCES "orders"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

