import { memberRoute } from "@/lib/api/handler";
import { MemberCommissionQuery, memberCommissions } from "@/lib/earnings/portal";

export const GET = memberRoute(async ({ user, query }) => memberCommissions(user.id, query(MemberCommissionQuery)));
