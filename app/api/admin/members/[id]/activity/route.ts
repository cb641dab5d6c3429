import { adminRoute } from "@/lib/api/handler";
import { MemberActivityQuery, memberActivity } from "@/lib/accounts/activity";
import { MemberActivityPage } from "@/lib/contracts/members";

export const GET = adminRoute(async ({ params, query }) => memberActivity(params.id, query(MemberActivityQuery)), { response: MemberActivityPage });
