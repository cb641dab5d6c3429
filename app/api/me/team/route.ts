import { memberRoute } from "@/lib/api/handler";
import { read } from "@/lib/reads";
import { Team } from "@/lib/contracts/earnings";

export const GET = memberRoute(async ({ user }) => read("memberTeam", user.id), { response: Team });
