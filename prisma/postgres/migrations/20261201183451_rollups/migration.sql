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


-- The rollups of the orders already stored (afterwards the app keeps them; npm run rollups:rebuild recomputes them).
INSERT INTO "rollup_days" ("day", "line", "orders", "syncOrders", "gmvFen", "baseFen", "memberFen")
SELECT to_char(o."occurredAt" + interval '8 hours', 'YYYY-MM-DD'), COALESCE(o."businessLine", -1), COUNT(*), SUM(CASE WHEN o."source" = 'sync' THEN 1 ELSE 0 END), SUM(o."gmvFen"), SUM(o."baseFen"), 0
FROM "orders" o WHERE true GROUP BY 1, 2;

INSERT INTO "rollup_days" ("day", "line", "memberFen")
SELECT to_char(o."occurredAt" + interval '8 hours', 'YYYY-MM-DD'), COALESCE(o."businessLine", -1), SUM(c."amountFen")
FROM "orders" o JOIN "commissions" c ON c."orderRef" = o."id" WHERE c."status" <> 'void' GROUP BY 1, 2
ON CONFLICT ("day", "line") DO UPDATE SET "memberFen" = excluded."memberFen";

INSERT INTO "rollup_member_days" ("day", "memberId", "earnedFen")
SELECT to_char(o."occurredAt" + interval '8 hours', 'YYYY-MM-DD'), c."beneficiaryId", SUM(c."amountFen")
FROM "orders" o JOIN "commissions" c ON c."orderRef" = o."id" WHERE c."status" <> 'void' GROUP BY 1, 2;
