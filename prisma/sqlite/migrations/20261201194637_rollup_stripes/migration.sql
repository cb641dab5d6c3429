-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_rollup_days" (
    "day" TEXT NOT NULL,
    "line" INTEGER NOT NULL,
    "stripe" INTEGER NOT NULL DEFAULT 0,
    "orders" INTEGER NOT NULL DEFAULT 0,
    "syncOrders" INTEGER NOT NULL DEFAULT 0,
    "gmvFen" BIGINT NOT NULL DEFAULT 0,
    "baseFen" BIGINT NOT NULL DEFAULT 0,
    "memberFen" BIGINT NOT NULL DEFAULT 0,

    PRIMARY KEY ("day", "line", "stripe")
);
INSERT INTO "new_rollup_days" ("baseFen", "day", "gmvFen", "line", "memberFen", "orders", "syncOrders") SELECT "baseFen", "day", "gmvFen", "line", "memberFen", "orders", "syncOrders" FROM "rollup_days";
DROP TABLE "rollup_days";
ALTER TABLE "new_rollup_days" RENAME TO "rollup_days";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

