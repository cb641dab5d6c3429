import { memberRoute } from "@/lib/api/handler";
import { memberTeam } from "@/lib/earnings/portal";
import { Team } from "@/lib/contracts/earnings";

export const GET = memberRoute(async ({ user }) => memberTeam(user.id), { response: Team });
