-- CreateTable
CREATE TABLE "notifications" (
    "id" SERIAL NOT NULL,
    "userId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "orderRef" INTEGER,
    "withdrawalId" INTEGER,
    "amountFen" INTEGER,
    "count" INTEGER,
    "level" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "readAt" TIMESTAMP(3),
    "dispatchedAt" TIMESTAMP(3),

    CONSTRAINT "notifications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_mutes" (
    "userId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,

    CONSTRAINT "notification_mutes_pkey" PRIMARY KEY ("userId","kind")
);

-- CreateTable
CREATE TABLE "notification_deliveries" (
    "id" SERIAL NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "notificationId" INTEGER,
    "incidentId" INTEGER,
    "incidentState" TEXT,
    "channel" TEXT NOT NULL,
    "targetKey" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL,
    "leaseUntil" TIMESTAMP(3),
    "lastError" TEXT,
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "notification_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_incidents" (
    "id" SERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "openValue" INTEGER NOT NULL,
    "lastValue" INTEGER NOT NULL,
    "detail" TEXT,
    "openedAt" TIMESTAMP(3) NOT NULL,
    "resolvedAt" TIMESTAMP(3),

    CONSTRAINT "alert_incidents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_settings" (
    "id" INTEGER NOT NULL,
    "signatureFailures" INTEGER NOT NULL,
    "failedPushes" INTEGER NOT NULL,
    "silenceHours" INTEGER NOT NULL,
    "withdrawalsWaiting" INTEGER NOT NULL,
    "jobFailures" INTEGER NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "alert_settings_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "notifications_userId_id_idx" ON "notifications"("userId", "id");

-- CreateIndex
CREATE INDEX "notifications_userId_readAt_idx" ON "notifications"("userId", "readAt");

-- CreateIndex
CREATE INDEX "notifications_dispatchedAt_id_idx" ON "notifications"("dispatchedAt", "id");

-- CreateIndex
CREATE UNIQUE INDEX "notifications_userId_dedupeKey_key" ON "notifications"("userId", "dedupeKey");

-- CreateIndex
CREATE UNIQUE INDEX "notification_deliveries_dedupeKey_key" ON "notification_deliveries"("dedupeKey");

-- CreateIndex
CREATE INDEX "notification_deliveries_status_nextAttemptAt_idx" ON "notification_deliveries"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "notification_deliveries_notificationId_idx" ON "notification_deliveries"("notificationId");

-- CreateIndex
CREATE INDEX "notification_deliveries_incidentId_idx" ON "notification_deliveries"("incidentId");

-- CreateIndex
CREATE INDEX "alert_incidents_kind_resolvedAt_idx" ON "alert_incidents"("kind", "resolvedAt");

-- CreateIndex
CREATE INDEX "alert_incidents_openedAt_idx" ON "alert_incidents"("openedAt");

