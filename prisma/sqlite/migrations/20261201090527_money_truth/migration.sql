-- AlterTable
ALTER TABLE "commissions" ADD COLUMN "causeEventId" INTEGER;
ALTER TABLE "commissions" ADD COLUMN "causeKind" TEXT;
ALTER TABLE "commissions" ADD COLUMN "causeRunId" INTEGER;
ALTER TABLE "commissions" ADD COLUMN "fromBaseFen" INTEGER;
ALTER TABLE "commissions" ADD COLUMN "toBaseFen" INTEGER;
ALTER TABLE "commissions" ADD COLUMN "withdrawalId" INTEGER;

-- CreateTable
CREATE TABLE "payout_accounts" (
    "memberId" TEXT NOT NULL PRIMARY KEY,
    "method" TEXT NOT NULL,
    "account" TEXT NOT NULL,
    "realName" TEXT NOT NULL,
    "bankName" TEXT,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "payout_batches" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "status" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "totalFen" INTEGER NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "paidById" TEXT,
    "paidAt" DATETIME
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_orders" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "platform" TEXT NOT NULL DEFAULT 'union',
    "orderId" TEXT NOT NULL,
    "sid" TEXT,
    "memberId" TEXT,
    "title" TEXT,
    "status" TEXT NOT NULL,
    "upstreamStatus" TEXT NOT NULL,
    "refundType" TEXT,
    "businessLine" INTEGER,
    "subBusinessLine" INTEGER,
    "actId" TEXT,
    "quantity" INTEGER,
    "payFen" INTEGER,
    "totalFen" INTEGER,
    "ratio" TEXT,
    "paidAt" DATETIME,
    "orderedAt" DATETIME,
    "occurredAt" DATETIME NOT NULL,
    "upstreamUpdatedAt" DATETIME,
    "statusRank" INTEGER NOT NULL,
    "flags" TEXT,
    "commissionFen" INTEGER,
    "commissionSource" TEXT,
    "completedAt" DATETIME,
    "refundFen" INTEGER,
    "gmvFen" INTEGER NOT NULL DEFAULT 0,
    "baseFen" INTEGER NOT NULL DEFAULT 0,
    "baseSource" TEXT NOT NULL DEFAULT 'none',
    "source" TEXT NOT NULL,
    "rawPayload" TEXT NOT NULL,
    "lastPushId" INTEGER,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "orders_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "users" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_orders" ("actId", "businessLine", "commissionFen", "commissionSource", "completedAt", "createdAt", "flags", "id", "lastPushId", "memberId", "occurredAt", "orderId", "orderedAt", "paidAt", "payFen", "platform", "quantity", "ratio", "rawPayload", "refundType", "sid", "source", "status", "statusRank", "subBusinessLine", "title", "totalFen", "updatedAt", "upstreamStatus", "upstreamUpdatedAt") SELECT "actId", "businessLine", "commissionFen", "commissionSource", "completedAt", "createdAt", "flags", "id", "lastPushId", "memberId", "occurredAt", "orderId", "orderedAt", "paidAt", "payFen", "platform", "quantity", "ratio", "rawPayload", "refundType", "sid", "source", "status", "statusRank", "subBusinessLine", "title", "totalFen", "updatedAt", "upstreamStatus", "upstreamUpdatedAt" FROM "orders";
DROP TABLE "orders";
ALTER TABLE "new_orders" RENAME TO "orders";
CREATE INDEX "orders_payFen_id_idx" ON "orders"("payFen", "id");
CREATE INDEX "orders_businessLine_occurredAt_id_idx" ON "orders"("businessLine", "occurredAt", "id");
CREATE INDEX "orders_memberId_occurredAt_id_idx" ON "orders"("memberId", "occurredAt", "id");
CREATE INDEX "orders_occurredAt_id_idx" ON "orders"("occurredAt", "id");
CREATE INDEX "orders_status_occurredAt_id_idx" ON "orders"("status", "occurredAt", "id");
CREATE INDEX "orders_sid_occurredAt_id_idx" ON "orders"("sid", "occurredAt", "id");
CREATE INDEX "orders_occurredAt_businessLine_gmvFen_baseFen_source_idx" ON "orders"("occurredAt", "businessLine", "gmvFen", "baseFen", "source");
CREATE UNIQUE INDEX "orders_platform_orderId_key" ON "orders"("platform", "orderId");
CREATE TABLE "new_withdrawals" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "memberId" TEXT NOT NULL,
    "amountFen" INTEGER NOT NULL,
    "method" TEXT NOT NULL,
    "account" TEXT NOT NULL,
    "realName" TEXT,
    "bankName" TEXT,
    "status" TEXT NOT NULL,
    "note" TEXT,
    "overrideReason" TEXT,
    "reviewedById" TEXT,
    "batchId" INTEGER,
    "legacy" BOOLEAN NOT NULL DEFAULT false,
    "requestedAt" DATETIME NOT NULL,
    "reviewedAt" DATETIME,
    "paidAt" DATETIME
);
INSERT INTO "new_withdrawals" ("account", "amountFen", "id", "memberId", "method", "note", "paidAt", "requestedAt", "reviewedAt", "reviewedById", "status") SELECT "account", "amountFen", "id", "memberId", "method", "note", "paidAt", "requestedAt", "reviewedAt", "reviewedById", "status" FROM "withdrawals";
DROP TABLE "withdrawals";
ALTER TABLE "new_withdrawals" RENAME TO "withdrawals";
CREATE INDEX "withdrawals_memberId_id_idx" ON "withdrawals"("memberId", "id");
CREATE INDEX "withdrawals_status_id_idx" ON "withdrawals"("status", "id");
CREATE INDEX "withdrawals_batchId_idx" ON "withdrawals"("batchId");
CREATE INDEX "withdrawals_legacy_idx" ON "withdrawals"("legacy");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "payout_batches_status_id_idx" ON "payout_batches"("status", "id");

-- CreateIndex
CREATE INDEX "commissions_withdrawalId_idx" ON "commissions"("withdrawalId");


-- Data: every existing order's money base, as orderMoneyBase (lib/earnings/base.ts) computes it. No refund amount
-- is known yet, so a partial refund counts its paid amount and the latest estimate or Meituan's profit until the
-- next reconciliation brings refundPrice; a full refund or risk counts 0.
UPDATE "orders" SET
  "gmvFen" = CASE WHEN "status" = 'risk' OR ("status" = 'refunded' AND COALESCE("refundType", '') <> '2') THEN 0 ELSE MAX(0, COALESCE("payFen", 0)) END,
  "baseFen" = CASE WHEN "status" = 'risk' OR ("status" = 'refunded' AND COALESCE("refundType", '') <> '2') THEN 0 ELSE MAX(0, COALESCE("commissionFen", 0)) END,
  "baseSource" = CASE WHEN "status" = 'risk' OR ("status" = 'refunded' AND COALESCE("refundType", '') <> '2') THEN 'lost' WHEN "commissionFen" IS NULL THEN 'none' ELSE COALESCE("commissionSource", 'estimate') END;

-- Data: withdrawals made before they reserved rows; lib/earnings/legacy.ts attaches their rows (pending and
-- approved ones get their reservations, paid ones the rows they paid), member by member.
UPDATE "withdrawals" SET "legacy" = 1 WHERE "status" IN ('pending', 'approved', 'paid');
