import { memberRoute } from "@/lib/api/handler";
import { memberSummary } from "@/lib/earnings/portal";
import { Summary } from "@/lib/contracts/earnings";

export const GET = memberRoute(async ({ user }) => memberSummary(user.id), { response: Summary });
