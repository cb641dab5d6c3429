import { adminRoute } from "@/lib/api/handler";
import { searchMembers } from "@/lib/accounts/admin";
import { MemberPage, MemberSearchQuery } from "@/lib/contracts/members";

export const GET = adminRoute(async ({ query }) => searchMembers(query(MemberSearchQuery)), { response: MemberPage });
