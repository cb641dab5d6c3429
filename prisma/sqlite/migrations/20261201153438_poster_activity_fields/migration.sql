-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_activities" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "actId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "businessLine" INTEGER,
    "description" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "imageUrl" TEXT,
    "posterTemplate" TEXT NOT NULL DEFAULT 'simple',
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_activities" ("actId", "businessLine", "createdAt", "description", "enabled", "id", "name", "updatedAt") SELECT "actId", "businessLine", "createdAt", "description", "enabled", "id", "name", "updatedAt" FROM "activities";
DROP TABLE "activities";
ALTER TABLE "new_activities" RENAME TO "activities";
CREATE UNIQUE INDEX "activities_actId_key" ON "activities"("actId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

