-- CreateTable
CREATE TABLE "rollup_days" (
    "day" TEXT NOT NULL,
    "line" INTEGER NOT NULL,
    "orders" INTEGER NOT NULL DEFAULT 0,
    "syncOrders" INTEGER NOT NULL DEFAULT 0,
    "gmvFen" BIGINT NOT NULL DEFAULT 0,
    "baseFen" BIGINT NOT NULL DEFAULT 0,
    "memberFen" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "rollup_days_pkey" PRIMARY KEY ("day","line")
);

-- CreateTable
CREATE TABLE "rollup_member_days" (
    "day" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "earnedFen" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "rollup_member_days_pkey" PRIMARY KEY ("day","memberId")
);

