import { adminRoute } from "@/lib/api/handler";
import { RoleBody, setRole } from "@/lib/accounts/admin";
import { MemberChanged } from "@/lib/contracts/members";

export const POST = adminRoute(async ({ params, body, user }) => {
  const { role, reason } = await body(RoleBody);
  return setRole(params.id, role, reason, user.id);
}, { response: MemberChanged });
