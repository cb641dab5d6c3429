import { adminRoute } from "@/lib/api/handler";
import { read } from "@/lib/reads";
import { MemberDetail } from "@/lib/contracts/members";

export const GET = adminRoute(async ({ params }) => read("memberDetail", params.id), { response: MemberDetail });
