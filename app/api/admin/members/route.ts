import { adminRoute } from "@/lib/api/handler";
import { MemberListQuery, listMembers } from "@/lib/accounts/member-list";
import { AdminMemberPage } from "@/lib/contracts/members";

export const GET = adminRoute(async ({ query }) => listMembers(query(MemberListQuery)), { response: AdminMemberPage });
