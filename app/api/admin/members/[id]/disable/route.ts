import { adminRoute } from "@/lib/api/handler";
import { ReasonBody, setDisabled } from "@/lib/accounts/admin";
import { MemberChanged } from "@/lib/contracts/members";

export const POST = adminRoute(async ({ params, body, user }) => setDisabled(params.id, true, (await body(ReasonBody)).reason, user.id), { response: MemberChanged });
