-- CreateTable
CREATE TABLE "activities" (
    "id" SERIAL NOT NULL,
    "actId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "businessLine" INTEGER,
    "description" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "activities_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "promotion_links" (
    "id" SERIAL NOT NULL,
    "memberId" TEXT NOT NULL,
    "activityId" INTEGER NOT NULL,
    "linkType" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "promotion_links_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "order_claims" (
    "id" SERIAL NOT NULL,
    "memberId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "claimedFen" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "reviewedById" TEXT,
    "reviewedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "order_claims_pkey" PRIMARY KEY ("id")
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

