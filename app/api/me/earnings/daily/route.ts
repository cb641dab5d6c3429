import { memberRoute } from "@/lib/api/handler";
import { DailyQuery, memberDailyEarnings } from "@/lib/earnings/portal";

export const GET = memberRoute(async ({ user, query }) => memberDailyEarnings(user.id, query(DailyQuery).days));
