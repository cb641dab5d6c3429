-- AlterTable
ALTER TABLE "activities" ADD COLUMN     "imageUrl" TEXT,
ADD COLUMN     "posterTemplate" TEXT NOT NULL DEFAULT 'simple';

