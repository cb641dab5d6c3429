import { memberRoute } from "@/lib/api/handler";
import { DailyQuery, memberDailyEarnings } from "@/lib/earnings/portal";
import { DailyEarnings } from "@/lib/contracts/earnings";

export const GET = memberRoute(async ({ user, query }) => memberDailyEarnings(user.id, query(DailyQuery).days), { response: DailyEarnings });
