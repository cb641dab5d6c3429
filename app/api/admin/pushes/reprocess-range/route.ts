import { adminRoute } from "@/lib/api/handler";
import { reprocessRangeNow } from "@/lib/inbox/admin";
import { RangeBody, RangeResult } from "@/lib/contracts/inbox";

export const POST = adminRoute(async ({ body, user }) => reprocessRangeNow(await body(RangeBody), user.id), { response: RangeResult });
