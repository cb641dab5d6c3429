-- CreateTable
CREATE TABLE "notifications" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "userId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "orderRef" INTEGER,
    "withdrawalId" INTEGER,
    "amountFen" INTEGER,
    "count" INTEGER,
    "level" INTEGER,
    "createdAt" DATETIME NOT NULL,
    "readAt" DATETIME,
    "dispatchedAt" DATETIME
);

-- CreateTable
CREATE TABLE "notification_mutes" (
    "userId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,

    PRIMARY KEY ("userId", "kind")
);

-- CreateTable
CREATE TABLE "notification_deliveries" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "dedupeKey" TEXT NOT NULL,
    "notificationId" INTEGER,
    "incidentId" INTEGER,
    "incidentState" TEXT,
    "channel" TEXT NOT NULL,
    "targetKey" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL,
    "leaseUntil" DATETIME,
    "lastError" TEXT,
    "sentAt" DATETIME,
    "createdAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "alert_incidents" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL,
    "openValue" INTEGER NOT NULL,
    "lastValue" INTEGER NOT NULL,
    "detail" TEXT,
    "openedAt" DATETIME NOT NULL,
    "resolvedAt" DATETIME
);

-- CreateTable
CREATE TABLE "alert_settings" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "signatureFailures" INTEGER NOT NULL,
    "failedPushes" INTEGER NOT NULL,
    "silenceHours" INTEGER NOT NULL,
    "withdrawalsWaiting" INTEGER NOT NULL,
    "jobFailures" INTEGER NOT NULL,
    "updatedAt" DATETIME NOT NULL
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

