import { adminRoute } from "@/lib/api/handler";
import { MemberListQuery } from "@/lib/accounts/member-list";
import { read } from "@/lib/reads";
import { AdminMemberPage } from "@/lib/contracts/members";

export const GET = adminRoute(async ({ query }) => read("listMembers", query(MemberListQuery)), { response: AdminMemberPage });
