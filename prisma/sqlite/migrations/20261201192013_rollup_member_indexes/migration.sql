-- CreateIndex
CREATE INDEX "rollup_member_days_day_earnedFen_memberId_idx" ON "rollup_member_days"("day", "earnedFen", "memberId");

-- CreateIndex
CREATE INDEX "rollup_member_days_memberId_day_earnedFen_idx" ON "rollup_member_days"("memberId", "day", "earnedFen");

