import { memberRoute } from "@/lib/api/handler";
import { teamOrders } from "@/lib/earnings/team";
import { TeamOrderPage, TeamOrderQuery } from "@/lib/contracts/team";

export const GET = memberRoute(async ({ user, query }) => teamOrders(user.id, query(TeamOrderQuery)), { response: TeamOrderPage });
