-- CreateTable
CREATE TABLE "short_links" (
    "code" TEXT NOT NULL PRIMARY KEY,
    "memberId" TEXT NOT NULL,
    "activityId" INTEGER NOT NULL,
    "linkType" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "link_clicks" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" DATETIME NOT NULL,
    "code" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "activityId" INTEGER NOT NULL,
    "linkType" TEXT NOT NULL,
    "uaClass" TEXT NOT NULL,
    "bot" BOOLEAN NOT NULL,
    "referrerHost" TEXT,
    "visitorHash" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "link_click_daily" (
    "day" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "activityId" INTEGER NOT NULL,
    "linkType" TEXT NOT NULL,
    "clicks" INTEGER NOT NULL,
    "botClicks" INTEGER NOT NULL,

    PRIMARY KEY ("day", "memberId", "activityId", "linkType")
);

-- CreateTable
CREATE TABLE "click_salts" (
    "day" TEXT NOT NULL PRIMARY KEY,
    "secret" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "short_links_memberId_activityId_linkType_key" ON "short_links"("memberId", "activityId", "linkType");

-- CreateIndex
CREATE INDEX "link_clicks_memberId_activityId_at_idx" ON "link_clicks"("memberId", "activityId", "at");

-- CreateIndex
CREATE INDEX "link_clicks_at_id_idx" ON "link_clicks"("at", "id");

-- CreateIndex
CREATE INDEX "link_click_daily_memberId_day_idx" ON "link_click_daily"("memberId", "day");

-- CreateIndex
CREATE INDEX "link_click_daily_activityId_day_idx" ON "link_click_daily"("activityId", "day");

