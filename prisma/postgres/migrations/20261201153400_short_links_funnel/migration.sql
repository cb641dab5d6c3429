-- CreateTable
CREATE TABLE "short_links" (
    "code" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "activityId" INTEGER NOT NULL,
    "linkType" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "short_links_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "link_clicks" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "code" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "activityId" INTEGER NOT NULL,
    "linkType" TEXT NOT NULL,
    "uaClass" TEXT NOT NULL,
    "bot" BOOLEAN NOT NULL,
    "referrerHost" TEXT,
    "visitorHash" TEXT NOT NULL,

    CONSTRAINT "link_clicks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "link_click_daily" (
    "day" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "activityId" INTEGER NOT NULL,
    "linkType" TEXT NOT NULL,
    "clicks" INTEGER NOT NULL,
    "botClicks" INTEGER NOT NULL,

    CONSTRAINT "link_click_daily_pkey" PRIMARY KEY ("day","memberId","activityId","linkType")
);

-- CreateTable
CREATE TABLE "click_salts" (
    "day" TEXT NOT NULL,
    "secret" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "click_salts_pkey" PRIMARY KEY ("day")
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

