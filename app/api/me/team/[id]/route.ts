import { memberRoute } from "@/lib/api/handler";
import { downlineDetail } from "@/lib/earnings/team";
import { Downline } from "@/lib/contracts/team";

export const GET = memberRoute(async ({ user, params }) => downlineDetail(user.id, params.id), { response: Downline });
