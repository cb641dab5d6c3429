import { adminRoute } from "@/lib/api/handler";
import { dryRunRange, RangeBody } from "@/lib/inbox/admin";
import { RangeResult } from "@/lib/contracts/inbox";

export const POST = adminRoute(async ({ body }) => dryRunRange(await body(RangeBody)), { response: RangeResult });
