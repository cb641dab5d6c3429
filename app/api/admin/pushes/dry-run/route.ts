import { adminRoute } from "@/lib/api/handler";
import { dryRunRange, RangeBody } from "@/lib/inbox/admin";

export const POST = adminRoute(async ({ body }) => dryRunRange(await body(RangeBody)));
