-- DropIndex
DROP INDEX "rollup_member_days_memberId_day_earnedFen_idx";

-- CreateTable
CREATE TABLE "rollup_member_changes" (
    "day" TEXT NOT NULL,
    "stripe" INTEGER NOT NULL DEFAULT 0,
    "changes" BIGINT NOT NULL DEFAULT 0,

    PRIMARY KEY ("day", "stripe")
);

