import { memberRoute } from "@/lib/api/handler";
import { memberSummary } from "@/lib/earnings/portal";

export const GET = memberRoute(async ({ user }) => memberSummary(user.id));
