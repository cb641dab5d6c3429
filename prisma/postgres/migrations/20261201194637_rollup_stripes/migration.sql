-- AlterTable
ALTER TABLE "rollup_days" DROP CONSTRAINT "rollup_days_pkey",
ADD COLUMN     "stripe" INTEGER NOT NULL DEFAULT 0,
ADD CONSTRAINT "rollup_days_pkey" PRIMARY KEY ("day", "line", "stripe");

