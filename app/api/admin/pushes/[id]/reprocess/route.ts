import { adminRoute } from "@/lib/api/handler";
import { parseId } from "@/lib/api/params";
import { reprocessOne } from "@/lib/inbox/admin";
import { ReprocessResult } from "@/lib/contracts/inbox";

export const POST = adminRoute(async ({ params, user }) => reprocessOne(parseId(params.id, "推送"), user.id), { response: ReprocessResult });
