import { memberRoute } from "@/lib/api/handler";
import { memberDailyEarnings } from "@/lib/earnings/portal";
import { DailyEarnings, DailyQuery } from "@/lib/contracts/earnings";

export const GET = memberRoute(async ({ user, query }) => memberDailyEarnings(user.id, query(DailyQuery).days), { response: DailyEarnings });
