import { memberRoute } from "@/lib/api/handler";
import { memberCommissions } from "@/lib/earnings/portal";
import { CommissionPage, MemberCommissionQuery } from "@/lib/contracts/earnings";

export const GET = memberRoute(async ({ user, query }) => memberCommissions(user.id, query(MemberCommissionQuery)), { response: CommissionPage });
