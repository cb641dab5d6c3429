import { adminRoute } from "@/lib/api/handler";
import { bulkApprove, BulkApproveBody } from "@/lib/earnings/admin";

export const POST = adminRoute(async ({ body, user }) => bulkApprove(await body(BulkApproveBody), user.id));
