import { adminRoute } from "@/lib/api/handler";
import { MemberSearchQuery, searchMembers } from "@/lib/accounts/admin";

export const GET = adminRoute(async ({ query }) => searchMembers(query(MemberSearchQuery)));
