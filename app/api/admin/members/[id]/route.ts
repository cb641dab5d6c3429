import { adminRoute } from "@/lib/api/handler";
import { memberDetail } from "@/lib/accounts/admin";
import { MemberDetail } from "@/lib/contracts/members";

export const GET = adminRoute(async ({ params }) => memberDetail(params.id), { response: MemberDetail });
