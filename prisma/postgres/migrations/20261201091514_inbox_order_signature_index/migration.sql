-- CreateIndex
CREATE INDEX "inbox_pushes_orderId_signatureValid_id_idx" ON "inbox_pushes"("orderId", "signatureValid", "id");

