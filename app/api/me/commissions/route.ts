import { memberRoute } from "@/lib/api/handler";
import { read } from "@/lib/reads";
import { CommissionPage, MemberCommissionQuery } from "@/lib/contracts/earnings";

export const GET = memberRoute(async ({ user, query }) => read("memberCommissions", user.id, query(MemberCommissionQuery)), { response: CommissionPage });
