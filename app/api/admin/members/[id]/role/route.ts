import { adminRoute } from "@/lib/api/handler";
import { setRole } from "@/lib/accounts/admin";
import { MemberChanged, RoleBody } from "@/lib/contracts/members";

export const POST = adminRoute(async ({ params, body, user }) => {
  const { role, reason } = await body(RoleBody);
  return setRole(params.id, role, reason, user.id);
}, { response: MemberChanged });
