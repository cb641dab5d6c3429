import { adminRoute } from "@/lib/api/handler";
import { reprocessFailed } from "@/lib/inbox/admin";
import { ReprocessFailedResult } from "@/lib/contracts/inbox";

export const POST = adminRoute(async ({ user }) => reprocessFailed(user.id), { response: ReprocessFailedResult });
