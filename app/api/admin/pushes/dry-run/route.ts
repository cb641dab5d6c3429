import { adminRoute } from "@/lib/api/handler";
import { dryRunRange } from "@/lib/inbox/admin";
import { RangeBody, RangeResult } from "@/lib/contracts/inbox";

export const POST = adminRoute(async ({ body }) => dryRunRange(await body(RangeBody)), { response: RangeResult });
