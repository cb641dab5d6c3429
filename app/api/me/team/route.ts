import { memberRoute } from "@/lib/api/handler";
import { memberTeam } from "@/lib/earnings/portal";

export const GET = memberRoute(async ({ user }) => memberTeam(user.id));
