-- CreateTable
CREATE TABLE "member_balances" (
    "memberId" TEXT NOT NULL PRIMARY KEY,
    "balanceFen" BIGINT NOT NULL DEFAULT 0
);

-- CreateIndex
CREATE INDEX "member_balances_balanceFen_memberId_idx" ON "member_balances"("balanceFen", "memberId");


-- Every member's balance from the rows it adds up (lib/rollups/balances.ts keeps it from here on); every member
-- has a row, so the member list walks the index to sort by balance.
INSERT INTO "member_balances" ("memberId", "balanceFen")
SELECT "users"."id", COALESCE("moves"."fen", 0) FROM "users" LEFT JOIN (
    SELECT "memberId", SUM("fen") AS "fen" FROM (
        SELECT "beneficiaryId" AS "memberId", "amountFen" AS "fen" FROM "commissions" WHERE "status" IN ('available', 'reserved', 'withdrawn', 'clawback')
        UNION ALL
        SELECT "memberId", -"amountFen" AS "fen" FROM "withdrawals" WHERE "status" <> 'rejected'
    ) AS "rows" GROUP BY "memberId"
) AS "moves" ON "moves"."memberId" = "users"."id";
