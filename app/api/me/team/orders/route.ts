import { memberRoute } from "@/lib/api/handler";
import { read } from "@/lib/reads";
import { TeamOrderPage, TeamOrderQuery } from "@/lib/contracts/team";

export const GET = memberRoute(async ({ user, query }) => read("teamOrders", user.id, query(TeamOrderQuery)), { response: TeamOrderPage });
