-- CreateIndex
CREATE INDEX "commissions_beneficiaryId_status_availableAt_idx" ON "commissions"("beneficiaryId", "status", "availableAt");

