import { memberRoute } from "@/lib/api/handler";
import { read } from "@/lib/reads";
import { Downline } from "@/lib/contracts/team";

export const GET = memberRoute(async ({ user, params }) => read("downlineDetail", user.id, params.id), { response: Downline });
