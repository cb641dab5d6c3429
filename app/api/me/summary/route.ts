import { memberRoute } from "@/lib/api/handler";
import { read } from "@/lib/reads";
import { Summary } from "@/lib/contracts/earnings";

export const GET = memberRoute(async ({ user }) => read("memberSummary", user.id), { response: Summary });
