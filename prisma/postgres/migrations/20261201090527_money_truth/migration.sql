-- DropIndex
DROP INDEX "orders_occurredAt_businessLine_status_payFen_commissionFen__idx";

-- AlterTable
ALTER TABLE "commissions" ADD COLUMN     "causeEventId" INTEGER,
ADD COLUMN     "causeKind" TEXT,
ADD COLUMN     "causeRunId" INTEGER,
ADD COLUMN     "fromBaseFen" INTEGER,
ADD COLUMN     "toBaseFen" INTEGER,
ADD COLUMN     "withdrawalId" INTEGER;

-- AlterTable
ALTER TABLE "orders" ADD COLUMN     "baseFen" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "baseSource" TEXT NOT NULL DEFAULT 'none',
ADD COLUMN     "gmvFen" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "refundFen" INTEGER;

-- AlterTable
ALTER TABLE "withdrawals" ADD COLUMN     "bankName" TEXT,
ADD COLUMN     "batchId" INTEGER,
ADD COLUMN     "legacy" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "overrideReason" TEXT,
ADD COLUMN     "realName" TEXT;

-- CreateTable
CREATE TABLE "payout_accounts" (
    "memberId" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "account" TEXT NOT NULL,
    "realName" TEXT NOT NULL,
    "bankName" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "payout_accounts_pkey" PRIMARY KEY ("memberId")
);

-- CreateTable
CREATE TABLE "payout_batches" (
    "id" SERIAL NOT NULL,
    "status" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "totalFen" INTEGER NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "paidById" TEXT,
    "paidAt" TIMESTAMP(3),

    CONSTRAINT "payout_batches_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "payout_batches_status_id_idx" ON "payout_batches"("status", "id");

-- CreateIndex
CREATE INDEX "commissions_withdrawalId_idx" ON "commissions"("withdrawalId");

-- CreateIndex
CREATE INDEX "orders_occurredAt_businessLine_gmvFen_baseFen_source_idx" ON "orders"("occurredAt", "businessLine", "gmvFen", "baseFen", "source");

-- CreateIndex
CREATE INDEX "withdrawals_batchId_idx" ON "withdrawals"("batchId");

-- CreateIndex
CREATE INDEX "withdrawals_legacy_idx" ON "withdrawals"("legacy");


-- Data: every existing order's money base, as orderMoneyBase (lib/earnings/base.ts) computes it. No refund amount
-- is known yet, so a partial refund counts its paid amount and the latest estimate or Meituan's profit until the
-- next reconciliation brings refundPrice; a full refund or risk counts 0.
UPDATE "orders" SET
  "gmvFen" = CASE WHEN "status" = 'risk' OR ("status" = 'refunded' AND COALESCE("refundType", '') <> '2') THEN 0 ELSE GREATEST(0, COALESCE("payFen", 0)) END,
  "baseFen" = CASE WHEN "status" = 'risk' OR ("status" = 'refunded' AND COALESCE("refundType", '') <> '2') THEN 0 ELSE GREATEST(0, COALESCE("commissionFen", 0)) END,
  "baseSource" = CASE WHEN "status" = 'risk' OR ("status" = 'refunded' AND COALESCE("refundType", '') <> '2') THEN 'lost' WHEN "commissionFen" IS NULL THEN 'none' ELSE COALESCE("commissionSource", 'estimate') END;

-- Data: withdrawals made before they reserved rows; lib/earnings/legacy.ts attaches their rows (pending and
-- approved ones get their reservations, paid ones the rows they paid), member by member.
UPDATE "withdrawals" SET "legacy" = true WHERE "status" IN ('pending', 'approved', 'paid');
