-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_commissions" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "orderRef" INTEGER NOT NULL,
    "beneficiaryId" TEXT NOT NULL,
    "level" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "baseFen" INTEGER NOT NULL,
    "rateBps" INTEGER NOT NULL,
    "amountFen" INTEGER NOT NULL,
    "ruleVersion" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "availableAt" DATETIME,
    "reason" TEXT,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "commissions_orderRef_fkey" FOREIGN KEY ("orderRef") REFERENCES "orders" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_commissions" ("amountFen", "availableAt", "baseFen", "beneficiaryId", "createdAt", "id", "key", "level", "orderRef", "rateBps", "reason", "ruleVersion", "status", "updatedAt") SELECT "amountFen", "availableAt", "baseFen", "beneficiaryId", "createdAt", "id", "key", "level", "orderRef", "rateBps", "reason", "ruleVersion", "status", "updatedAt" FROM "commissions";
DROP TABLE "commissions";
ALTER TABLE "new_commissions" RENAME TO "commissions";
CREATE INDEX "commissions_beneficiaryId_status_idx" ON "commissions"("beneficiaryId", "status");
CREATE INDEX "commissions_beneficiaryId_createdAt_id_idx" ON "commissions"("beneficiaryId", "createdAt", "id");
CREATE INDEX "commissions_status_availableAt_idx" ON "commissions"("status", "availableAt");
CREATE INDEX "commissions_status_orderRef_idx" ON "commissions"("status", "orderRef");
CREATE UNIQUE INDEX "commissions_orderRef_level_key_key" ON "commissions"("orderRef", "level", "key");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "orders_payFen_id_idx" ON "orders"("payFen", "id");

-- CreateIndex
CREATE INDEX "orders_businessLine_occurredAt_id_idx" ON "orders"("businessLine", "occurredAt", "id");

