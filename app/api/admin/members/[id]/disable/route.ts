import { adminRoute } from "@/lib/api/handler";
import { setDisabled } from "@/lib/accounts/admin";
import { MemberChanged, ReasonBody } from "@/lib/contracts/members";

export const POST = adminRoute(async ({ params, body, user }) => setDisabled(params.id, true, (await body(ReasonBody)).reason, user.id), { response: MemberChanged });
