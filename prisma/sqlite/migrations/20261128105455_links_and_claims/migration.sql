-- CreateTable
CREATE TABLE "activities" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "actId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "businessLine" INTEGER,
    "description" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "promotion_links" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "memberId" TEXT NOT NULL,
    "activityId" INTEGER NOT NULL,
    "linkType" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "order_claims" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "memberId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "claimedFen" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "reviewedById" TEXT,
    "reviewedAt" DATETIME,
    "createdAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "activities_actId_key" ON "activities"("actId");

-- CreateIndex
CREATE UNIQUE INDEX "promotion_links_memberId_activityId_linkType_key" ON "promotion_links"("memberId", "activityId", "linkType");

-- CreateIndex
CREATE INDEX "order_claims_memberId_createdAt_idx" ON "order_claims"("memberId", "createdAt");

-- CreateIndex
CREATE INDEX "order_claims_status_id_idx" ON "order_claims"("status", "id");

-- CreateIndex
CREATE INDEX "order_claims_orderId_idx" ON "order_claims"("orderId");

