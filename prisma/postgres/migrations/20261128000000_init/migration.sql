-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "users" (
    "id" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "name" TEXT,
    "role" TEXT NOT NULL DEFAULT 'MEMBER',
    "sid" TEXT NOT NULL,
    "inviteCode" TEXT NOT NULL,
    "inviterId" TEXT,
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "orders" (
    "id" SERIAL NOT NULL,
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
    "paidAt" TIMESTAMP(3),
    "orderedAt" TIMESTAMP(3),
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "upstreamUpdatedAt" TIMESTAMP(3),
    "statusRank" INTEGER NOT NULL,
    "flags" TEXT,
    "source" TEXT NOT NULL,
    "rawPayload" TEXT NOT NULL,
    "lastPushId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "orders_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "order_events" (
    "id" SERIAL NOT NULL,
    "orderRef" INTEGER NOT NULL,
    "fromStatus" TEXT,
    "toStatus" TEXT NOT NULL,
    "upstreamStatus" TEXT NOT NULL,
    "refundType" TEXT,
    "source" TEXT NOT NULL,
    "applied" BOOLEAN NOT NULL,
    "reason" TEXT,
    "pushId" INTEGER,
    "upstreamUpdatedAt" TIMESTAMP(3),
    "dedupeKey" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "order_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inbox_pushes" (
    "id" SERIAL NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL,
    "remoteAddr" TEXT,
    "contentType" TEXT,
    "body" BYTEA NOT NULL,
    "bodyTruncated" BOOLEAN NOT NULL DEFAULT false,
    "signatureValid" BOOLEAN NOT NULL,
    "signVariant" TEXT,
    "orderId" TEXT,
    "outcome" TEXT NOT NULL,
    "error" TEXT,
    "processingMs" INTEGER,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "processedAt" TIMESTAMP(3),

    CONSTRAINT "inbox_pushes_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_username_key" ON "users"("username");

-- CreateIndex
CREATE UNIQUE INDEX "users_sid_key" ON "users"("sid");

-- CreateIndex
CREATE UNIQUE INDEX "users_inviteCode_key" ON "users"("inviteCode");

-- CreateIndex
CREATE INDEX "users_role_idx" ON "users"("role");

-- CreateIndex
CREATE INDEX "orders_memberId_occurredAt_id_idx" ON "orders"("memberId", "occurredAt", "id");

-- CreateIndex
CREATE INDEX "orders_occurredAt_id_idx" ON "orders"("occurredAt", "id");

-- CreateIndex
CREATE INDEX "orders_status_occurredAt_id_idx" ON "orders"("status", "occurredAt", "id");

-- CreateIndex
CREATE INDEX "orders_sid_idx" ON "orders"("sid");

-- CreateIndex
CREATE UNIQUE INDEX "orders_platform_orderId_key" ON "orders"("platform", "orderId");

-- CreateIndex
CREATE INDEX "order_events_orderRef_id_idx" ON "order_events"("orderRef", "id");

-- CreateIndex
CREATE UNIQUE INDEX "order_events_orderRef_dedupeKey_key" ON "order_events"("orderRef", "dedupeKey");

-- CreateIndex
CREATE INDEX "inbox_pushes_orderId_id_idx" ON "inbox_pushes"("orderId", "id");

-- CreateIndex
CREATE INDEX "inbox_pushes_outcome_id_idx" ON "inbox_pushes"("outcome", "id");

-- CreateIndex
CREATE INDEX "inbox_pushes_receivedAt_idx" ON "inbox_pushes"("receivedAt");

-- AddForeignKey
ALTER TABLE "orders" ADD CONSTRAINT "orders_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "order_events" ADD CONSTRAINT "order_events_orderRef_fkey" FOREIGN KEY ("orderRef") REFERENCES "orders"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
