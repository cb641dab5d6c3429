import { memberRoute } from "@/lib/api/handler";
import { read } from "@/lib/reads";
import { DailyEarnings, DailyQuery } from "@/lib/contracts/earnings";

export const GET = memberRoute(async ({ user, query }) => read("memberDailyEarnings", user.id, query(DailyQuery).days), { response: DailyEarnings });
