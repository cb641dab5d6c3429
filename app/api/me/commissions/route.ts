import { memberRoute } from "@/lib/api/handler";
import { CommissionPageQuery, memberCommissions } from "@/lib/earnings/portal";

export const GET = memberRoute(async ({ user, query }) => memberCommissions(user.id, query(CommissionPageQuery)));
