import { adminRoute } from "@/lib/api/handler";
import { MemberSearchQuery, searchMembers } from "@/lib/accounts/admin";
import { MemberPage } from "@/lib/contracts/members";

export const GET = adminRoute(async ({ query }) => searchMembers(query(MemberSearchQuery)), { response: MemberPage });
