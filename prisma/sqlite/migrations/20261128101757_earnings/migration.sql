-- AlterTable
ALTER TABLE "orders" ADD COLUMN "commissionFen" INTEGER;
ALTER TABLE "orders" ADD COLUMN "commissionSource" TEXT;
ALTER TABLE "orders" ADD COLUMN "completedAt" DATETIME;

-- CreateTable
CREATE TABLE "referral_paths" (
    "ancestorId" TEXT NOT NULL,
    "descendantId" TEXT NOT NULL,
    "depth" INTEGER NOT NULL,

    PRIMARY KEY ("ancestorId", "descendantId")
);

-- CreateTable
CREATE TABLE "commission_rules" (
    "version" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "levels" TEXT NOT NULL,
    "overrides" TEXT NOT NULL,
    "holdDays" INTEGER NOT NULL,
    "minWithdrawalFen" INTEGER NOT NULL,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "commissions" (
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
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "commission_events" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "commissionId" INTEGER NOT NULL,
    "orderRef" INTEGER NOT NULL,
    "fromStatus" TEXT,
    "toStatus" TEXT NOT NULL,
    "fromAmountFen" INTEGER,
    "toAmountFen" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "withdrawals" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "memberId" TEXT NOT NULL,
    "amountFen" INTEGER NOT NULL,
    "method" TEXT NOT NULL,
    "account" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "note" TEXT,
    "reviewedById" TEXT,
    "requestedAt" DATETIME NOT NULL,
    "reviewedAt" DATETIME,
    "paidAt" DATETIME
);

-- CreateTable
CREATE TABLE "audit_logs" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "actorId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "targetType" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "before" TEXT,
    "after" TEXT,
    "reason" TEXT,
    "at" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "referral_paths_descendantId_depth_idx" ON "referral_paths"("descendantId", "depth");

-- CreateIndex
CREATE INDEX "referral_paths_ancestorId_depth_idx" ON "referral_paths"("ancestorId", "depth");

-- CreateIndex
CREATE INDEX "commissions_beneficiaryId_status_idx" ON "commissions"("beneficiaryId", "status");

-- CreateIndex
CREATE INDEX "commissions_beneficiaryId_createdAt_id_idx" ON "commissions"("beneficiaryId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "commissions_status_availableAt_idx" ON "commissions"("status", "availableAt");

-- CreateIndex
CREATE UNIQUE INDEX "commissions_orderRef_level_key_key" ON "commissions"("orderRef", "level", "key");

-- CreateIndex
CREATE INDEX "commission_events_commissionId_id_idx" ON "commission_events"("commissionId", "id");

-- CreateIndex
CREATE INDEX "commission_events_orderRef_id_idx" ON "commission_events"("orderRef", "id");

-- CreateIndex
CREATE INDEX "withdrawals_memberId_id_idx" ON "withdrawals"("memberId", "id");

-- CreateIndex
CREATE INDEX "withdrawals_status_id_idx" ON "withdrawals"("status", "id");

-- CreateIndex
CREATE INDEX "audit_logs_targetType_targetId_id_idx" ON "audit_logs"("targetType", "targetId", "id");

-- CreateIndex
CREATE INDEX "audit_logs_actorId_id_idx" ON "audit_logs"("actorId", "id");

-- CreateIndex
CREATE INDEX "audit_logs_at_idx" ON "audit_logs"("at");


-- The default commission rules (version 1): 50% / 10% / 5% of our commission, 15 days' hold, ¥10.00 minimum.
INSERT INTO "commission_rules" ("version", "levels", "overrides", "holdDays", "minWithdrawalFen", "createdById", "createdAt")
VALUES (1, '[{"level":0,"rateBps":5000},{"level":1,"rateBps":1000},{"level":2,"rateBps":500}]', '[]', 15, 1000, NULL, '2026-11-28T00:00:00.000+00:00');

-- The referral closure for members who registered before it existed.
INSERT INTO "referral_paths" ("ancestorId", "descendantId", "depth")
WITH RECURSIVE chain ("ancestorId", "descendantId", "depth") AS (
  SELECT "id", "id", 0 FROM "users"
  UNION ALL
  SELECT u."inviterId", c."descendantId", c."depth" + 1 FROM chain c JOIN "users" u ON u."id" = c."ancestorId"
  WHERE u."inviterId" IS NOT NULL AND c."depth" < 64
)
SELECT "ancestorId", "descendantId", "depth" FROM chain;
