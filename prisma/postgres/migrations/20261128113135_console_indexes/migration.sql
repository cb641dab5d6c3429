-- DropIndex
DROP INDEX "commissions_beneficiaryId_status_idx";

-- DropIndex
DROP INDEX "orders_sid_idx";

-- CreateIndex
CREATE INDEX "commissions_beneficiaryId_status_amountFen_idx" ON "commissions"("beneficiaryId", "status", "amountFen");

-- CreateIndex
CREATE INDEX "commissions_orderRef_status_amountFen_idx" ON "commissions"("orderRef", "status", "amountFen");

-- CreateIndex
CREATE INDEX "orders_sid_occurredAt_id_idx" ON "orders"("sid", "occurredAt", "id");

-- CreateIndex
CREATE INDEX "orders_occurredAt_businessLine_status_payFen_commissionFen__idx" ON "orders"("occurredAt", "businessLine", "status", "payFen", "commissionFen", "source");

